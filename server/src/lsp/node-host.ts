/**
 * The engine's FileHost over the real file system, for the language server. Paths are absolute
 * POSIX paths (see paths.ts). Errors (permissions, races with deletes) read as "not there":
 * a file the server cannot read is simply not audited.
 */
import { promises as fs } from 'node:fs';
import type { DirectoryEntry, FileHost } from '../engine/core/host';

export class LspFileHost implements FileHost {
  async readFile(path: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  async fileSize(path: string): Promise<number | undefined> {
    try {
      const stat = await fs.stat(path);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    try {
      const entries = await fs.readdir(path, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
    } catch {
      return [];
    }
  }
}
