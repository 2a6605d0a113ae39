/**
 * The engine's GitPort over the `git` executable.
 *
 * - Always `spawn` with an argument array (never a shell): paths and buffers are data, not code.
 * - `git blame --porcelain -w --contents - -L a,b -- file` with the text on stdin, so an editor's
 *   unsaved buffer is blamed as it is (edited lines come back "not committed yet").
 * - `.git-blame-ignore-revs` at the repository root is honoured (`--ignore-revs-file`), so mass
 *   reformatting commits do not take the blame.
 * - Results are cached per file, content hash and repository state (HEAD, the branch ref and the
 *   reflog, by stat: a commit or checkout invalidates them), and per line, so hovering again costs
 *   nothing and a blame runs only for lines not asked before.
 * - Quiet degradation: git missing, a file outside any repository, a timeout or any git error
 *   resolves to null (no owner), never to an exception. A file git does not track yet, or a
 *   repository without commits, is "uncommitted" line by line.
 * - At most MAX_PARALLEL git processes at once.
 *
 * Callers decide whether git may run at all: in an untrusted workspace the language server does
 * not construct this class (a repository's config can make git run programs).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBlame } from '../engine/ownership/blame';
import { CODEOWNERS_LOCATIONS } from '../engine/ownership/codeowners';
import { mergeSpans } from '../engine/ownership/resolver';
import type { BlameCommit, BlameLine, GitPort, Identity, LineSpan, RepositoryInfo } from '../engine/ownership/types';

const MAX_PARALLEL = 4;
const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_CACHED_FILES = 256;
/** GitHub ignores CODEOWNERS files of 3 MB or more. */
const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;
const ZERO_SHA = '0'.repeat(40);

export interface GitRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The executable could not be started (not installed, not on PATH). */
  missing: boolean;
}

export interface NodeGitOptions {
  /** Native absolute path of an engine path (the CLI's paths are relative to its cwd). */
  resolve?: (enginePath: string) => string;
  /** The git executable (default `git` on PATH). */
  gitPath?: string;
  timeoutMs?: number;
  /** Extra environment for git (tests pin HOME and the like). */
  env?: NodeJS.ProcessEnv;
}

export class NodeGit implements GitPort {
  private missing = false;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly toplevels = new Map<string, Promise<string | null>>();
  /** Repository root -> its git directories, for the repository-state stamp. */
  private readonly gitDirs = new Map<string, { gitDir: string; commonDir: string }>();
  private readonly identities = new Map<string, Promise<Identity | null>>();
  private readonly codeowners = new Map<string, { stamp: string; value: RepositoryInfo['codeowners'] }>();
  /** content key -> blamed lines (insertion order = LRU order). */
  private readonly blames = new Map<string, Map<number, BlameLine>>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** How many git processes this instance started (tests and benchmarks read it). */
  processes = 0;

  constructor(private readonly options: NodeGitOptions = {}) {}

  /** Forget cached blame and repository roots (e.g. after a commit or checkout). */
  clear(): void {
    this.blames.clear();
    this.toplevels.clear();
    this.codeowners.clear();
    this.identities.clear();
  }

  async repository(file: string): Promise<RepositoryInfo | null> {
    const absolute = this.native(file);
    const dir = realDir(path.dirname(absolute));
    if (!dir) return null;
    const root = await this.toplevel(dir);
    if (!root) return null;
    const relative = path.relative(root, path.join(dir, path.basename(absolute)));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return { root, relativePath: relative.split(path.sep).join('/'), codeowners: await this.readCodeowners(root) };
  }

  async blame(file: string, spans: LineSpan[], text?: string): Promise<BlameLine[] | null> {
    const repo = await this.repository(file);
    if (!repo) return null;
    let content = text;
    if (content === undefined) {
      try {
        content = await fs.readFile(this.native(file), 'utf8');
      } catch {
        return null;
      }
    }
    const lineCount = countLines(content);
    const wanted = mergeSpans(
      spans.map((s) => ({ start: Math.max(1, s.start), end: Math.min(lineCount, s.end) })).filter((s) => s.start <= s.end),
    );
    if (!wanted.length) return [];
    const key = `${repo.root}\u0000${repo.relativePath}\u0000${createHash('sha1').update(content).digest('hex')}\u0000${await this.stateStamp(repo.root)}`;
    let cached = this.blames.get(key);
    if (cached) {
      // Refresh its LRU position.
      this.blames.delete(key);
      this.blames.set(key, cached);
    } else {
      cached = new Map();
      this.remember(key, cached);
    }
    const missing = missingSpans(wanted, cached);
    if (missing.length) {
      const flightKey = `${key}\u0000${missing.map((s) => `${s.start},${s.end}`).join(';')}`;
      let flight = this.inflight.get(flightKey) as Promise<BlameLine[] | null> | undefined;
      if (!flight) {
        flight = this.runBlame(repo, missing, content).finally(() => this.inflight.delete(flightKey));
        this.inflight.set(flightKey, flight);
      }
      const lines = await flight;
      if (!lines) return null;
      for (const line of lines) cached.set(line.line, line);
    }
    const out: BlameLine[] = [];
    for (const span of wanted) for (let n = span.start; n <= span.end; n++) {
      const line = cached.get(n);
      if (line) out.push(line);
    }
    return out;
  }

