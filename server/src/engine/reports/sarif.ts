/**
 * SARIF 2.1.0 output (`--format sarif`) for GitHub code scanning, Azure DevOps and other viewers.
 * Valid against the OASIS schema (tests validate with Ajv); GitHub reads `security-severity`,
 * `tags`, `helpUri`, `partialFingerprints` and in-source `suppressions`.
 */
import { docsUrl, type Finding, type InputError, type Policy, type Severity } from '../core/policy';
import type { SourceRange } from '../core/range';
import { fingerprints, normalizedAliases, sortErrors, sortFindings, type ScanReportInput } from './common';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const TOOL_INFORMATION_URI = 'https://github.com/iac-audit/iac-audit';

export interface SarifOptions {
  toolVersion: string;
  /** `file:///abs/dir/` the report's relative paths start from; declared as %SRCROOT%. */
  rootUri?: string;
  policyPackVersion?: string;
  /** Extra per-result properties (e.g. ownership); merged into `result.properties`. */
  resultProperties?: (finding: Finding) => Record<string, unknown> | undefined;
}

/** Level of a result by severity: what a code-scanning UI shows as error / warning / note. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/** GitHub's numeric `security-severity` (critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9). */
export function securitySeverity(severity: Severity): string {
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }[severity];
}

// Loose structural types: enough to build the log, not a full SARIF model.
export type SarifLog = {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
};
export type SarifRun = Record<string, unknown> & { tool: { driver: Record<string, unknown> & { rules: SarifRule[] } }; results: SarifResult[] };
export type SarifRule = Record<string, unknown> & { id: string };
export type SarifResult = Record<string, unknown> & { ruleId: string; ruleIndex: number; level: string };

export function toSarif(scan: ScanReportInput, policies: readonly Policy[], options: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  for (const policy of policies) if (!ruleIndex.has(policy.id)) addRule(ruleFor(policy));
  const sorted = sortFindings(scan.findings);
  for (const f of sorted) if (!ruleIndex.has(f.policyId)) addRule(fallbackRule(f));
  const prints = fingerprints(sorted);

  const results: SarifResult[] = sorted.map((f) => {
    const result: SarifResult = {
      ruleId: f.policyId,
      ruleIndex: ruleIndex.get(f.policyId)!,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(f.range) },
          ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] } : {}),
        },
      ],
      partialFingerprints: { 'iacAuditFinding/v1': prints.get(f)! },
      properties: {
        severity: f.severity,
        resource: f.resource,
        resourceType: f.resourceType,
        format: f.format,
        fixable: !!f.fix,
        ...(f.fix ? { fix: { description: f.fix.description, safe: f.fix.safe } } : {}),
        ...(options.resultProperties?.(f) ?? {}),
      },
    };
    if (f.suppressed) {
      const s = f.suppressed;
      result.suppressions = [
        {
          kind: 'inSource',
          ...(s.reason ? { justification: s.reason } : {}),
          location: { physicalLocation: { artifactLocation: artifactLocation(s.file), region: region(s.range) } },
          properties: { suppressionKind: s.kind, expires: s.expires },
        },
      ];
    }
    return result;
  });

  const run: SarifRun = {
    tool: {
      driver: {
        name: 'iac-audit',
        fullName: 'IaC Audit',
        version: options.toolVersion,
        semanticVersion: options.toolVersion,
        informationUri: TOOL_INFORMATION_URI,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: sortErrors(scan.errors).map(notification),
      },
    ],
    ...(options.rootUri ? { originalUriBaseIds: { [SRCROOT]: { uri: options.rootUri.endsWith('/') ? options.rootUri : options.rootUri + '/' } } } : {}),
    columnKind: 'utf16CodeUnits',
    results,
    properties: { files: scan.files.length, ...(options.policyPackVersion ? { policyPackVersion: options.policyPackVersion } : {}) },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function ruleFor(policy: Policy): SarifRule {
  const docs = docsUrl(policy);
  const compliance = policy.compliance.map((c) => `${c.framework} ${c.control}`);
  const aliases = normalizedAliases(policy.aliases);
  return {
    id: policy.id,
    name: ruleName(policy.title),
    shortDescription: { text: policy.title },
    fullDescription: { text: policy.description },
    help: {
      text: `${policy.description}\n\nWhy it matters: ${policy.rationale}\n\nHow to fix: ${policy.remediation}\n\nDocumentation: ${docs}`,
      markdown:
        `${policy.description}\n\n**Why it matters:** ${policy.rationale}\n\n**How to fix:** ${policy.remediation}` +
        (compliance.length ? `\n\n**Compliance:** ${compliance.join(', ')}` : '') +
        `\n\n[Documentation](${docs})`,
    },
    helpUri: docs,
    defaultConfiguration: { level: sarifLevel(policy.severity) },
    properties: {
      'security-severity': securitySeverity(policy.severity),
      severity: policy.severity,
      precision: 'high',
      tags: ['security', 'iac', ...policy.formats, ...compliance],
      compliance: policy.compliance.map((c) => ({ framework: c.framework, control: c.control })),
      aliases,
    },
  };
}

/** A finding whose policy was not passed in still needs a rule for `ruleIndex`. */
function fallbackRule(f: Finding): SarifRule {
  return {
    id: f.policyId,
    name: ruleName(f.title),
    shortDescription: { text: f.title },
    helpUri: docsUrl({ id: f.policyId }),
    defaultConfiguration: { level: sarifLevel(f.severity) },
    properties: { 'security-severity': securitySeverity(f.severity), severity: f.severity, tags: ['security', 'iac', f.format] },
  };
}

/** SARIF suggests a PascalCase, identifier-like rule name: "S3 bucket encryption" -> `S3BucketEncryption`. */
export function ruleName(title: string): string {
  return (
    title
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('') || 'Rule'
  );
}

function region(range: SourceRange): Record<string, number> {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}

/** Relative paths resolve against %SRCROOT%; absolute ones become file URIs. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const encoded = file
    .split('/')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
  if (file.startsWith('/')) return { uri: `file://${encoded}` };
  if (/^[A-Za-z]:\//.test(file)) return { uri: `file:///${encoded}` };
  return { uri: encoded, uriBaseId: SRCROOT };
}

function notification(error: InputError): Record<string, unknown> {
  return {
    level: error.severity === 'info' ? 'note' : error.severity,
    message: { text: error.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(error.file),
          ...(error.range ? { region: region(error.range) } : {}),
        },
      },
    ],
    descriptor: { id: 'input-error' },
  };
}
