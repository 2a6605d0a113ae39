/**
 * How the engine reaches files without Node APIs, so the same engine runs in the CLI (Node fs),
 * the language server (open documents first, then disk) and a browser worker (virtual fs).
 * Paths are POSIX-style strings; the host decides what they are relative to.
 */
export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

export interface FileHost {
  /** The file's text, or undefined if it does not exist or cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** Size in bytes, or undefined if the file does not exist. */
  fileSize?(path: string): Promise<number | undefined>;
  /** Entries of a directory, or [] if it does not exist. */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
}

/** Minimal POSIX path helpers (no `node:path`, which the browser lacks). */
export const posixPath = {
  dirname(p: string): string {
    const i = p.lastIndexOf('/');
    if (i < 0) return '.';
    if (i === 0) return '/';
    return p.slice(0, i);
  },
  basename(p: string): string {
    return p.slice(p.lastIndexOf('/') + 1);
  },
  join(...parts: string[]): string {
    return posixPath.normalize(parts.filter((x) => x !== '').join('/'));
  },
  normalize(p: string): string {
    const absolute = p.startsWith('/');
    const out: string[] = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!absolute) out.push('..');
      } else out.push(seg);
    }
    const joined = out.join('/');
    return absolute ? '/' + joined : joined || '.';
  },
  extname(p: string): string {
    const base = posixPath.basename(p);
    const i = base.lastIndexOf('.');
    return i <= 0 ? '' : base.slice(i);
  },
};