  async identity(file?: string): Promise<Identity | null> {
    const dir = file ? realDir(path.dirname(this.native(file))) ?? process.cwd() : process.cwd();
    let promise = this.identities.get(dir);
    if (!promise) {
      promise = this.readIdentity(dir);
      this.identities.set(dir, promise);
    }
    return promise;
  }

  /** Runs git with an argument array; never throws. */
  async run(args: string[], stdin?: string): Promise<GitRunResult> {
    if (this.missing) return { code: null, stdout: '', stderr: '', missing: true };
    await this.slot();
    try {
      return await this.spawnGit(args, stdin);
    } finally {
      this.release();
    }
  }

  // ---------------------------------------------------------------- internals

  private native(file: string): string {
    return path.resolve(this.options.resolve ? this.options.resolve(file) : file);
  }

  private toplevel(dir: string): Promise<string | null> {
    let promise = this.toplevels.get(dir);
    if (!promise) {
      promise = this.run(['-C', dir, 'rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir']).then(async (r) => {
        // git before 2.31 has no --path-format: ask for the top level alone (no state stamp then).
        if (r.code !== 0 && /path-format|unknown option|--show-toplevel/i.test(r.stderr)) r = await this.run(['-C', dir, 'rev-parse', '--show-toplevel']);
        if (r.code !== 0) return null;
        const [top, gitDir, commonDir] = r.stdout.split(/\r?\n/);
        const root = top ? realDir(path.resolve(top)) : null;
        if (root && gitDir && commonDir) this.gitDirs.set(root, { gitDir, commonDir });
        return root;
      });
      this.toplevels.set(dir, promise);
    }
    return promise;
  }

  /**
   * A cheap fingerprint of HEAD (stat and content of HEAD, the ref it names, packed-refs and the
   * reflog): it changes on commit, checkout, reset or rebase, so cached blame is not served after.
   */
  private async stateStamp(root: string): Promise<string> {
    const dirs = this.gitDirs.get(root);
    if (!dirs) return '';
    const parts: string[] = [];
    const stamp = async (file: string) => {
      try {
        const s = await fs.stat(file);
        parts.push(`${s.mtimeMs}:${s.size}`);
      } catch {
        parts.push('-');
      }
    };
    let head = '';
    try {
      head = (await fs.readFile(path.join(dirs.gitDir, 'HEAD'), 'utf8')).trim();
    } catch {
      // unreadable: the other stats still change on a commit
    }
    parts.push(head);
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (ref) await stamp(path.join(dirs.commonDir, ...ref.split('/')));
    await stamp(path.join(dirs.commonDir, 'packed-refs'));
    await stamp(path.join(dirs.gitDir, 'logs', 'HEAD'));
    return parts.join('|');
  }

