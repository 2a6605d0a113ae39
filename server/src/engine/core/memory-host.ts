/**
 * A FileHost over an in-memory map of path -> text. Used by tests, policy fixtures, and by
 * the language server for documents that exist only in the editor (untitled, virtual fs).
 */
import type { DirectoryEntry, FileHost } from './host';
import { posixPath } from './host';

export class MemoryFileHost implements FileHost {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(posixPath.normalize(path), text);
  }

  set(path: string, text: string): void {
    this.files.set(posixPath.normalize(path), text);
  }

  delete(path: string): void {
    this.files.delete(posixPath.normalize(path));
  }

  async readFile(path: string): Promise<string | undefined> {
    return this.files.get(posixPath.normalize(path));
  }

  async fileSize(path: string): Promise<number | undefined> {
    return this.files.get(posixPath.normalize(path))?.length;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = posixPath.normalize(path);
    const prefix = dir === '.' ? '' : dir.endsWith('/') ? dir : dir + '/';
    const entries = new Map<string, DirectoryEntry>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!name) continue;
      const isDirectory = slash >= 0;
      entries.set(name, { name, isDirectory, isFile: !isDirectory });
    }
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
