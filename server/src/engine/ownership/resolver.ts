/**
 * Owners of findings (and of suppression comments, for the ledger): one `git blame` per file over
 * just the lines asked for, CODEOWNERS parsed once per repository. Callers ask lazily (a hover, a
 * report), never on the keystroke path; the GitPort caches blame by file and content.
 */
import type { SourceRange } from '../core/range';
import { parseCodeowners, ownersOf, type Codeowners } from './codeowners';
import { ownerFromBlame } from './owner';
import type { BlameLine, FindingOwner, GitPort, Identity, LineSpan, RepositoryInfo } from './types';

/** Something with a place in a file: a finding, a suppression directive. */
export interface Located {
  file: string;
  range: SourceRange;
}

export class OwnershipResolver {
  private readonly codeowners = new Map<string, { text: string; parsed: Codeowners }>();
  /** Per repository root: the local identity can differ between repositories. */
  private readonly identities = new Map<string, Promise<Identity | null>>();

  constructor(private readonly git: GitPort) {}

  /**
   * The owner of each item, null when its file is outside a repository or git is unavailable.
   * `texts` gives the current content of a file (an editor buffer) when it differs from the disk.
   */
  async ownersOf<T extends Located>(items: readonly T[], texts?: (file: string) => string | undefined): Promise<Map<T, FindingOwner | null>> {
    const out = new Map<T, FindingOwner | null>();
    const byFile = new Map<string, T[]>();
    for (const item of items) {
      const list = byFile.get(item.file);
      if (list) list.push(item);
      else byFile.set(item.file, [item]);
    }
    for (const [file, list] of byFile) {
      const owners = await this.ownersInFile(file, list, texts?.(file));
      for (const item of list) out.set(item, owners.get(item) ?? null);
    }
    return out;
  }

  async ownerOf(item: Located, text?: string): Promise<FindingOwner | null> {
    return (await this.ownersInFile(item.file, [item], text)).get(item) ?? null;
  }

  /** The CODEOWNERS owners of a file alone (no blame). */
  async codeownersOf(file: string): Promise<string[] | null> {
    const repo = await this.git.repository(file);
    return repo ? ownersOf(this.parsedCodeowners(repo), repo.relativePath) : null;
  }

  private async ownersInFile<T extends Located>(file: string, items: readonly T[], text: string | undefined): Promise<Map<T, FindingOwner | null>> {
    const out = new Map<T, FindingOwner | null>();
    const repo = await this.git.repository(file);
    if (!repo) return out;
    const spans = mergeSpans(items.map((item) => spanOf(item.range)));
    const lines = await this.git.blame(file, spans, text);
    if (!lines) return out;
    const byLine = new Map<number, BlameLine>(lines.map((l) => [l.line, l]));
    const codeowners = ownersOf(this.parsedCodeowners(repo), repo.relativePath);
    let identity: Identity | null | undefined;
    for (const item of items) {
      const span = spanOf(item.range);
      const covered: BlameLine[] = [];
      for (let line = span.start; line <= span.end; line++) {
        const blamed = byLine.get(line);
        if (blamed) covered.push(blamed);
      }
      if (!covered.length) continue;
      if (identity === undefined && covered.some((l) => /^0+$/.test(l.commit.sha))) identity = await this.identity(repo.root, file);
      out.set(item, ownerFromBlame(covered, [...codeowners], identity ?? null));
    }
    return out;
  }

  private identity(root: string, file: string): Promise<Identity | null> {
    let promise = this.identities.get(root);
    if (!promise) {
      promise = this.git.identity(file);
      this.identities.set(root, promise);
    }
    return promise;
  }

  private parsedCodeowners(repo: RepositoryInfo): Codeowners | null {
    if (!repo.codeowners) return null;
    const cached = this.codeowners.get(repo.root);
    if (cached && cached.text === repo.codeowners.text) return cached.parsed;
    const parsed = parseCodeowners(repo.codeowners.text);
    this.codeowners.set(repo.root, { text: repo.codeowners.text, parsed });
    return parsed;
  }
}

/**
 * The 1-based lines a range covers. A range that ends at column 0 of a line does not cover that
 * line (a resource's range often ends just past its closing brace's line break).
 */
export function spanOf(range: SourceRange): LineSpan {
  const start = range.start.line + 1;
  let end = range.end.line + 1;
  if (end > start && range.end.column === 0) end--;
  return { start, end };
}

/** Sorted, overlapping or touching spans merged: fewer `-L` arguments for git. */
export function mergeSpans(spans: readonly LineSpan[]): LineSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: LineSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}
