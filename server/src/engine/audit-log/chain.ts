/**
 * The hash chain: building the next entries after the current last one, and verifying a whole log.
 * Works on bytes (the chain hashes exact bytes); the hashing primitive is passed in (Node's crypto
 * in the CLI and the server, WebCrypto or a test double elsewhere).
 */
import { entryLine, entryProblem, GENESIS_PREV, type AuditActor, type AuditEntry, type AuditEventInput, type AuditTool } from './entry';

/** SHA-256 of bytes as 64 lowercase hex digits. */
export type Sha256 = (bytes: Uint8Array) => string;

const LF = 10;
const encoder = new TextEncoder();

export interface ChainTail {
  /** The exact bytes of the last complete line (without its line feed). */
  line: Uint8Array;
  entry: AuditEntry;
}

export interface EntryContext {
  time: string;
  actor: AuditActor;
  tool: AuditTool;
}

/**
 * The lines to append after `tail` (null for an empty log), each chained to the one before.
 * Returns them without line feeds.
 */
export function chainEntries(tail: ChainTail | null, events: readonly AuditEventInput[], context: EntryContext, sha256: Sha256): string[] {
  let seq = tail ? tail.entry.seq : 0;
  let prev = tail ? sha256(tail.line) : GENESIS_PREV;
  const lines: string[] = [];
  for (const { event, data } of events) {
    seq++;
    const line = entryLine({ seq, time: context.time, actor: context.actor, tool: context.tool, event, data, prev });
    lines.push(line);
    prev = sha256(encoder.encode(line));
  }
  return lines;
}

/** Splits a log into complete lines and the torn bytes after the last line feed (a crash mid-write). */
export function splitLog(bytes: Uint8Array): { lines: Uint8Array[]; torn: Uint8Array | null } {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return { lines, torn: start < bytes.length ? bytes.subarray(start) : null };
}

/**
 * The last complete line of a chunk that ends at the end of the file, and how many torn bytes
 * follow it. `complete` is false when the chunk may not hold the whole line (read more).
 */
export function lastLineOf(chunk: Uint8Array, chunkStartsFile: boolean): { line: Uint8Array | null; tornBytes: number; complete: boolean } {
  let end = chunk.length;
  while (end > 0 && chunk[end - 1] !== LF) end--;
  const tornBytes = chunk.length - end;
  if (end === 0) return { line: null, tornBytes, complete: chunkStartsFile };
  let start = end - 1;
  while (start > 0 && chunk[start - 1] !== LF) start--;
  if (start === 0 && !chunkStartsFile) return { line: null, tornBytes, complete: false };
  return { line: chunk.subarray(start, end - 1), tornBytes, complete: true };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses one line as an entry (canonical form included); an error message when it is not one. */
export function parseEntryLine(line: Uint8Array): { entry: AuditEntry } | { error: string } {
  if (line.length === 0) return { error: 'empty line' };
  let text: string;
  try {
    text = decoder.decode(line);
  } catch {
    return { error: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  const problem = entryProblem(value);
  if (problem) return { error: problem };
  const entry = value as AuditEntry;
  if (entryLine(entry) !== text) return { error: 'not in canonical form (the line was edited)' };
  return { entry };
}

export interface VerifyResult {
  /** True when every complete line is a valid, chained entry (a torn last line is reported, not a break). */
  ok: boolean;
  /** Entries verified (before the break, if any). */
  entries: number;
  /** SHA-256 of the last verified line, to record elsewhere and pass back with `expectHead`. */
  head: string | null;
  headSeq: number;
  /** The first broken entry: its 1-based line number and why. */
  broken?: { line: number; reason: string };
  /** Bytes after the last line feed (a writer crashed mid-line): its 1-based line number. */
  incomplete?: { line: number; bytes: number };
}

export interface VerifyOptions {
  /** A head hash recorded earlier: the log must still contain that entry (detects truncation). */
  expectHead?: string;
}

export function verifyChain(bytes: Uint8Array, sha256: Sha256, options: VerifyOptions = {}): VerifyResult {
  const { lines, torn } = splitLog(bytes);
  let head: string | null = null;
  let headSeq = 0;
  let previousHash = GENESIS_PREV;
  let sawExpected = options.expectHead === undefined;
  const result = (ok: boolean, entries: number, broken?: VerifyResult['broken']): VerifyResult => ({
    ok,
    entries,
    head,
    headSeq,
    ...(broken ? { broken } : {}),
    ...(!broken && torn ? { incomplete: { line: lines.length + 1, bytes: torn.length } } : {}),
  });

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const parsed = parseEntryLine(lines[i]);
    if ('error' in parsed) return result(false, i, { line: lineNo, reason: parsed.error });
    const { entry } = parsed;
    if (entry.seq !== i + 1) {
      const why = entry.seq > i + 1 ? 'an entry before it was deleted, or entries were reordered' : 'entries were reordered or duplicated';
      return result(false, i, { line: lineNo, reason: `sequence number ${entry.seq}, expected ${i + 1} (${why})` });
    }
    if (entry.prev !== previousHash && i === 0) {
      return result(false, 0, { line: 1, reason: '"prev" of the first entry is not 64 zeros (the log does not start at its first entry)' });
    }
    if (entry.prev !== previousHash) {
      // The previous line no longer hashes to what this entry recorded: that line was changed.
      return result(false, i - 1, { line: lineNo - 1, reason: `its SHA-256 no longer matches the "prev" recorded in line ${lineNo} (line ${lineNo - 1} was modified, or an entry after it was removed)` });
    }
    previousHash = sha256(lines[i]);
    head = previousHash;
    headSeq = entry.seq;
    if (previousHash === options.expectHead) sawExpected = true;
  }
  if (!sawExpected) {
    return result(false, lines.length, {
      line: lines.length + 1,
      reason: `the expected head ${options.expectHead} is not in the log (entries were removed from its end, or it was rewritten)`,
    });
  }
  return result(true, lines.length);
}

/** One line for people: what verify found. */
export function describeVerify(result: VerifyResult): string {
  if (result.broken) {
    return `line ${result.broken.line}: ${result.broken.reason}; ${plural(result.entries, 'entry', 'entries')} verified before it.`;
  }
  const base = `verified ${plural(result.entries, 'entry', 'entries')}`;
  if (result.incomplete) return `${base}; line ${result.incomplete.line} is incomplete (crash during write?)`;
  return `${base}; the chain is intact${result.head ? ` (head ${result.head}, seq ${result.headSeq})` : ' (empty log)'}.`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
