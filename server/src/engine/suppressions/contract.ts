/**
 * Contract between the orchestrator and the suppression engine (implemented in ./index.ts).
 */
import type { Resource } from '../core/model';
import type { Finding, Policy, Suppression } from '../core/policy';

/** One suppression comment (or CloudFormation Metadata entry) as written in a file. */
export interface SuppressionDirective extends Suppression {
  /** Ids as written: ours (`IAC-AWS-S3-001`) or a peer's (`CKV_AWS_19`, `aws-s3-enable-bucket-encryption`, a KICS UUID). Empty for "all". */
  ids: string[];
  /** What the directive covers. */
  scope: 'resource' | 'line' | 'file';
  /** 0-based line the directive targets (scope 'line'), or the line it is written on. */
  line: number;
  /** Scope 'line': the last line covered (the end of the block the target line opens). */
  endLine?: number;
  /** The resource the directive covers (scope 'resource') or is written in, when there is one. */
  resource?: string;
  /** Which tool's syntax it was written in, e.g. `kics-ignore-block` (finer than `kind`). */
  syntax?: string;
  /** False when it suppresses nothing: expired, unparseable expiry, or no known policy id. */
  active?: boolean;
  /**
   * Ids of the problems found with it (IAC-SUPPRESS-001..003). The expiry reminder IAC-SUPPRESS-004 is
   * not a problem and not listed here: the ledger reports it as `expiringSoon`.
   */
  problems?: string[];
  /** How many findings it suppressed (0 on an active directive = a stale suppression). */
  suppressedCount?: number;
}

export interface SuppressionInput {
  file: string;
  text: string;
  /** Findings of this file before suppression. */
  findings: Finding[];
  /** Resources defined in this file (for resource-scoped directives). */
  resources: Resource[];
  /** Every known policy (for alias matching and unknown-id detection). */
  policies: readonly Policy[];
  /** Today as YYYY-MM-DD (injected so tests and reports are deterministic). */
  today: string;
  /**
   * An active directive expiring within this many days of `today` (inclusive; expiring today = 0 days)
   * is reported as IAC-SUPPRESS-004. Default 14; 0 turns the reminder off.
   */
  expiryWarningDays?: number;
}

export interface SuppressionOutput {
  /** The same findings, `suppressed` set where a valid directive covers them. */
  findings: Finding[];
  /** Findings about the directives themselves: missing reason, bad or past expiry, unknown policy, expiring soon. */
  directiveFindings: Finding[];
  /** Every directive found, for hovers and the suppression ledger. */
  directives: SuppressionDirective[];
}
