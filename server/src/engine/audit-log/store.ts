/**
 * Where the log lives, behind a small interface: the Node adapter (server/src/node/audit-log-file.ts)
 * appends under an inter-process lock; tests can use the in-memory store below.
 */
import { chainEntries, lastLineOf, parseEntryLine, type ChainTail, type EntryContext, type Sha256 } from './chain';
import type { AuditActor, AuditEventInput, AuditTool } from './entry';

export interface AuditLogStore {
  /**
   * Runs `build` with the log's current last entry and appends the lines it returns, as one
   * atomic step with respect to every other writer (no interleaving, no fork of the chain).
   * Torn bytes after the last line feed (a crashed writer) are set aside first.
   */
  append(build: (tail: ChainTail | null) => string[]): Promise<void>;
  /** The whole log, or null when it does not exist yet. */
  read(): Promise<Uint8Array | null>;
}

export class AuditLogError extends Error {}

/** The tail of a log from its last complete line (throws when that line is not a valid entry). */
export function tailOf(line: Uint8Array | null): ChainTail | null {
  if (!line) return null;
  const parsed = parseEntryLine(line);
  if ('error' in parsed) {
    throw new AuditLogError(`the last entry of the audit log is not valid (${parsed.error}); run "iac-audit audit-log verify" and repair or move the log`);
  }
  return { line, entry: parsed.entry };
}

export interface AuditLogOptions {
  store: AuditLogStore;
  sha256: Sha256;
  tool: AuditTool;
  /** Who is acting (git user.name/email, else the OS user); asked once per record(). */
  actor: () => Promise<AuditActor>;
  now?: () => Date;
}

/** Records events: fills in seq, time, actor, tool and prev, and appends them atomically. */
export class AuditLog {
  constructor(private readonly options: AuditLogOptions) {}

  async record(events: readonly AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    const context: EntryContext = {
      time: (this.options.now?.() ?? new Date()).toISOString(),
      actor: await this.options.actor(),
      tool: this.options.tool,
    };
    await this.options.store.append((tail) => chainEntries(tail, events, context, this.options.sha256));
  }

  read(): Promise<Uint8Array | null> {
    return this.options.store.read();
  }
}

/** A store in memory (tests, dry runs). */
export class MemoryAuditLogStore implements AuditLogStore {
  bytes: Uint8Array | null = null;

  async append(build: (tail: ChainTail | null) => string[]): Promise<void> {
    const current = this.bytes ?? new Uint8Array();
    const { line, tornBytes } = lastLineOf(current, true);
    const kept = current.subarray(0, current.length - tornBytes);
    const lines = build(tailOf(line));
    if (!lines.length) return;
    const added = new TextEncoder().encode(lines.map((l) => l + '\n').join(''));
    const next = new Uint8Array(kept.length + added.length);
    next.set(kept);
    next.set(added, kept.length);
    this.bytes = next;
  }

  async read(): Promise<Uint8Array | null> {
    return this.bytes;
  }
}
