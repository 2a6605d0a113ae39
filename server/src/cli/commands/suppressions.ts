/**
 * `iac-audit suppressions [paths...]`: the suppression ledger. Every suppression in the paths with
 * policy, resource, reason, expiry and days left, who added it and when (git blame of the comment
 * line), whether it still suppresses anything (stale otherwise), and a warning for those expiring
 * within the window (default 14 days). Expired and reason-less suppressions are findings of
 * `iac-audit scan` already (IAC-SUPPRESS-001/002).
 */
import { oneBased } from '../../engine/reports/index';
import { buildLedger, DEFAULT_EXPIRING_WITHIN_DAYS, ledgerWarnings, summarizeLedger, type LedgerEntry, type LedgerSummary } from '../../engine/ledger/index';
import { NO_GIT, OwnershipResolver, relativeTime, shortSha, type FindingOwner } from '../../engine/ownership/index';
import { Project } from '../../engine/project';
import type { SuppressionDirective } from '../../engine/suppressions/contract';
import { NodeFileHost } from '../../node/file-host';
import { cliGit } from '../accountability';
import { byteSize, choice, dayCount, listOption, parseCommandArgs, type OptionSpecs } from '../args';
import { allPolicies, POLICY_PACK_VERSION } from '../catalog';
import type { Command } from '../command';
import { excludeMatcher } from '../exclude';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../io';
import { toolVersion } from '../version';

