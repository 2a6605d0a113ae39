/**
 * The ownership model: who last changed the lines of a finding (git blame) and who owns the file
 * (CODEOWNERS). The engine asks git through `GitPort`, so it stays free of Node APIs; the Node
 * adapter (server/src/node/git.ts) runs git, a test passes a fake.
 */

/** One commit as `git blame --porcelain` / `--incremental` describes it. */
export interface BlameCommit {
  /** Full hash (40 hex digits, 64 in SHA-256 repositories); all zeros for lines not committed yet. */
  sha: string;
  author: string;
  /** Without the angle brackets (`ada@example.com`); `not.committed.yet` for uncommitted lines. */
  authorMail: string;
  /** Seconds since the epoch. */
  authorTime: number;
  /** `+0200`, `-0700` as git prints it. */
  authorTz: string;
  committer: string;
  committerMail: string;
  committerTime: number;
  committerTz: string;
  summary: string;
  /** The commit is a boundary (the root commit, or the `^rev` limit of the blame). */
  boundary: boolean;
  /** `previous <sha> <path>`: the commit before this one that touched the line, and the path there. */
  previous?: { sha: string; path: string };
}

/** One line of the blamed file. */
export interface BlameLine {
  /** 1-based line number in the blamed text (the final file). */
  line: number;
  /** 1-based line number in the commit that introduced it. */
  originalLine: number;
  /** Path of the file in that commit (differs from the blamed path after a rename). */
  filename: string;
  commit: BlameCommit;
}

/** Inclusive 1-based line span, as `git blame -L start,end` takes it. */
export interface LineSpan {
  start: number;
  end: number;
}

/** `git config user.name` / `user.email`, or the OS user when git has none. */
export interface Identity {
  name: string;
  email: string | null;
}

export interface RepositoryInfo {
  /** The repository's top-level directory (the port's own path form). */
  root: string;
  /** The file's path relative to the root, POSIX, as CODEOWNERS patterns see it. */
  relativePath: string;
  /** The CODEOWNERS file GitHub would use (`.github/`, root, `docs/`: first found), or null. */
  codeowners: { path: string; text: string } | null;
}

/**
 * How the engine asks git. Every method resolves to null (never rejects) when git is missing, the
 * file is outside a repository, or git fails: ownership degrades quietly to "unknown".
 */
export interface GitPort {
  repository(file: string): Promise<RepositoryInfo | null>;
  /**
   * Blames `spans` of `file`. `text` is the content to blame (an editor's unsaved buffer, fed to
   * `git blame --contents -`); undefined blames the file as it is on disk. Lines of a file git does
   * not track yet, or of a repository without commits, come back as uncommitted.
   */
  blame(file: string, spans: LineSpan[], text?: string): Promise<BlameLine[] | null>;
  /** The local identity of whoever runs the tool (for uncommitted lines and the audit log). */
  identity(file?: string): Promise<Identity | null>;
}

/** The `owner` of a finding in the JSON report (docs/accountability.md); a contract. */
export interface FindingOwner {
  author: string;
  email: string;
  /** Full commit hash; null for uncommitted lines. */
  commit: string | null;
  /** Author date, ISO 8601 with the author's UTC offset; null for uncommitted lines. */
  date: string | null;
  /** Commit subject; null for uncommitted lines. */
  summary: string | null;
  uncommitted: boolean;
  /** CODEOWNERS owners of the file (last matching rule); [] when none. */
  codeowners: string[];
}

export const UNCOMMITTED_SHA_PATTERN = /^0+$/;

/** A GitPort that knows nothing: used when git must not run (an untrusted workspace, `--no-blame`). */
export const NO_GIT: GitPort = {
  repository: async () => null,
  blame: async () => null,
  identity: async () => null,
};
