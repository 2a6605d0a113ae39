/**
 * The events the CLI and the editor record, built from engine results. A scan stores its set of
 * active findings (by fingerprint, with policy, file and resource) and of suppressions, so the
 * next scan of the same paths records what appeared, disappeared, and which suppressions were
 * added or removed in between.
 */
import type { Finding, Severity } from '../core/policy';
import { countBySeverity, fingerprints, hash53, sortFindings } from '../reports/common';
import type { SuppressionDirective } from '../suppressions/contract';
import { splitLog } from './chain';
import type { AuditEventInput, JsonValue } from './entry';

export interface FindingRef {
  fingerprint: string;
  policyId: string;
  severity: Severity;
  file: string;
  resource: string;
}

export interface SuppressionRef {
  /** Stable identity without line numbers: file, ids, resource, reason, expiry, scope. */
  key: string;
  file: string;
  /** 1-based line of the comment. */
  line: number;
  resource: string | null;
  /** Ids as written; [] = every policy. */
  policies: string[];
  reason: string | null;
  expires: string | null;
  kind: string;
}

export interface ScanRecordInput {
  /** The scanned paths as given (sorted; a later scan is compared with the last one of the same paths). */
  paths: string[];
  files: number;
  resources: number;
  errors: number;
  /** Every finding of the scan, suppressed ones included. */
  findings: readonly Finding[];
  directives: readonly SuppressionDirective[];
  policyPackVersion: string;
}

export interface PreviousScan {
  seq: number;
  findings: FindingRef[];
  suppressions: SuppressionRef[];
}

export function findingRefs(findings: readonly Finding[]): FindingRef[] {
  const sorted = sortFindings(findings);
  const prints = fingerprints(sorted);
  return sorted
    .filter((f) => !f.suppressed)
    .map((f) => ({ fingerprint: prints.get(f)!, policyId: f.policyId, severity: f.severity, file: f.file, resource: f.resource }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

export function suppressionRefs(directives: readonly SuppressionDirective[]): SuppressionRef[] {
  const seen = new Map<string, number>();
  const refs = [...directives]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.offset - b.range.start.offset)
    .map((d) => {
      const base = [d.file, d.ids.join(','), d.resource ?? '', d.reason ?? '', d.expires ?? '', d.scope, d.kind].join('\u0000');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return {
        key: hash53(`${base}\u0000${n}`),
        file: d.file,
        line: d.range.start.line + 1,
        resource: d.resource ?? null,
        policies: [...d.ids],
        reason: d.reason,
        expires: d.expires,
        kind: d.kind,
      };
    });
  return refs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The `scan` event, and the differences from `previous` (the last scan of the same paths). */
export function scanEvents(input: ScanRecordInput, previous: PreviousScan | null): AuditEventInput[] {
  const paths = [...input.paths].sort();
  const findings = findingRefs(input.findings);
  const suppressions = suppressionRefs(input.directives);
  const active = input.findings.filter((f) => !f.suppressed);
  const since = previous ? previous.seq : null;
  const events: AuditEventInput[] = [
    {
      event: 'scan',
      data: {
        paths,
        files: input.files,
        resources: input.resources,
        errors: input.errors,
        policyPackVersion: input.policyPackVersion,
        counts: { active: active.length, suppressed: input.findings.length - active.length, bySeverity: { ...countBySeverity(active) } },
        previousScan: since,
        findings: findings as unknown as JsonValue,
        suppressions: suppressions as unknown as JsonValue,
      },
    },
  ];
  if (!previous) return events;
  const before = new Set(previous.findings.map((f) => f.fingerprint));
  const now = new Set(findings.map((f) => f.fingerprint));
  const appeared = findings.filter((f) => !before.has(f.fingerprint));
  const disappeared = previous.findings.filter((f) => !now.has(f.fingerprint));
  if (appeared.length) events.push({ event: 'findings.appeared', data: { paths, since, findings: appeared as unknown as JsonValue } });
  if (disappeared.length) events.push({ event: 'findings.disappeared', data: { paths, since, findings: disappeared as unknown as JsonValue } });
  const keysBefore = new Set(previous.suppressions.map((s) => s.key));
  const keysNow = new Set(suppressions.map((s) => s.key));
  const added = suppressions.filter((s) => !keysBefore.has(s.key));
  const removed = previous.suppressions.filter((s) => !keysNow.has(s.key));
  if (added.length) events.push({ event: 'suppression.added', data: { source: 'scan', since, suppressions: added as unknown as JsonValue } });
  if (removed.length) events.push({ event: 'suppression.removed', data: { source: 'scan', since, suppressions: removed as unknown as JsonValue } });
  return events;
}

/** The last `scan` entry of the same paths in a log (read without verifying; verify is separate). */
export function findPreviousScan(log: Uint8Array | null, paths: string[]): PreviousScan | null {
  if (!log) return null;
  const wanted = JSON.stringify([...paths].sort());
  const { lines } = splitLog(log);
  const decoder = new TextDecoder();
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = decoder.decode(lines[i]);
    // Cheap filter before parsing: most lines are not scans.
    if (!text.includes('"event":"scan"')) continue;
    try {
      const entry = JSON.parse(text) as { seq: number; event: string; data: { paths?: unknown; findings?: unknown; suppressions?: unknown } };
      if (entry.event !== 'scan' || JSON.stringify(entry.data.paths) !== wanted) continue;
      return {
        seq: entry.seq,
        findings: Array.isArray(entry.data.findings) ? (entry.data.findings as FindingRef[]) : [],
        suppressions: Array.isArray(entry.data.suppressions) ? (entry.data.suppressions as SuppressionRef[]) : [],
      };
    } catch {
      continue;
    }
  }
  return null;
}

export interface FixRecord {
  source: 'editor' | 'cli';
  file: string;
  /** SHA-256 (hex) of the file's text before and after the fix. */
  before: string;
  after: string;
  fixes: { policyId: string; resource: string; description: string }[];
}

export function fixAppliedEvent(fix: FixRecord): AuditEventInput {
  return { event: 'fix.applied', data: { ...fix, fixes: fix.fixes.map((f) => ({ ...f })) } };
}

export function suppressionAddedEvent(source: 'editor' | 'cli', suppression: Omit<SuppressionRef, 'key'>): AuditEventInput {
  return { event: 'suppression.added', data: { source, suppressions: [{ ...suppression, policies: [...suppression.policies] }] } };
}

export function reportGeneratedEvent(report: { format: string; output: string; sha256: string; findings: number; files: number }): AuditEventInput {
  return { event: 'report.generated', data: { ...report } };
}
