/**
 * The policy API: one policy = one module exporting `definePolicy({...})` (see policies/).
 * A policy is metadata (what an auditor reads) plus a pure `check` over the neutral model.
 */
import type { EntityKind, Format, MapNode, ModelNode, Resource } from './model';
import type { SourceRange } from './range';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface ComplianceMapping {
  /** `CIS AWS 1.5`, `SOC 2`, `HIPAA`, `PCI DSS 4.0`, `GDPR`, `NIST 800-53`, `CIS Kubernetes 1.8` ... */
  framework: string;
  /** `2.1.1`, `CC6.1`, `164.312(a)(2)(iv)`, `3.4`, `Art. 32`, `SC-28` ... */
  control: string;
}

export interface PolicyAliases {
  /** Checkov check ids, e.g. `CKV_AWS_19`. */
  checkov?: string[];
  /** KICS query ids (UUIDs from the KICS query metadata.json). */
  kics?: string[];
  /** Trivy / tfsec ids, both long and AVD forms: `AVD-AWS-0088`, `aws-s3-enable-bucket-encryption`. */
  trivy?: string[];
}

export interface PolicyMetadata {
  /** Ours, stable forever: `IAC-AWS-S3-001`. */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  /** Why it matters (the risk). */
  rationale: string;
  /** How to fix it, in words. */
  remediation: string;
  /** Documentation URL; filled in from the id when omitted. */
  docs?: string;
  compliance: ComplianceMapping[];
  aliases: PolicyAliases;
  /** Known, deliberate differences from peer tools (shown in docs and by the conformance script). */
  deviations?: string[];
  /** True when the policy offers a fix (it has `fixtures/fixed/`); listed by `iac-audit policies`. */
  fixable?: boolean;
}

/** A replacement of `range` in `file` by `newText` (an insertion when the range is empty). */
export interface TextEdit {
  file: string;
  range: SourceRange;
  newText: string;
}

export interface Fix {
  /** Imperative, shown as "Fix: <description>", e.g. `enable storage encryption`. */
  description: string;
  /** Safe fixes are applied by "Fix All"; the rest need a human to review them. */
  safe: boolean;
  edits: TextEdit[];
}

/** A value a fix writes, rendered by each format's editor in its own syntax. */
export type SnippetValue =
  | string
  | number
  | boolean
  | null
  | SnippetValue[]
  | { [key: string]: SnippetValue }
  /** Verbatim expression text in the target syntax (e.g. a Terraform reference). */
  | { $raw: string };

/**
 * Something to add to a map: an attribute (`key = value` / `key: value`) or, for Terraform, a
 * nested block (`key { ... }`). In YAML and JSON a block renders as a nested map.
 */
export type Snippet =
  | { attr: string; value: SnippetValue }
  | { block: string; labels?: string[]; body: Snippet[] };

/** Builds text edits in the resource's own syntax, keeping the file's indentation style. */
export interface FixBuilder {
  /** Adds entries at the end of a map / block body (creating nothing else). */
  addEntries(map: MapNode, snippets: Snippet[]): TextEdit[];
  /** Replaces a node's value, keeping its key. */
  setValue(node: ModelNode, value: SnippetValue): TextEdit[];
  /** Removes a whole entry (key and value, and its line when it stands alone). */
  removeEntry(node: ModelNode): TextEdit[];
  /** Inserts raw text on new lines after a resource (e.g. a companion Terraform resource). */
  insertAfterResource(resource: Resource, text: string): TextEdit[];
}

export interface ReportOptions {
  /** The most precise node: the offending attribute, or, for something missing, omit it. */
  node?: ModelNode;
  /** Overrides `node`; defaults to the resource's header when neither is given. */
  range?: SourceRange;
  /** File of `range` when it is not the resource's (rare: a value defined in tfvars). */
  file?: string;
  /** Names the resource and says what to change. */
  message: string;
  fix?: Fix;
}

/** Everything a check can see besides its resource. */
export interface CheckContext {
  /** Files whose text a check may need (read-only). */
  report(options: ReportOptions): void;
  readonly fix: FixBuilder;
  /**
   * The other resources in the same scope: the Terraform module (directory), the
   * CloudFormation template, or the Kubernetes file. Optionally only of one type.
   */
  resources(type?: string): readonly Resource[];
  /**
   * Resources of `type` whose attribute `attribute` refers to `target` (by reference such as
   * `aws_s3_bucket.b.id`, or by equal literal name/id). E.g. the encryption configuration of a bucket.
   */
  referencing(target: Resource, type: string, attribute: string): Resource[];
}

export interface Policy extends PolicyMetadata {
  /** Formats this policy applies to. */
  formats: Format[];
  /**
   * Resource types the engine calls `check` for, per format (`aws_s3_bucket`, `AWS::S3::Bucket`,
   * `Deployment`). `['*']` means every entity of the listed kinds (e.g. a secrets scanner).
   */
  resourceTypes: Partial<Record<Format, string[]>>;
  /** Entity kinds checked; defaults to `['resource']`. */
  kinds?: EntityKind[];
  check(resource: Resource, ctx: CheckContext): void;
}

export const DOCS_BASE_URL = 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/';

export function docsUrl(policy: Pick<PolicyMetadata, 'id' | 'docs'>): string {
  return policy.docs ?? `${DOCS_BASE_URL}${policy.id}.md`;
}

/** Identity helper that gives policy modules full type checking of their literal. */
export function definePolicy(policy: Policy): Policy {
  return policy;
}

export type SuppressionKind = 'iac-audit' | 'checkov' | 'tfsec' | 'trivy' | 'kics';

export interface Suppression {
  kind: SuppressionKind;
  reason: string | null;
  /** YYYY-MM-DD or null. */
  expires: string | null;
  /** Where the comment is, for hovers, the ledger and blame. */
  file: string;
  range: SourceRange;
}

export interface Finding {
  policyId: string;
  title: string;
  severity: Severity;
  message: string;
  file: string;
  range: SourceRange;
  /** Resource address (see Resource.address). */
  resource: string;
  resourceType: string;
  format: Format;
  fix?: Fix;
  /** null when active; the suppression that silences it otherwise (it stays in the results). */
  suppressed: Suppression | null;
}

/** A problem with the input itself (syntax error, file too large, unreadable), not a policy finding. */
export interface InputError {
  file: string;
  message: string;
  range?: SourceRange;
  severity: 'error' | 'warning' | 'info';
}
