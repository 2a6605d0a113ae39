/**
 * The audit log as a file, shared by every writer on the machine (two VS Code windows, the CLI in a
 * terminal, CI jobs on a shared workspace).
 *
 * Each append is one critical section under an inter-process lock:
 *   lock -> read the last complete line -> set torn bytes aside -> one appendFileSync of whole
 *   lines -> fsync -> unlock
 * so the chain never forks (the last hash is read under the lock) and lines never interleave.
 *
 * The lock is a `<log>.lock` file created with O_CREAT|O_EXCL (`wx`), holding the owner's pid,
 * host and a random token. Our own implementation rather than `proper-lockfile`: the critical
 * section lasts milliseconds, the O_EXCL primitive is atomic on every local file system Node
 * supports, and it keeps the extension free of a runtime dependency. A lock is stale when its
 * owner process is gone (same host) or it is older than `staleMs` (another host, or a hung
 * process); it is taken over by renaming it away and checking that the renamed file is the stale
 * one (if another process took it over first, its lock is put back with link(), which never
 * overwrites).
 *
 * A crash mid-write leaves bytes after the last line feed. Verify reports them ("line N+1 is
 * incomplete"); the next append moves them to `<log>.torn` (nothing is destroyed) and truncates,
 * so the chain continues from the last complete entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLineOf, type ChainTail, type Sha256 } from '../engine/audit-log/chain';
import type { AuditActor } from '../engine/audit-log/entry';
import { AuditLog, AuditLogError, tailOf, type AuditLogStore } from '../engine/audit-log/store';

export const DEFAULT_AUDIT_LOG = path.join('.iac-audit', 'audit-log.jsonl');

export const nodeSha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

export interface AuditLogFileOptions {
  /** Give up waiting for the lock after this long (default 10 s). */
  lockTimeoutMs?: number;
  /** A lock older than this is stale even if its owner cannot be checked (default 30 s). */
  staleMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
  time: number;
}

export class AuditLogFile implements AuditLogStore {
  readonly lockPath: string;
  readonly tornPath: string;

  constructor(
    readonly file: string,
    private readonly options: AuditLogFileOptions = {},
  ) {
    this.lockPath = `${file}.lock`;
    this.tornPath = `${file}.torn`;
  }

  async read(): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.promises.readFile(this.file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AuditLogError(`cannot read the audit log ${this.file}: ${(error as Error).message}`);
    }
  }

  async append(build: (tail: ChainTail | null) => string[]): Promise<void> {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (error) {
      throw new AuditLogError(`cannot create the folder of the audit log ${this.file}: ${(error as Error).message}`);
    }
    const release = await this.lock();
    try {
      this.appendLocked(build);
    } finally {
      release();
    }
  }

  /** The critical section: everything synchronous, so nothing else of this process interleaves. */
  private appendLocked(build: (tail: ChainTail | null) => string[]): void {
    const fd = fs.openSync(this.file, 'a+');
    try {
      const size = fs.fstatSync(fd).size;
      const { line, tornBytes } = readLastLine(fd, size);
      if (tornBytes > 0) {
        const torn = Buffer.alloc(tornBytes);
        fs.readSync(fd, torn, 0, tornBytes, size - tornBytes);
        fs.appendFileSync(this.tornPath, Buffer.concat([torn, Buffer.from('\n')]));
        fs.ftruncateSync(fd, size - tornBytes);
      }
      const lines = build(tailOf(line));
      if (!lines.length) return;
      fs.appendFileSync(fd, lines.map((l) => `${l}\n`).join(''), 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  // ---------------------------------------------------------------- lock

  private async lock(): Promise<() => void> {
    const timeout = this.options.lockTimeoutMs ?? 10_000;
    const started = Date.now();
    const info: LockInfo = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex'), time: Date.now() };
    let delay = 2;
    for (;;) {
      try {
        const fd = fs.openSync(this.lockPath, 'wx');
        try {
          fs.writeSync(fd, JSON.stringify(info));
        } finally {
          fs.closeSync(fd);
        }
        return () => this.unlock(info.token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new AuditLogError(`cannot lock the audit log (${this.lockPath}): ${(error as Error).message}`);
        }
      }
      if (this.takeOverIfStale()) continue;
      if (Date.now() - started > timeout) {
        throw new AuditLogError(`the audit log is locked by another process (${this.lockPath}); remove the lock file if no iac-audit is running`);
      }
      // Waiting for another writer: the critical section is short, so poll with a short backoff.
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  }

  private unlock(token: string): void {
    try {
      const current = JSON.parse(fs.readFileSync(this.lockPath, 'utf8')) as LockInfo;
      // Only our own lock: if it was (wrongly) taken over, the new owner's lock stays.
      if (current.token === token) fs.unlinkSync(this.lockPath);
    } catch {
      // Already gone.
    }
  }

  /** Removes a stale lock (its owner died, or it is very old); true when the caller should retry at once. */
  private takeOverIfStale(): boolean {
    let stat: fs.Stats;
    let raw: string;
    try {
      stat = fs.statSync(this.lockPath);
      raw = fs.readFileSync(this.lockPath, 'utf8');
    } catch {
      return true; // released meanwhile
    }
    let owner: LockInfo | undefined;
    try {
      owner = JSON.parse(raw) as LockInfo;
    } catch {
      owner = undefined; // being written right now, or garbage: decide by age only
    }
    const age = Date.now() - stat.mtimeMs;
    const dead = owner !== undefined && owner.host === os.hostname() && !processAlive(owner.pid);
    const old = age > (this.options.staleMs ?? 30_000);
    if (!dead && !old) return false;
    const aside = `${this.lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(this.lockPath, aside);
    } catch {
      return true; // someone else moved it first
    }
    try {
      if (fs.readFileSync(aside, 'utf8') !== raw) {
        // We moved a fresh lock another process had just taken: put it back without overwriting.
        try {
          fs.linkSync(aside, this.lockPath);
        } catch {
          // A third process holds the lock now; the displaced owner's unlock will leave it alone.
        }
      }
    } finally {
      try {
        fs.unlinkSync(aside);
      } catch {
        // ignore
      }
    }
    return true;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last complete line of the open file and the number of torn bytes after it. */
function readLastLine(fd: number, size: number): { line: Uint8Array | null; tornBytes: number } {
  let chunkSize = 64 * 1024;
  for (;;) {
    const length = Math.min(size, chunkSize);
    const start = size - length;
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = fs.readSync(fd, buffer, read, length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    const result = lastLineOf(new Uint8Array(buffer.buffer, buffer.byteOffset, read), start === 0);
    if (result.complete) return { line: result.line ? Buffer.from(result.line) : null, tornBytes: result.tornBytes };
    chunkSize *= 4;
  }
}

export interface OpenAuditLogOptions extends AuditLogFileOptions {
  file: string;
  toolVersion: string;
  actor: () => Promise<AuditActor>;
  now?: () => Date;
}

export function openAuditLog(options: OpenAuditLogOptions): AuditLog {
  return new AuditLog({
    store: new AuditLogFile(options.file, options),
    sha256: nodeSha256,
    tool: { name: 'iac-audit', version: options.toolVersion },
    actor: options.actor,
    now: options.now,
  });
}
