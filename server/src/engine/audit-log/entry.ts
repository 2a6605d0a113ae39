/**
 * Audit log entries: one JSON object per line (JSON Lines), hash-chained.
 *
 *   {"seq":1,"time":"2026-01-05T10:00:00.000Z","actor":{"email":"ada@example.com","name":"Ada Lovelace"},
 *    "tool":{"name":"iac-audit","version":"0.1.0"},"event":"scan","data":{...},"prev":"000…000"}
 *
 * Canonical form (what writers write and the verifier insists on): the top-level keys in the order
 * above, every nested object's keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no whitespace, JSON.stringify's escaping, undefined members left out. `prev` is the SHA-256 (hex)
 * of the previous line's exact bytes without its line feed; 64 zeros for the first entry.
 */

export const AUDIT_EVENTS = [
  'scan',
  'findings.appeared',
  'findings.disappeared',
  'fix.applied',
  'suppression.added',
  'suppression.removed',
  'report.generated',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export const GENESIS_PREV = '0'.repeat(64);
export const ENTRY_KEYS = ['seq', 'time', 'actor', 'tool', 'event', 'data', 'prev'] as const;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditActor {
  name: string;
  email: string | null;
}

export interface AuditTool {
  name: 'iac-audit';
  version: string;
}

export interface AuditEntry {
  seq: number;
  time: string;
  actor: AuditActor;
  tool: AuditTool;
  event: AuditEventName;
  data: { [key: string]: JsonValue };
  prev: string;
}

/** An event to record; seq, time, actor, tool and prev are filled in by the log. */
export interface AuditEventInput {
  event: AuditEventName;
  data: { [key: string]: JsonValue };
}

/** Serialises any JSON value with sorted object keys and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return 'null';
}

/** The line of an entry (without the line feed). */
export function entryLine(entry: AuditEntry): string {
  const parts = ENTRY_KEYS.map((key) => `${JSON.stringify(key)}:${canonicalJson(entry[key])}`);
  return `{${parts.join(',')}}`;
}

/** What is wrong with a parsed line as an entry, or undefined when it is a well-formed entry. */
export function entryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.join(',') !== ENTRY_KEYS.join(',')) return `keys are ${keys.join(', ')}; expected ${ENTRY_KEYS.join(', ')} in that order`;
  if (!Number.isSafeInteger(record.seq) || (record.seq as number) < 1) return '"seq" is not a positive integer';
  if (typeof record.time !== 'string' || Number.isNaN(Date.parse(record.time))) return '"time" is not an ISO 8601 date';
  const actor = record.actor as Record<string, unknown> | null;
  if (typeof actor !== 'object' || actor === null || typeof actor.name !== 'string' || !(typeof actor.email === 'string' || actor.email === null)) {
    return '"actor" is not {name, email}';
  }
  const tool = record.tool as Record<string, unknown> | null;
  if (typeof tool !== 'object' || tool === null || tool.name !== 'iac-audit' || typeof tool.version !== 'string') return '"tool" is not {name: "iac-audit", version}';
  if (!(AUDIT_EVENTS as readonly unknown[]).includes(record.event)) return `unknown event ${JSON.stringify(record.event)}`;
  if (typeof record.data !== 'object' || record.data === null || Array.isArray(record.data)) return '"data" is not an object';
  if (typeof record.prev !== 'string' || !/^[0-9a-f]{64}$/.test(record.prev)) return '"prev" is not a SHA-256 hex digest';
  return undefined;
}
