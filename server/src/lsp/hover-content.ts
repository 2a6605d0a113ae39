/**
 * Hover texts (Markdown): a finding (title, severity, why, how to fix, compliance, aliases) and a
 * suppression comment (what it silences, reason, expiry, whether it is still needed).
 * Pure functions of engine data, so tests can assert them exactly.
 */
import { docsUrl, type Finding, type Policy } from '../engine/core/policy';
import type { SuppressionDirective } from '../engine/suppressions/contract';

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/**
 * The hover of a finding. `ownerLines` (who introduced it, CODEOWNERS) come right under the
 * severity: accountability is the first thing a reviewer asks about, so it is never scrolled away.
 */
export function findingHover(finding: Finding, policy: Policy | undefined, ownerLines: string[] = []): string {
  const lines: string[] = [];
  lines.push(`**${finding.policyId}**: ${escape(policy?.title ?? finding.title)}`);
  lines.push('');
  lines.push(`Severity: **${finding.severity}** · Resource: \`${finding.resource}\``);
  lines.push('');
  for (const line of ownerLines) lines.push(line, '');
  lines.push(escape(finding.message));
  if (policy?.rationale) lines.push('', `**Why it matters:** ${escape(policy.rationale)}`);
  if (policy?.remediation) lines.push('', `**How to fix:** ${escape(policy.remediation)}`);
  if (finding.fix) lines.push('', `**Quick fix:** ${escape(finding.fix.description)}${finding.fix.safe ? '' : ' (review before applying)'}`);
  if (policy?.compliance.length) {
    lines.push('', `**Compliance:** ${policy.compliance.map((c) => escape(`${c.framework} ${c.control}`)).join(' · ')}`);
  }
  const aliases = aliasText(policy);
  if (aliases) lines.push('', `**Also known as:** ${aliases}`);
  lines.push('', `[Documentation](${policy ? docsUrl(policy) : docsUrl({ id: finding.policyId })})`);
  return lines.join('\n');
}

function aliasText(policy: Policy | undefined): string {
  if (!policy) return '';
  const parts: string[] = [];
  if (policy.aliases.checkov?.length) parts.push(`Checkov ${policy.aliases.checkov.join(', ')}`);
  if (policy.aliases.kics?.length) parts.push(`KICS ${policy.aliases.kics.join(', ')}`);
  if (policy.aliases.trivy?.length) parts.push(`Trivy ${policy.aliases.trivy.join(', ')}`);
  return parts.map(escape).join(' · ');
}

export interface DirectiveHoverInput {
  directive: SuppressionDirective;
  /** Findings of the file this directive suppresses. */
  suppressed: Finding[];
  policyById: (id: string) => Policy | undefined;
  today: string;
}

const KIND_NAMES: Record<SuppressionDirective['kind'], string> = {
  'iac-audit': 'IaC Audit',
  checkov: 'Checkov',
  tfsec: 'tfsec',
  trivy: 'Trivy',
  kics: 'KICS',
};

export function directiveHover({ directive, suppressed, policyById, today }: DirectiveHoverInput): string {
  const lines: string[] = [];
  const ids = directive.ids.length ? directive.ids : ['all policies'];
  const named = ids.map((id) => {
    const policy = policyById(id);
    return policy ? `**${id}** (${escape(policy.title)})` : `**${escape(id)}**`;
  });
  lines.push(`**${KIND_NAMES[directive.kind]} suppression** of ${named.join(', ')} · scope: ${directive.scope}`);
  lines.push('');
  lines.push(directive.reason ? `Reason: "${escape(directive.reason)}"` : 'Reason: **none given** (a suppression needs a reason)');
  lines.push('');
  lines.push(`Expires: ${expiryText(directive.expires, today)}`);
  lines.push('');
  if (suppressed.length) {
    const what = suppressed.map((f) => `${f.policyId} on \`${f.resource}\``);
    lines.push(`Still needed: it suppresses ${suppressed.length} finding${suppressed.length === 1 ? '' : 's'} (${[...new Set(what)].join(', ')}).`);
  } else if (directive.expires !== null && directive.expires < today) {
    lines.push('Expired: it no longer suppresses anything.');
  } else {
    lines.push('Not needed: no finding here is suppressed by it.');
  }
  lines.push('', 'Who added it and when: see the line\'s git history (ownership comes from git blame).');
  return lines.join('\n');
}

export function expiryText(expires: string | null, today: string): string {
  if (expires === null) return 'never';
  const days = daysBetween(today, expires);
  if (days === undefined) return `${escape(expires)} (not a valid YYYY-MM-DD date)`;
  if (days < 0) return `${expires} (**expired** ${-days} day${days === -1 ? '' : 's'} ago)`;
  if (days === 0) return `${expires} (today)`;
  return `${expires} (in ${days} day${days === 1 ? '' : 's'})`;
}

function daysBetween(from: string, to: string): number | undefined {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(b)) return undefined;
  return Math.round((b - a) / 86_400_000);
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
