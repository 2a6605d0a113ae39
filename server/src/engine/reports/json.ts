/**
 * The JSON report (`iac-audit scan --format json`). Its shape is a contract read by CI dashboards,
 * the audit report and tests (docs/json-report.md): fields may be added, never renamed or removed.
 * Bump `version` only for an incompatible change.
 */
import { docsUrl, type ComplianceMapping, type Finding, type Policy, type PolicyAliases, type Severity, type SuppressionKind } from '../core/policy';
import type { Format } from '../core/model';
import {
  countBySeverity,
  fingerprints,
  normalizedAliases,
  oneBased,
  policyMap,
  sortErrors,
  sortFindings,
  type OneBasedRange,
  type ScanReportInput,
  type SeverityCounts,
} from './common';

export const JSON_REPORT_VERSION = 1;

export interface JsonReportOptions {
  toolVersion: string;
  /** Every known policy (for aliases, compliance, docs); findings of unknown policies still render. */
  policies: readonly Policy[];
  policyPackVersion?: string;
  /** Extra fields merged into each finding (e.g. `owner` from git blame). Never overrides contract fields. */
  findingExtras?: (finding: Finding) => Record<string, unknown> | undefined;
  /** Extra top-level fields (e.g. `groups`). */
  extras?: Record<string, unknown>;
}

export interface JsonSuppression {
  kind: SuppressionKind;
  reason: string | null;
  expires: string | null;
  /** Where the suppression is written. */
  file: string;
  range: OneBasedRange;
}

export interface JsonFinding {
  policyId: string;
  title: string;
  message: string;
  severity: Severity;
  aliases: Required<PolicyAliases>;
  file: string;
  range: OneBasedRange;
  resource: string;
  suppressed: JsonSuppression | null;
  compliance: ComplianceMapping[];
  fixable: boolean;
  // ---- additions to the documented minimum
  resourceType: string;
  format: Format;
  docs: string;
  fix: { description: string; safe: boolean } | null;
  /** Stable across runs and unrelated edits (see reports/common.ts). */
  fingerprint: string;
  [extra: string]: unknown;
}

export interface JsonError {
  file: string;
  message: string;
  range: OneBasedRange | null;
  severity: 'error' | 'warning' | 'info';
}

export interface JsonReport {
  version: 1;
  tool: { name: 'iac-audit'; version: string; policyPackVersion?: string };
  summary: {
    files: number;
    /** Active (unsuppressed) findings; `bySeverity` counts the same. */
    findings: number;
    suppressed: number;
    bySeverity: SeverityCounts;
    errors: number;
    resources?: number;
  };
  /** Every finding, suppressed ones included (with `suppressed` set). */
  findings: JsonFinding[];
  errors: JsonError[];
  [extra: string]: unknown;
}

export function toJsonReport(scan: ScanReportInput, options: JsonReportOptions): JsonReport {
  const policies = policyMap(options.policies);
  const sorted = sortFindings(scan.findings);
  const prints = fingerprints(sorted);
  const active = sorted.filter((f) => !f.suppressed);
  const findings = sorted.map((f): JsonFinding => {
    const policy = policies.get(f.policyId);
    const core: JsonFinding = {
      policyId: f.policyId,
      title: f.title,
      message: f.message,
      severity: f.severity,
      aliases: normalizedAliases(policy?.aliases),
      file: f.file,
      range: oneBased(f.range),
      resource: f.resource,
      suppressed: f.suppressed
        ? { kind: f.suppressed.kind, reason: f.suppressed.reason, expires: f.suppressed.expires, file: f.suppressed.file, range: oneBased(f.suppressed.range) }
        : null,
      compliance: (policy?.compliance ?? []).map((c) => ({ framework: c.framework, control: c.control })),
      fixable: !!f.fix && f.fix.edits.length > 0,
      resourceType: f.resourceType,
      format: f.format,
      docs: docsUrl({ id: f.policyId, docs: policy?.docs }),
      fix: f.fix ? { description: f.fix.description, safe: f.fix.safe } : null,
      fingerprint: prints.get(f)!,
    };
    const extras = options.findingExtras?.(f);
    return extras ? { ...core, ...withoutKeys(extras, core) } : core;
  });
  const tool: JsonReport['tool'] = { name: 'iac-audit', version: options.toolVersion };
  if (options.policyPackVersion) tool.policyPackVersion = options.policyPackVersion;
  const report: JsonReport = {
    version: JSON_REPORT_VERSION,
    tool,
    summary: {
      files: scan.files.length,
      findings: active.length,
      suppressed: sorted.length - active.length,
      bySeverity: countBySeverity(active),
      errors: scan.errors.length,
      ...(scan.resources !== undefined ? { resources: scan.resources } : {}),
    },
    findings,
    errors: sortErrors(scan.errors).map((e) => ({ file: e.file, message: e.message, range: e.range ? oneBased(e.range) : null, severity: e.severity })),
  };
  return options.extras ? { ...report, ...withoutKeys(options.extras, report) } : report;
}

/** Extra fields that do not collide with the contract's own (which always win). */
function withoutKeys(extras: Record<string, unknown>, core: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extras)) if (!(k in core)) out[k] = v;
  return out;
}
