/**
 * A parser for git's machine-readable blame formats, one function for all three:
 *
 * - `--porcelain`: a header `<sha> <orig> <final> [<count>]` per line, commit metadata only the
 *   first time a commit appears, then the line's content prefixed with a TAB;
 * - `--line-porcelain`: the same with the metadata repeated on every line;
 * - `--incremental`: a header per group of `<count>` lines, no content, each group ends with
 *   `filename`, groups in no particular order.
 *
 * A header followed by a TAB line is one line (porcelain); a header whose entry ends without one
 * covers `<count>` lines (incremental). Metadata seen once is remembered per commit, because both
 * formats print it only on first sight. Unknown keys are ignored (git may add some).
 */
import type { BlameCommit, BlameLine } from './types';
import { UNCOMMITTED_SHA_PATTERN } from './types';

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (\d+) (\d+)(?: (\d+))?$/;

export interface BlameParse {
  /** By final line number, ascending. */
  lines: BlameLine[];
  commits: Map<string, BlameCommit>;
}

interface Pending {
  sha: string;
  originalLine: number;
  finalLine: number;
  count: number;
  filename?: string;
}

export function parseBlame(output: string): BlameParse {
  const commits = new Map<string, BlameCommit>();
  const lastFilename = new Map<string, string>();
  const byLine = new Map<number, BlameLine>();
  let pending: Pending | undefined;

  const commitFor = (sha: string): BlameCommit => {
    let commit = commits.get(sha);
    if (!commit) {
      commit = {
        sha,
        author: '',
        authorMail: '',
        authorTime: 0,
        authorTz: '+0000',
        committer: '',
        committerMail: '',
        committerTime: 0,
        committerTz: '+0000',
        summary: '',
        boundary: false,
      };
      commits.set(sha, commit);
    }
    return commit;
  };

  const flush = (lineCount: number) => {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    const commit = commitFor(p.sha);
    const filename = p.filename ?? lastFilename.get(p.sha) ?? '';
    for (let i = 0; i < lineCount; i++) {
      byLine.set(p.finalLine + i, { line: p.finalLine + i, originalLine: p.originalLine + i, filename, commit });
    }
  };

  // Split on LF only: a CR belongs to the content (or to a name) and git never emits CRLF here.
  const rows = output.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.charCodeAt(0) === 9 /* TAB */) {
      // Porcelain content: the pending header is exactly one line.
      flush(1);
      continue;
    }
    const header = HEADER.exec(row);
    if (header) {
      // A previous entry without content was an incremental group.
      if (pending) flush(pending.count);
      pending = { sha: header[1], originalLine: Number(header[2]), finalLine: Number(header[3]), count: header[4] ? Number(header[4]) : 1 };
      commitFor(header[1]);
      continue;
    }
    if (!pending || row === '') continue;
    const space = row.indexOf(' ');
    const key = space < 0 ? row : row.slice(0, space);
    const value = space < 0 ? '' : row.slice(space + 1);
    const commit = commitFor(pending.sha);
    switch (key) {
      case 'author':
        commit.author = value;
        break;
      case 'author-mail':
        commit.authorMail = stripAngles(value);
        break;
      case 'author-time':
        commit.authorTime = Number(value) || 0;
        break;
      case 'author-tz':
        commit.authorTz = value;
        break;
      case 'committer':
        commit.committer = value;
        break;
      case 'committer-mail':
        commit.committerMail = stripAngles(value);
        break;
      case 'committer-time':
        commit.committerTime = Number(value) || 0;
        break;
      case 'committer-tz':
        commit.committerTz = value;
        break;
      case 'summary':
        commit.summary = value;
        break;
      case 'boundary':
        commit.boundary = true;
        break;
      case 'previous': {
        const cut = value.indexOf(' ');
        if (cut > 0) commit.previous = { sha: value.slice(0, cut), path: unquotePath(value.slice(cut + 1)) };
        break;
      }
      case 'filename':
        pending.filename = unquotePath(value);
        lastFilename.set(pending.sha, pending.filename);
        break;
      default:
        break;
    }
  }
  if (pending) flush(pending.count);

  const lines = [...byLine.values()].sort((a, b) => a.line - b.line);
  return { lines, commits };
}

export function isUncommitted(commit: Pick<BlameCommit, 'sha'>): boolean {
  return UNCOMMITTED_SHA_PATTERN.test(commit.sha);
}

function stripAngles(value: string): string {
  return value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
}

/**
 * git quotes paths with unusual bytes (`"dir/\303\251.tf"`) unless core.quotePath=false (the
 * runner sets it); decode the C-style quoting anyway so a user's config cannot break the parse.
 */
export function unquotePath(value: string): string {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return value;
  const bytes: number[] = [];
  const body = value.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      for (const b of new TextEncoder().encode(ch)) bytes.push(b);
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && /[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4))![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else if (next !== undefined && next in simple) {
      bytes.push(simple[next]);
      i++;
    } else {
      bytes.push(92);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
