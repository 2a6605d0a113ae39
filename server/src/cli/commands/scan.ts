/**
 * `iac-audit scan [paths...]`: walks the paths, evaluates every Terraform / CloudFormation /
 * Kubernetes file, prints a text, JSON or SARIF report, and exits 0 / 1 (findings at or above
 * --fail-on) / 2 (usage or I/O error).
 *
 * The command is three steps so flags can be added at the right one: parseScanArgs (flags ->
 * ScanSettings), runScan (settings -> ScanOutcome, the engine's results), and renderScan (outcome ->
 * report text). Per-finding additions (e.g. ownership) go into `outcome.extras`, which the JSON and
 * SARIF reports merge into each finding.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, InputError, Policy, Severity } from '../../engine/core/policy';
import { SEVERITIES } from '../../engine/core/policy';
import { DEFAULT_EXPIRY_WARNING_DAYS } from '../../engine/suppressions/index';
import { Project, type ScanResult } from '../../engine/project';
import { fingerprints, sortFindings, summaryLine, toJsonReport, toSarif, toText } from '../../engine/reports/index';
import { NO_GIT, type GitPort } from '../../engine/ownership/index';
import { NodeFileHost } from '../../node/file-host';
import { cliGit, findingOwners, ownerGroupsJson, ownerGroupsText, recordScan, uncommittedSection, withSections, type Owners } from '../accountability';
import { byteSize, choice, dayCount, listOption, parseCommandArgs, type OptionSpecs } from '../args';
import { allPolicies, POLICY_PACK_VERSION, resolvePolicyNames } from '../catalog';
import type { Command } from '../command';
import { excludeMatcher } from '../exclude';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io';
import { progressReporter } from '../progress';
import { toolVersion } from '../version';

export const SCAN_FORMATS = ['text', 'json', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
/** `none` never fails; `info` fails on anything. The default `low` fails on any unsuppressed finding but info. */
export const FAIL_ON = ['critical', 'high', 'medium', 'low', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const DEFAULT_FAIL_ON: FailOn = 'low';

export const scanOptions: OptionSpecs = {
  format: { type: 'string', short: 'f', valueName: 'text|json|sarif', description: 'Report format (default: text).' },
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
  'fail-on': {
    type: 'string',
    valueName: 'SEVERITY',
    description: `Exit 1 when an unsuppressed finding is at or above critical|high|medium|low|info (default: ${DEFAULT_FAIL_ON}; none: never).`,
  },
  policy: { type: 'string', multiple: true, valueName: 'ID', description: 'Run only these policies (repeatable or comma-separated; aliases such as CKV_AWS_19 work).' },
  'skip-policy': { type: 'string', multiple: true, valueName: 'ID', description: 'Do not run these policies (repeatable or comma-separated).' },
  'max-file-size': { type: 'string', valueName: 'BYTES', description: 'Skip files larger than this (default: 2MB; accepts 512k, 4MB).' },
  exclude: { type: 'string', multiple: true, valueName: 'GLOB', description: 'Leave out matching paths (repeatable), e.g. "modules/legacy/**" or "*.tfvars".' },
  'show-suppressed': { type: 'boolean', description: 'Text format: also list suppressed findings with their reason.' },
  'expiring-within': {
    type: 'string',
    valueName: 'DAYS',
    description: `Report suppressions expiring within DAYS days as IAC-SUPPRESS-004 (info; default: ${DEFAULT_EXPIRY_WARNING_DAYS}; 0: off).`,
  },
  'no-blame': { type: 'boolean', description: 'Do not run git blame: no `owner` in JSON/SARIF, no owner groups or uncommitted-changes section.' },
  'group-by': { type: 'string', valueName: 'owner', description: 'Text: findings per owner (git blame author; uncommitted lines apart). JSON: adds `groups`.' },
  'audit-log': { type: 'string', valueName: 'FILE', description: 'Append the scan (counts, policy pack, findings that appeared/disappeared) to this hash-chained log.' },
  color: { type: 'boolean', description: 'Colour the text report even when stdout is not a terminal.' },
  'no-color': { type: 'boolean', description: 'Never colour the text report (also: NO_COLOR=1).' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export interface ScanSettings {
  /** As typed (for messages) and as engine paths (POSIX, relative to the cwd). */
  paths: { input: string; enginePath: string }[];
  format: ScanFormat;
  output?: string;
  failOn: FailOn;
  /** Our ids to run; undefined = all. */
  only?: Set<string>;
  skip: Set<string>;
  maxFileSize?: number;
  /** --expiring-within DAYS: the IAC-SUPPRESS-004 window; undefined = the engine's default. */
  expiringWithinDays?: number;
  exclude: string[];
  color: boolean;
  showSuppressed: boolean;
  /** Look up each finding's owner with git blame and CODEOWNERS (false with --no-blame). */
  blame: boolean;
  groupBy?: 'owner';
  /** --audit-log FILE (relative to the cwd). */
  auditLog?: string;
}

export interface ScanOutcome {
  result: ScanResult;
  /** Active policies' findings (directive findings included), suppressed ones kept. */
  findings: Finding[];
  errors: InputError[];
  policies: readonly Policy[];
  /** Additional fields per finding for the JSON/SARIF reports (e.g. `owner`). */
  extras: Map<Finding, Record<string, unknown>>;
  /** Owners by finding when blame ran (null = outside a repository / git unavailable). */
  owners?: Owners;
  git: GitPort;
}

export async function parseScanArgs(argv: string[], io: CliIo): Promise<ScanSettings> {
  const { values, positionals } = parseCommandArgs('scan', argv, scanOptions);
  const format = choice(values.format, '--format', SCAN_FORMATS, 'text');
  const failOn = choice(values['fail-on'], '--fail-on', FAIL_ON, DEFAULT_FAIL_ON);
  const onlyNames = listOption(values.policy);
  const only = onlyNames.length ? resolvePolicyNames(onlyNames, '--policy') : undefined;
  const skip = resolvePolicyNames(listOption(values['skip-policy']), '--skip-policy');
  const maxFileSize = byteSize(values['max-file-size'], '--max-file-size');
  const expiringWithinDays = dayCount(values['expiring-within'], '--expiring-within');
  const output = typeof values.output === 'string' ? values.output : undefined;
  if (output === '') throw new CliError('--output needs a file name');
  const groupBy = values['group-by'] === undefined ? undefined : choice(values['group-by'], '--group-by', ['owner'] as const, 'owner');
  const auditLog = typeof values['audit-log'] === 'string' ? values['audit-log'] : undefined;
  if (auditLog === '') throw new CliError('--audit-log needs a file name');
  const blame = values['no-blame'] !== true;
  if (groupBy && !blame) throw new CliError('--group-by owner needs git blame; drop --no-blame');

  const host = new NodeFileHost(io.cwd);
  const inputs = positionals.length ? positionals : ['.'];
  const paths: ScanSettings['paths'] = [];
  for (const input of inputs) {
    if (!(await host.kind(input))) throw new CliError(`path not found: ${input}`);
    paths.push({ input, enginePath: host.toEnginePath(input) });
  }

  const noColor = values['no-color'] === true || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
  const forceColor = values.color === true || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0');
  const color = format === 'text' && !output && !noColor && (forceColor || io.stdout.isTTY === true);

  return {
    paths,
    format,
    output,
    failOn,
    only,
    skip,
    maxFileSize,
    expiringWithinDays,
    exclude: listOption(values.exclude),
    color,
    showSuppressed: values['show-suppressed'] === true,
    blame,
    groupBy,
    auditLog,
  };
}

export async function runScan(settings: ScanSettings, io: CliIo): Promise<ScanOutcome> {
  const host = new NodeFileHost(io.cwd);
  const policies = allPolicies();
  const enabled = (id: string) => (!settings.only || settings.only.has(id)) && !settings.skip.has(id);
  const policyErrors: InputError[] = [];
  const project = new Project(host, {
    policies,
    maxFileSize: settings.maxFileSize,
    suppressionExpiryWarningDays: settings.expiringWithinDays,
    isPolicyEnabled: enabled,
    isExcluded: excludeMatcher(settings.exclude),
    onPolicyError: (policyId, error, resource) => {
      const message = error instanceof Error ? error.message : String(error);
      policyErrors.push({
        file: resource.file,
        range: resource.headerRange,
        message: `Policy ${policyId} failed on ${resource.address} (please report it): ${message}`,
        severity: 'error',
      });
    },
  });
  const progress = progressReporter(io.stderr);
  let result: ScanResult;
  try {
    result = await project.scan(
      settings.paths.map((p) => p.enginePath),
      (done, total) => progress.update(done, total),
    );
  } finally {
    progress.done();
  }
  // Suppression-audit findings come from the suppression engine, not from `isPolicyEnabled`.
  const findings = result.findings.filter((f) => enabled(f.policyId));
  const git = settings.blame || settings.auditLog ? cliGit(io) : NO_GIT;
  const extras = new Map<Finding, Record<string, unknown>>();
  let owners: Owners | undefined;
  if (settings.blame) {
    // `owner` is null outside a repository; with --no-blame the field is absent (not looked up).
    owners = await findingOwners(findings, git);
    for (const finding of findings) extras.set(finding, { owner: owners.get(finding) ?? null });
  }
  return {
    result,
    findings,
    errors: [...result.errors, ...policyErrors],
    policies: policies.filter((p) => enabled(p.id)),
    extras,
    owners,
    git,
  };
}

export function renderScan(outcome: ScanOutcome, settings: ScanSettings, io: CliIo): string {
  const input = { files: outcome.result.files, findings: outcome.findings, errors: outcome.errors, resources: outcome.result.resources };
  const extras = (f: Finding) => outcome.extras.get(f);
  switch (settings.format) {
    case 'json': {
      let groups: Record<string, unknown> | undefined;
      if (settings.groupBy === 'owner' && outcome.owners) {
        const prints = fingerprints(sortFindings(outcome.findings));
        groups = { groups: ownerGroupsJson(outcome.findings, outcome.owners, (f) => prints.get(f)!) };
      }
      return (
        JSON.stringify(
          toJsonReport(input, { toolVersion: toolVersion(), policies: allPolicies(), policyPackVersion: POLICY_PACK_VERSION, findingExtras: extras, extras: groups }),
          null,
          2,
        ) + '\n'
      );
    }
    case 'sarif':
      return (
        JSON.stringify(
          toSarif(input, outcome.policies, {
            toolVersion: toolVersion(),
            rootUri: pathToFileURL(io.cwd).href + '/',
            policyPackVersion: POLICY_PACK_VERSION,
            resultProperties: extras,
          }),
          null,
          2,
        ) + '\n'
      );
    case 'text': {
      const owners = outcome.owners;
      if (settings.groupBy === 'owner' && owners) {
        const shown = settings.showSuppressed ? outcome.findings : outcome.findings.filter((f) => !f.suppressed);
        const groups = ownerGroupsText(shown, owners, summaryLine(input, settings.color));
        // Input errors (if any) sit between the groups and the summary, as in the plain report.
        const errors = toText({ ...input, findings: [] }, { color: settings.color }).replace(/\n?[^\n]*\n$/, '').trimEnd();
        return withSections(groups, errors ? [errors.split('\n')] : []);
      }
      const report = toText(input, { color: settings.color, showSuppressed: settings.showSuppressed });
      return owners ? withSections(report, [uncommittedSection(outcome.findings.filter((f) => !f.suppressed), owners)]) : report;
    }
  }
}

/** 1 when an unsuppressed finding is at or above the threshold. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return EXIT_OK;
  const threshold = SEVERITIES.indexOf(failOn as Severity);
  return findings.some((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

export async function writeReport(report: string, settings: ScanSettings, io: CliIo): Promise<void> {
  if (!settings.output) {
    io.stdout.write(report);
    return;
  }
  const target = path.resolve(io.cwd, settings.output);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, report, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    throw new CliError(`cannot write the report to ${settings.output}: ${reason}`);
  }
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Audit Terraform, CloudFormation and Kubernetes files and report the findings.',
  usage: ['scan [paths...] [options]'],
  options: scanOptions,
  details: `Paths default to the current directory; report paths are relative to it.
Suppressed findings stay in the JSON and SARIF reports (marked suppressed) and never fail the scan.
A suppression expiring within --expiring-within DAYS (default ${DEFAULT_EXPIRY_WARNING_DAYS}) is reported as
IAC-SUPPRESS-004 (info: it fails the scan only with --fail-on info) and keeps suppressing until its day ends.

Exit codes:
  0  no unsuppressed finding at or above --fail-on
  1  at least one unsuppressed finding at or above --fail-on
  2  usage or I/O error (unknown flag or value, missing path, unwritable --output)

Examples:
  iac-audit scan examples/
  iac-audit scan infra/ --format sarif --output iac-audit.sarif --fail-on high
  iac-audit scan . --policy IAC-AWS-S3-001,CKV_AWS_21 --exclude "modules/legacy/**"
  iac-audit scan infra/ --group-by owner
  iac-audit scan . --format json --audit-log .iac-audit/audit-log.jsonl

Ownership: each finding's owner comes from git blame of its lines (author, email, commit, date,
summary; "uncommitted" for lines not committed) and CODEOWNERS. JSON and SARIF carry it as
\`owner\` (null outside a git repository; absent with --no-blame).`,
  async run(argv, io) {
    const settings = await parseScanArgs(argv, io);
    const outcome = await runScan(settings, io);
    const report = renderScan(outcome, settings, io);
    await writeReport(report, settings, io);
    if (settings.auditLog) {
      await recordScan(
        {
          file: settings.auditLog,
          paths: settings.paths.map((p) => p.enginePath),
          result: outcome.result,
          findings: outcome.findings,
          errors: outcome.errors.length,
          report: settings.output ? { format: settings.format, output: settings.output, text: report, findings: outcome.findings.filter((f) => !f.suppressed).length } : undefined,
          git: outcome.git,
        },
        io,
      );
    }
    return exitCodeFor(outcome.findings, settings.failOn);
  },
};