export const suppressionsOptions: OptionSpecs = {
  format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text).' },
  'expiring-within': { type: 'string', valueName: 'DAYS', description: `Warn about suppressions expiring within DAYS days (default: ${DEFAULT_EXPIRING_WITHIN_DAYS}).` },
  strict: { type: 'boolean', description: 'Exit 1 when a suppression is stale, expired, invalid, has no reason, or expires within the window.' },
  'no-blame': { type: 'boolean', description: 'Do not run git blame (who added a suppression and when stay unknown).' },
  today: { type: 'string', valueName: 'YYYY-MM-DD', description: 'Evaluate expiry as of this day (default: today, UTC), for reproducible reports.' },
  exclude: { type: 'string', multiple: true, valueName: 'GLOB', description: 'Leave out matching paths (repeatable).' },
  'max-file-size': { type: 'string', valueName: 'BYTES', description: 'Skip files larger than this (default: 2MB).' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export const suppressionsCommand: Command = {
  name: 'suppressions',
  summary: 'List every suppression: policy, resource, reason, expiry, who added it and when, and whether it is stale.',
  usage: ['suppressions [paths...] [--format text|json] [--expiring-within DAYS] [--strict]'],
  options: suppressionsOptions,
  details: `Statuses: active (in use), expiring-soon (in use, expires within the window), stale (suppresses
nothing: the finding is gone or the comment is misplaced), expired (past its date: suppresses nothing),
invalid (unreadable expiry or no known policy id).

Exit codes:
  0  listed (also with problems, unless --strict)
  1  --strict and at least one suppression is stale, expired, invalid, reason-less or expiring soon
  2  usage or I/O error`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('suppressions', argv, suppressionsOptions);
    const format = choice(values.format, '--format', ['text', 'json'] as const, 'text');
    const window = dayCount(values['expiring-within'], '--expiring-within') ?? DEFAULT_EXPIRING_WITHIN_DAYS;
    const today = typeof values.today === 'string' ? values.today : new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) throw new CliError(`invalid value "${today}" for --today: expected YYYY-MM-DD`);

    const host = new NodeFileHost(io.cwd);
    const roots: string[] = [];
    for (const input of positionals.length ? positionals : ['.']) {
      if (!(await host.kind(input))) throw new CliError(`path not found: ${input}`);
      roots.push(host.toEnginePath(input));
    }
    const project = new Project(host, {
      policies: allPolicies(),
      maxFileSize: byteSize(values['max-file-size'], '--max-file-size'),
      isExcluded: excludeMatcher(listOption(values.exclude)),
      today: () => today,
    });
    const scan = await project.scan(roots);
    const git = values['no-blame'] === true ? NO_GIT : cliGit(io);
    // Who added a suppression: the blame of its comment's first line.
    const lines = scan.directives.map((d) => ({ file: d.file, range: { start: d.range.start, end: d.range.start } }));
    const owners = await new OwnershipResolver(git).ownersOf(lines);
    const ownerOf = new Map<SuppressionDirective, FindingOwner | null>(scan.directives.map((d, i) => [d, owners.get(lines[i]) ?? null]));
    const ledger = buildLedger({ directives: scan.directives, findings: scan.findings, today, expiringWithinDays: window, owners: ownerOf });
    const summary = summarizeLedger(ledger);
    const warnings = ledgerWarnings(ledger, window);

    if (format === 'json') {
      const doc = {
        version: 1,
        tool: { name: 'iac-audit', version: toolVersion(), policyPackVersion: POLICY_PACK_VERSION },
        today,
        expiringWithinDays: window,
        summary,
        suppressions: ledger.map(jsonEntry),
        warnings,
      };
      io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else {
      io.stdout.write(ledgerText(ledger, summary, warnings, window, typeof values.today === 'string' ? new Date(`${today}T23:59:59Z`) : new Date()));
    }
    const problems = summary.stale + summary.expired + summary.invalid + summary.withoutReason + summary.expiringSoon;
    return values.strict === true && problems > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

export function jsonEntry(e: LedgerEntry): Record<string, unknown> {
  return {
    file: e.file,
    line: e.range.start.line + 1,
    range: oneBased(e.range),
    kind: e.kind,
    syntax: e.syntax,
    scope: e.scope,
    policies: e.policies,
    resource: e.resource,
    reason: e.reason,
    expires: e.expires,
    daysUntilExpiry: e.daysUntilExpiry,
    status: e.status,
    active: e.active,
    stale: e.stale,
    expiringSoon: e.expiringSoon,
    suppressed: e.suppressed,
    problems: e.problems,
    addedBy: e.addedBy,
    addedAt: e.addedAt,
    commit: e.commit,
    uncommitted: e.uncommitted,
  };
}

const STATUS_TEXT: Record<LedgerEntry['status'], string> = {
  active: 'active',
  'expiring-soon': 'expiring soon',
  stale: 'STALE: suppresses nothing',
  expired: 'EXPIRED: suppresses nothing',
  invalid: 'INVALID: suppresses nothing',
};

export function ledgerText(ledger: readonly LedgerEntry[], summary: LedgerSummary, warnings: string[], window: number, now: Date): string {
  const lines: string[] = [];
  for (const e of ledger) {
    if (lines.length) lines.push('');
    const what = e.policies.length ? e.policies.join(', ') : 'all policies';
    lines.push(`${e.file}:${e.range.start.line + 1}  ${what}${e.resource ? ` on ${e.resource}` : ''}  [${STATUS_TEXT[e.status]}]`);
    lines.push(`    reason:     ${e.reason ? `"${e.reason}"` : 'none given'}`);
    lines.push(`    expires:    ${expiryText(e)}`);
    lines.push(`    added by:   ${addedText(e, now)}`);
    const n = e.suppressed.length;
    lines.push(`    suppresses: ${n ? `${n} finding${n === 1 ? '' : 's'} (${[...new Set(e.suppressed.map((s) => `${s.policyId} on ${s.resource}`))].join(', ')})` : 'nothing'}`);
    if (e.problems.length) lines.push(`    problems:   ${e.problems.join(', ')}`);
  }
  if (warnings.length) {
    if (lines.length) lines.push('');
    lines.push(`Expiring within ${window} days:`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  if (lines.length) lines.push('');
  lines.push(summaryText(summary, window));
  return lines.join('\n') + '\n';
}

function expiryText(e: LedgerEntry): string {
  if (e.expires === null) return 'never';
  const d = e.daysUntilExpiry;
  if (d === null) return `${e.expires} (not a valid date)`;
  if (d < 0) return `${e.expires} (expired ${-d} day${d === -1 ? '' : 's'} ago)`;
  if (d === 0) return `${e.expires} (today)`;
  return `${e.expires} (in ${d} day${d === 1 ? '' : 's'})`;
}

function addedText(e: LedgerEntry, now: Date): string {
  if (!e.addedBy) return 'unknown (not in a git repository, or --no-blame)';
  if (e.uncommitted || !e.commit || !e.addedAt) return `${e.addedBy.name} <${e.addedBy.email}>, not committed yet`;
  return `${e.addedBy.name} <${e.addedBy.email}>, ${e.addedAt.slice(0, 10)} (${relativeTime(e.addedAt, now)}, ${shortSha(e.commit)})`;
}

function summaryText(s: LedgerSummary, window: number): string {
  if (!s.total) return 'No suppressions.';
  const parts = [`${s.active} active`];
  if (s.expiringSoon) parts.push(`${s.expiringSoon} expiring within ${window} days`);
  if (s.stale) parts.push(`${s.stale} stale`);
  if (s.expired) parts.push(`${s.expired} expired`);
  if (s.invalid) parts.push(`${s.invalid} invalid`);
  if (s.withoutReason) parts.push(`${s.withoutReason} without a reason`);
  return `${s.total} suppression${s.total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
