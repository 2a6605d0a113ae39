/**
 * The CLI's accountability parts, shared by `scan` and `suppressions`: owners of findings from git
 * (`owner` in JSON/SARIF, `--group-by owner`, the "Uncommitted changes" section), and recording a
 * scan in the audit log (`--audit-log FILE`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPreviousScan, reportGeneratedEvent, scanEvents, type AuditEventInput } from '../engine/audit-log/index';
import { AuditLogError } from '../engine/audit-log/store';
import type { Finding, Severity } from '../engine/core/policy';
import { ownerKey, OwnershipResolver, type FindingOwner, type GitPort } from '../engine/ownership/index';
import type { ScanResult } from '../engine/project';
import { sortFindings } from '../engine/reports/index';
import { nodeSha256, openAuditLog } from '../node/audit-log-file';
import { NodeGit } from '../node/git';
import { POLICY_PACK_VERSION } from './catalog';
import { CliError, type CliIo } from './io';
import { toolVersion } from './version';

export type Owners = Map<Finding, FindingOwner | null>;

/** A git port for paths relative to the CLI's working directory. */
export function cliGit(io: CliIo): NodeGit {
  return new NodeGit({ resolve: (p) => path.resolve(io.cwd, p) });
}

export async function findingOwners(findings: readonly Finding[], git: GitPort): Promise<Owners> {
  return new OwnershipResolver(git).ownersOf(findings);
}

// ------------------------------------------------------------------ text output

interface Group {
  key: string;
  label: string;
  findings: Finding[];
}

/** Findings per owner: committed authors (by email), then uncommitted changes, then findings without an owner. */
export function groupByOwner(findings: readonly Finding[], owners: Owners): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of sortFindings(findings)) {
    const owner = owners.get(finding) ?? null;
    const key = ownerKey(owner);
    let group = groups.get(key);
    if (!group) {
      const label = !owner ? 'No owner (not in a git repository, or git unavailable)' : owner.uncommitted ? 'Uncommitted changes (not reviewed yet)' : `${owner.author} <${owner.email}>`;
      group = { key, label, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  const rank = (g: Group) => (g.key === '' ? 2 : g.key === 'uncommitted' ? 1 : 0);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || b.findings.length - a.findings.length || (a.label < b.label ? -1 : 1));
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function findingLine(f: Finding, widths: { loc: number; sev: number; id: number }, owner: FindingOwner | null | undefined): string {
  const loc = `${f.file}:${f.range.start.line + 1}:${f.range.start.column + 1}`.padEnd(widths.loc);
  const team = owner?.codeowners.length ? `  (${owner.codeowners.join(' ')})` : '';
  return `  ${loc}  ${f.severity.padEnd(widths.sev)}  ${f.policyId.padEnd(widths.id)}  ${f.message}${team}`;
}

function widthsOf(findings: readonly Finding[]): { loc: number; sev: number; id: number } {
  return {
    loc: Math.max(0, ...findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.column + 1}`.length)),
    sev: Math.max(0, ...findings.map((f) => f.severity.length)),
    id: Math.max(0, ...findings.map((f) => f.policyId.length)),
  };
}

/** `--group-by owner` in text: one block per owner, the summary line last. */
export function ownerGroupsText(findings: readonly Finding[], owners: Owners, summary: string): string {
  const groups = groupByOwner(findings, owners);
  const widths = widthsOf(findings);
  const lines: string[] = [];
  for (const group of groups) {
    if (lines.length) lines.push('');
    lines.push(`${group.label} — ${count(group.findings.length, 'finding')}`);
    for (const f of group.findings) lines.push(findingLine(f, widths, owners.get(f)));
  }
  if (lines.length) lines.push('');
  lines.push(summary);
  return lines.join('\n') + '\n';
}

/** The report section for findings on lines nobody has committed (drift that bypassed review). */
export function uncommittedSection(findings: readonly Finding[], owners: Owners): string[] {
  const uncommitted = sortFindings(findings).filter((f) => owners.get(f)?.uncommitted);
  if (!uncommitted.length) return [];
  const widths = widthsOf(uncommitted);
  return [`Uncommitted changes (not committed, so not reviewed) — ${count(uncommitted.length, 'finding')}:`, ...uncommitted.map((f) => findingLine(f, widths, owners.get(f)))];
}

/** Inserts sections before the summary line (the last line) of a text report. */
export function withSections(report: string, sections: string[][]): string {
  const blocks = sections.filter((s) => s.length);
  if (!blocks.length) return report;
  const lines = report.replace(/\n$/, '').split('\n');
  const summary = lines.pop()!;
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out = [...lines];
  for (const block of blocks) {
    if (out.length) out.push('');
    out.push(...block);
  }
  out.push('', summary);
  return out.join('\n') + '\n';
}

/** `groups` in the JSON report with --group-by owner: owner -> finding fingerprints. */
export function ownerGroupsJson(findings: readonly Finding[], owners: Owners, prints: (f: Finding) => string): Record<string, unknown>[] {
  return groupByOwner(findings, owners).map((g) => {
    const owner = owners.get(g.findings[0]) ?? null;
    return {
      owner: owner ? { author: owner.author, email: owner.email, uncommitted: owner.uncommitted } : null,
      label: g.label,
      count: g.findings.length,
      bySeverity: countSeverities(g.findings),
      fingerprints: g.findings.map(prints),
    };
  });
}

function countSeverities(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

// ------------------------------------------------------------------ audit log

export interface ScanLogInput {
  file: string;
  paths: string[];
  result: ScanResult;
  findings: readonly Finding[];
  errors: number;
  /** When the report was written to a file: what and where. */
  report?: { format: string; output: string; text: string; findings: number };
  git: GitPort;
}

/** Appends the scan (with what changed since the last scan of the same paths) to the audit log. */
export async function recordScan(input: ScanLogInput, io: CliIo): Promise<void> {
  const file = path.resolve(io.cwd, input.file);
  const log = openAuditLog({
    file,
    toolVersion: toolVersion(),
    actor: async () => (await input.git.identity()) ?? { name: 'unknown', email: null },
  });
  try {
    const previous = findPreviousScan(await log.read(), input.paths);
    const events: AuditEventInput[] = scanEvents(
      {
        paths: input.paths,
        files: input.result.files.length,
        resources: input.result.resources,
        errors: input.errors,
        findings: input.findings,
        directives: input.result.directives,
        policyPackVersion: POLICY_PACK_VERSION,
      },
      previous,
    );
    if (input.report) {
      events.push(
        reportGeneratedEvent({
          format: input.report.format,
          output: input.report.output,
          sha256: nodeSha256(new TextEncoder().encode(input.report.text)),
          findings: input.report.findings,
          files: input.result.files.length,
        }),
      );
    }
    await log.record(events);
  } catch (error) {
    if (error instanceof AuditLogError) throw new CliError(`cannot append to the audit log ${input.file}: ${error.message}`);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot append to the audit log ${input.file}: ${reason}`);
  }
}

/** The default log of a directory (`.iac-audit/audit-log.jsonl`) when it exists. */
export function defaultAuditLog(cwd: string): string {
  return path.join(cwd, '.iac-audit', 'audit-log.jsonl');
}

export function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