  private async readCodeowners(root: string): Promise<RepositoryInfo['codeowners']> {
    for (const location of CODEOWNERS_LOCATIONS) {
      const file = path.join(root, ...location.split('/'));
      let stat;
      try {
        stat = await fs.stat(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      if (stat.size >= MAX_CODEOWNERS_BYTES) return null;
      const stamp = `${file}\u0000${stat.mtimeMs}\u0000${stat.size}`;
      const cached = this.codeowners.get(root);
      if (cached && cached.stamp === stamp) return cached.value;
      try {
        const value = { path: location, text: await fs.readFile(file, 'utf8') };
        this.codeowners.set(root, { stamp, value });
        return value;
      } catch {
        continue;
      }
    }
    return null;
  }

  private async runBlame(repo: RepositoryInfo, spans: LineSpan[], content: string): Promise<BlameLine[] | null> {
    const args = ['-c', 'core.quotePath=false', '-C', repo.root, 'blame', '--porcelain', '-w'];
    const ignoreRevs = path.join(repo.root, '.git-blame-ignore-revs');
    if (await isFile(ignoreRevs)) args.push('--ignore-revs-file', ignoreRevs);
    args.push('--contents', '-');
    for (const span of spans) args.push('-L', `${span.start},${span.end}`);
    args.push('--', repo.relativePath);
    const result = await this.run(args, content);
    if (result.code === 0) return parseBlame(result.stdout).lines;
    // Not in HEAD yet (a new file) or no HEAD at all (no commits): every line is uncommitted.
    if (/no such path .* in HEAD|no such ref: HEAD|bad revision 'HEAD'|does not have any commits/i.test(result.stderr)) {
      return uncommittedLines(spans, repo.relativePath);
    }
    return null;
  }

  private async readIdentity(dir: string): Promise<Identity | null> {
    const name = await this.run(['-C', dir, 'config', 'user.name']);
    const email = await this.run(['-C', dir, 'config', 'user.email']);
    const gitName = name.code === 0 ? name.stdout.trim() : '';
    const gitEmail = email.code === 0 ? email.stdout.trim() : '';
    if (gitName) return { name: gitName, email: gitEmail || null };
    return osIdentity();
  }

  private spawnGit(args: string[], stdin?: string): Promise<GitRunResult> {
    return new Promise((resolve) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const finish = (result: GitRunResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      this.processes++;
      let child;
      try {
        child = spawn(this.options.gitPath ?? 'git', args, {
          stdio: ['pipe', 'pipe', 'pipe'],
          windowsHide: true,
          env: {
            ...process.env,
            ...this.options.env,
            // English messages (the runner recognises a few), no prompts, no index lock taken.
            LC_ALL: 'C',
            LANGUAGE: 'C',
            GIT_TERMINAL_PROMPT: '0',
            GIT_OPTIONAL_LOCKS: '0',
          },
        });
      } catch {
        this.missing = true;
        resolve({ code: null, stdout: '', stderr: '', missing: true });
        return;
      }
      const timer = setTimeout(() => {
        child.kill();
        finish({ code: null, stdout: '', stderr: 'timeout', missing: false });
      }, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') this.missing = true;
        finish({ code: null, stdout: '', stderr: error.message, missing: error.code === 'ENOENT' });
      });
      child.on('close', (code) =>
        finish({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), missing: false }),
      );
      // git may exit before reading stdin (an error): ignore the broken pipe.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
    });
  }

  private slot(): Promise<void> {
    if (this.running < MAX_PARALLEL) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private remember(key: string, lines: Map<number, BlameLine>): void {
    this.blames.set(key, lines);
    while (this.blames.size > MAX_CACHED_FILES) this.blames.delete(this.blames.keys().next().value as string);
  }
}

/** The OS user, when git has no user.name (or must not run). */
export function osIdentity(): Identity {
  let name = '';
  try {
    name = os.userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? '';
  }
  return { name: name || 'unknown', email: null };
}

function realDir(dir: string): string | null {
  try {
    return realpathSync.native(dir);
  } catch {
    return null;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Lines as git counts them: a final line without a line break still counts. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n : n + 1;
}

function missingSpans(spans: LineSpan[], cached: Map<number, BlameLine>): LineSpan[] {
  const out: LineSpan[] = [];
  for (const span of spans) {
    let start: number | undefined;
    for (let n = span.start; n <= span.end + 1; n++) {
      const need = n <= span.end && !cached.has(n);
      if (need && start === undefined) start = n;
      if (!need && start !== undefined) {
        out.push({ start, end: n - 1 });
        start = undefined;
      }
    }
  }
  return out;
}

function uncommittedLines(spans: LineSpan[], filename: string): BlameLine[] {
  const commit: BlameCommit = {
    sha: ZERO_SHA,
    author: 'Not Committed Yet',
    authorMail: 'not.committed.yet',
    authorTime: Math.floor(Date.now() / 1000),
    authorTz: '+0000',
    committer: 'Not Committed Yet',
    committerMail: 'not.committed.yet',
    committerTime: Math.floor(Date.now() / 1000),
    committerTz: '+0000',
    summary: 'Not committed yet',
    boundary: false,
  };
  const out: BlameLine[] = [];
  for (const span of spans) for (let n = span.start; n <= span.end; n++) out.push({ line: n, originalLine: n, filename, commit });
  return out;
}
