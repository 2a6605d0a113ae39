/**
 * What every report shares: the scan it renders, 1-based positions, a stable order, and a
 * fingerprint that identifies a finding across runs (for SARIF baselines and the audit log).
 * No Node APIs: reports are also rendered in the language server and in a browser worker.
 */
import type { Finding, InputError, Policy, PolicyAliases, Severity } from '../core/policy';
import { SEVERITIES } from '../core/policy';
import type { SourceRange } from '../core/range';

/** The part of a scan a report needs (the orchestrator's ScanResult satisfies it). */
export interface ScanReportInput {
  /** IaC files that were evaluated. */
  files: readonly string[];
  findings: readonly Finding[];
  errors: readonly InputError[];
  /** Number of resources evaluated (optional, informational). */
  resources?: number;
}

export interface OneBasedPosition {
  line: number;
  column: number;
}

export interface OneBasedRange {
  start: OneBasedPosition;
  /** Exclusive, like SARIF's endColumn: the column just after the last character. */
  end: OneBasedPosition;
}

export function oneBased(range: SourceRange): OneBasedRange {
  return {
    start: { line: range.start.line + 1, column: range.start.column + 1 },
    end: { line: range.end.line + 1, column: range.end.column + 1 },
  };
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Reading order: by file, then position, then policy id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      a.range.end.offset - b.range.end.offset ||
      compareStrings(a.policyId, b.policyId),
  );
}

export function sortErrors(errors: readonly InputError[]): InputError[] {
  return [...errors].sort(
    (a, b) => compareStrings(a.file, b.file) || (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1) || compareStrings(a.message, b.message),
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function policyMap(policies: readonly Policy[]): Map<string, Policy> {
  const map = new Map<string, Policy>();
  for (const p of policies) if (!map.has(p.id)) map.set(p.id, p);
  return map;
}

/** Every alias family present, so consumers never have to test for a missing key. */
export function normalizedAliases(aliases: PolicyAliases | undefined): Required<PolicyAliases> {
  return { checkov: [...(aliases?.checkov ?? [])], kics: [...(aliases?.kics ?? [])], trivy: [...(aliases?.trivy ?? [])] };
}

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * A stable identity for a finding that survives unrelated edits (no line numbers in it): policy,
 * file, resource and message, plus the occurrence index among otherwise identical findings.
 * Computed over the sorted list so the occurrence index is deterministic.
 */
export function fingerprints(sorted: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const f of sorted) {
    const key = `${f.policyId}\u0000${f.file}\u0000${f.resource}\u0000${f.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out.set(f, hash53(`${key}\u0000${n}`));
  }
  return out;
}

/** cyrb53: a fast, well-distributed 53-bit string hash, as 14 hex digits. Not cryptographic. */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, '0');
}
