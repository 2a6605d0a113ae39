/**
 * A FileHost over node:fs for the CLI and the language server. Paths are POSIX strings, relative
 * to `root` or absolute. Unreadable entries are reported as absent (the engine then skips them)
 * rather than thrown: one unreadable file must not stop a scan.
 *
 * Symbolic links to files are followed; links to directories are not (they can form cycles and
 * would scan the same module twice).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DirectoryEntry, FileHost } from '../engine/core/host';

export class NodeFileHost implements FileHost {
  readonly root: string;

  constructor(root: string = process.cwd()) {
    this.root = path.resolve(root);
  }

  /** The native absolute path of an engine path. */
  resolve(p: string): string {
    return path.resolve(this.root, p);
  }

  /** The engine path (POSIX, relative to the root when inside it or reachable by `..`) of a native path. */
  toEnginePath(native: string): string {
    const absolute = path.resolve(this.root, native);
    const relative = path.relative(this.root, absolute);
    // A different drive (Windows) cannot be made relative: keep it absolute.
    if (path.isAbsolute(relative)) return absolute.split(path.sep).join('/');
    return relative === '' ? '.' : relative.split(path.sep).join('/');
  }

  async readFile(p: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.resolve(p), 'utf8');
    } catch {
      return undefined;
    }
  }

  async fileSize(p: string): Promise<number | undefined> {
    try {
      const stat = await fs.stat(this.resolve(p));
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  async readDirectory(p: string): Promise<DirectoryEntry[]> {
    const dir = this.resolve(p);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const out: DirectoryEntry[] = [];
    for (const entry of entries) {
      if (entry.isSymbolicLink()) {
        try {
          const stat = await fs.stat(path.join(dir, entry.name));
          if (stat.isFile()) out.push({ name: entry.name, isDirectory: false, isFile: true });
        } catch {
          // A dangling link is not a file.
        }
        continue;
      }
      out.push({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** 'file', 'directory' or undefined (missing / unreadable), for argument checking. */
  async kind(p: string): Promise<'file' | 'directory' | undefined> {
    try {
      const stat = await fs.stat(this.resolve(p));
      return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }
}
