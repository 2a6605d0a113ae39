/**
 * The suppression ledger: every suppression in the workspace with what an auditor asks about it —
 * which policy, on which resource, why, until when, who added it and when (git blame of the
 * comment line), whether it still suppresses anything (stale otherwise), and how many days are left.
 *
 * Built from the engine's own results (the directives and findings of a Project evaluation), so
 * the ledger, the hovers and the reports never disagree. Pure: blame comes in as owners.
 */
import type { Finding } from '../core/policy';
import type { SourceRange } from '../core/range';
import type { FindingOwner } from '../ownership/types';
import type { SuppressionDirective } from '../suppressions/contract';

export const DEFAULT_EXPIRING_WITHIN_DAYS = 14;

/**
 * - `invalid`: it suppresses nothing because its expiry is unreadable or it names no known policy;
 * - `expired`: its expiry date has passed (it suppresses nothing any more);
 * - `stale`: valid, but no finding is suppressed by it (the risk it accepted is gone, or it is misplaced);
 * - `expiring-soon`: valid and in use, expiring within the window;
 * - `active`: valid and in use.
 */
export type LedgerStatus = 'invalid' | 'expired' | 'stale' | 'expiring-soon' | 'active';

export interface LedgerEntry {
  file: string;
  /** The comment (or metadata entry), 0-based like every engine range. */
  range: SourceRange;
  kind: SuppressionDirective['kind'];
  syntax: string | null;
  scope: SuppressionDirective['scope'];
  /** Policy ids as written (ours or a peer's); [] means every policy. */
  policies: string[];
  resource: string | null;
  reason: string | null;
  expires: string | null;
  /** Days from today to the expiry day (0 = expires today, negative = expired); null without expiry or when unreadable. */
  daysUntilExpiry: number | null;
  active: boolean;
  /** The findings it suppresses now. */
  suppressed: { policyId: string; resource: string }[];
  stale: boolean;
  expiringSoon: boolean;
  /** Ids of the findings about the directive itself (IAC-SUPPRESS-001 no reason, -002 expiry, -003 unknown policy). */
  problems: string[];
  status: LedgerStatus;
  /** Who added the comment line and when (git blame); null when unknown (no git, outside a repository, --no-blame). */
  addedBy: { name: string; email: string } | null;
  addedAt: string | null;
  commit: string | null;
  /** The comment is not committed yet; null when unknown. */
  uncommitted: boolean | null;
}

export interface LedgerInput {
  directives: readonly SuppressionDirective[];
  /** Findings of the same evaluation, suppressed ones included. */
  findings: readonly Finding[];
  /** YYYY-MM-DD (UTC). */
  today: string;
  expiringWithinDays?: number;
  /** Owner of each directive's comment line (see ownership/); absent = not looked up. */
  owners?: ReadonlyMap<SuppressionDirective, FindingOwner | null>;
}

export function buildLedger(input: LedgerInput): LedgerEntry[] {
  const window = input.expiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
  const suppressedBy = new Map<string, Finding[]>();
  for (const f of input.findings) {
    if (!f.suppressed) continue;
    const key = `${f.suppressed.file}\u0000${f.suppressed.range.start.offset}`;
    const list = suppressedBy.get(key);
    if (list) list.push(f);
    else suppressedBy.set(key, [f]);
  }
  const entries = input.directives.map((d): LedgerEntry => {
    const suppressed = (suppressedBy.get(`${d.file}\u0000${d.range.start.offset}`) ?? []).map((f) => ({ policyId: f.policyId, resource: f.resource }));
    const days = d.expires === null ? null : daysBetween(input.today, d.expires);
    const active = d.active !== false;
    const stale = active && suppressed.length === 0;
    const expiringSoon = active && days !== null && days >= 0 && days <= window;
    const expired = days !== null && days < 0;
    const status: LedgerStatus = !active ? (expired ? 'expired' : 'invalid') : stale ? 'stale' : expiringSoon ? 'expiring-soon' : 'active';
    const owner = input.owners?.get(d);
    return {
      file: d.file,
      range: d.range,
      kind: d.kind,
      syntax: d.syntax ?? null,
      scope: d.scope,
      policies: [...d.ids],
      resource: d.resource ?? null,
      reason: d.reason,
      expires: d.expires,
      daysUntilExpiry: days,
      active,
      suppressed,
      stale,
      expiringSoon,
      problems: [...(d.problems ?? [])],
      status,
      addedBy: owner ? { name: owner.author, email: owner.email } : null,
      addedAt: owner?.date ?? null,
      commit: owner?.commit ?? null,
      uncommitted: owner ? owner.uncommitted : null,
    };
  });
  return entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.offset - b.range.start.offset);
}

export interface LedgerSummary {
  total: number;
  active: number;
  stale: number;
  expired: number;
  expiringSoon: number;
  invalid: number;
  withoutReason: number;
}

export function summarizeLedger(entries: readonly LedgerEntry[]): LedgerSummary {
  return {
    total: entries.length,
    active: entries.filter((e) => e.status === 'active').length,
    stale: entries.filter((e) => e.stale).length,
    expired: entries.filter((e) => e.status === 'expired').length,
    expiringSoon: entries.filter((e) => e.expiringSoon).length,
    invalid: entries.filter((e) => e.status === 'invalid').length,
    withoutReason: entries.filter((e) => !e.reason).length,
  };
}

/** Warnings for people: suppressions that expire soon (expired and reason-less ones are findings already). */
export function ledgerWarnings(entries: readonly LedgerEntry[], expiringWithinDays = DEFAULT_EXPIRING_WITHIN_DAYS): string[] {
  return entries
    .filter((e) => e.expiringSoon)
    .map((e) => {
      const when = e.daysUntilExpiry === 0 ? 'today' : `in ${e.daysUntilExpiry} day${e.daysUntilExpiry === 1 ? '' : 's'}`;
      const what = e.policies.length ? e.policies.join(', ') : 'all policies';
      return `${e.file}:${e.range.start.line + 1}: the suppression of ${what}${e.resource ? ` on ${e.resource}` : ''} expires ${when} (${e.expires}; window ${expiringWithinDays} days)`;
    });
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); null when `to` is not a valid date. */
export function daysBetween(from: string, to: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || !/^\d{4}-\d{2}-\d{2}$/.test(from)) return null;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  // Date.parse rolls 2026-02-30 over to March: reject dates that do not round-trip.
  if (new Date(b).toISOString().slice(0, 10) !== to) return null;
  return Math.round((b - a) / 86_400_000);
}
