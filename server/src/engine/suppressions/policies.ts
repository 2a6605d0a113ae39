/**
 * The suppression directives are audited like any resource: a directive without a reason, with a
 * bad or past expiry, or naming no known policy is itself a finding, and one about to expire is a
 * reminder (info). These policies carry the metadata for those findings so reports,
 * `iac-audit policies`, the docs and hovers know them.
 * Their `check` never runs (no resource kinds): the suppression engine reports them directly.
 */
import type { ComplianceMapping, Policy } from '../core/policy';
import { definePolicy } from '../core/policy';

export const SUPPRESSION_WITHOUT_REASON = 'IAC-SUPPRESS-001';
export const SUPPRESSION_BAD_EXPIRY = 'IAC-SUPPRESS-002';
export const SUPPRESSION_UNKNOWN_POLICY = 'IAC-SUPPRESS-003';
export const SUPPRESSION_EXPIRES_SOON = 'IAC-SUPPRESS-004';

/** Days before its expiry from which a suppression is reported as expiring soon (IAC-SUPPRESS-004). */
export const DEFAULT_EXPIRY_WARNING_DAYS = 14;

const ALL_FORMATS = { terraform: ['*'], cloudformation: ['*'], kubernetes: ['*'] };

/** Accepting a risk is a documented, reviewed, time-bound decision in these frameworks. */
const RISK_ACCEPTANCE: ComplianceMapping[] = [
  { framework: 'SOC 2', control: 'CC8.1' },
  { framework: 'SOC 2', control: 'CC3.2' },
  { framework: 'NIST 800-53', control: 'CM-3' },
  { framework: 'NIST 800-53', control: 'PM-9' },
  { framework: 'PCI DSS 4.0', control: '12.3.1' },
];

const noCheck = (): void => undefined;

type SuppressionPolicyText = Pick<Policy, 'id' | 'title' | 'severity' | 'description' | 'rationale' | 'remediation'>;

/** What every suppression meta-policy shares: all formats, no entity kinds (never checked), no fix. */
function suppressionPolicy(text: SuppressionPolicyText): Policy {
  return definePolicy({
    ...text,
    compliance: RISK_ACCEPTANCE,
    aliases: {},
    formats: ['terraform', 'cloudformation', 'kubernetes'],
    resourceTypes: ALL_FORMATS,
    kinds: [],
    fixable: false,
    check: noCheck,
  });
}

export const suppressionWithoutReason = suppressionPolicy({
  id: SUPPRESSION_WITHOUT_REASON,
  title: 'Suppression without a reason',
  severity: 'low',
  description:
    'A suppression comment silences a finding without saying why. Ours requires `reason="..."`; ' +
    "Checkov's `checkov:skip=ID:reason` counts; tfsec, Trivy and KICS comments can carry one as a trailing `reason=\"...\"`.",
  rationale:
    'An unexplained suppression is an unreviewable risk acceptance: nobody can later tell whether it was deliberate, ' +
    'who decided it, or whether the reason still holds. Auditors ask for the justification of every exception.',
  remediation:
    'Add the reason to the comment, e.g. `# iac-audit:ignore IAC-AWS-S3-001 reason="logs bucket, encrypted by org SCP" expires=2027-03-31`, ' +
    'or `#checkov:skip=CKV_AWS_19:logs bucket, encrypted by org SCP`. The finding stays suppressed meanwhile.',
});

export const suppressionBadExpiry = suppressionPolicy({
  id: SUPPRESSION_BAD_EXPIRY,
  title: 'Suppression with an invalid or past expiry date',
  severity: 'low',
  description:
    'A suppression names an expiry date (`expires=YYYY-MM-DD`, tfsec/Trivy `:exp:YYYY-MM-DD`) that is not a valid date or is in the past. ' +
    'Such a suppression no longer suppresses anything: the finding it covered is reported again.',
  rationale:
    'Expiry dates make risk acceptance time-bound. Once the date has passed, the decision has to be reviewed again; ' +
    'an unreadable date cannot be honoured, so it is treated as expired rather than as "forever".',
  remediation:
    'Fix the finding and delete the suppression, or review it and set a new date in the future (YYYY-MM-DD, valid through that day) with an up-to-date reason.',
});

export const suppressionUnknownPolicy = suppressionPolicy({
  id: SUPPRESSION_UNKNOWN_POLICY,
  title: 'Suppression of an unknown policy',
  severity: 'low',
  description:
    'A suppression names a policy id that is neither an IaC Audit policy nor an alias (Checkov, KICS, tfsec/Trivy id) of one, ' +
    'so it suppresses nothing here — often a typo, or a check that was renamed.',
  rationale:
    'A mistyped suppression looks like a documented exception but silences nothing (or, after a later rename, something unintended). ' +
    'Keeping suppressions exact keeps the suppression ledger honest.',
  remediation:
    'Correct the id (see `iac-audit policies` for ids and aliases), or delete the comment if the check it named is not run by IaC Audit.',
});

export const suppressionExpiresSoon = suppressionPolicy({
  id: SUPPRESSION_EXPIRES_SOON,
  title: 'Suppression expires soon',
  severity: 'info',
  description:
    'A suppression with an expiry date (`expires=YYYY-MM-DD`, tfsec/Trivy `:exp:YYYY-MM-DD`) reaches it within the warning window ' +
    '(14 days by default; `--expiring-within DAYS` in the CLI, `iacAudit.suppressions.expiryWarningDays` in the editor, 0 turns it off). ' +
    'The suppression still applies until the end of its expiry day.',
  rationale:
    'When the date passes, the suppressed finding comes back and can fail a build or a review without notice. ' +
    'A reminder ahead of time leaves room to fix the finding or to review the risk acceptance deliberately.',
  remediation:
    'Fix the finding and delete the suppression before the date, or review the decision and set a later date with an up-to-date reason.',
});

export const suppressionPolicies: readonly Policy[] = [suppressionWithoutReason, suppressionBadExpiry, suppressionUnknownPolicy, suppressionExpiresSoon];
