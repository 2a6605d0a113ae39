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
import { Project, type ScanResult } from '../../engine/project';
import { toJsonReport, toSarif, toText } from '../../engine/reports/index';
import { NodeFileHost } from '../../node/file-host';
import { byteSize, choice, listOption, parseCommandArgs, type OptionSpecs } from '../args';
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
  exclude: string[];
  color: boolean;
  showSuppressed: boolean;
}

export interface ScanOutcome {
  result: ScanResult;
  /** Active policies' findings (directive findings included), suppressed ones kept. */
  findings: Finding[];
  errors: InputError[];
  policies: readonly Policy[];
  /** Additional fields per finding for the JSON/SARIF reports (e.g. `owner`). */
  extras: Map<Finding, Record<string, unknown>>;
}

export async function parseScanArgs(argv: string[], io: CliIo): Promise<ScanSettings> {
  const { values, positionals } = parseCommandArgs('scan', argv, scanOptions);
  const format = choice(values.format, '--format', SCAN_FORMATS, 'text');
  const failOn = choice(values['fail-on'], '--fail-on', FAIL_ON, DEFAULT_FAIL_ON);
  const onlyNames = listOption(values.policy);
  const only = onlyNames.length ? resolvePolicyNames(onlyNames, '--policy') : undefined;
  const skip = resolvePolicyNames(listOption(values['skip-policy']), '--skip-policy');
  const maxFileSize = byteSize(values['max-file-size'], '--max-file-size');
  const output = typeof values.output === 'string' ? values.output : undefined;
  if (output === '') throw new CliError('--output needs a file name');

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
    exclude: listOption(values.exclude),
    color,
    showSuppressed: values['show-suppressed'] === true,
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
  return {
    result,
    findings,
    errors: [...result.errors, ...policyErrors],
    policies: policies.filter((p) => enabled(p.id)),
    extras: new Map(),
  };
}

export function renderScan(outcome: ScanOutcome, settings: ScanSettings, io: CliIo): string {
  const input = { files: outcome.result.files, findings: outcome.findings, errors: outcome.errors, resources: outcome.result.resources };
  const extras = (f: Finding) => outcome.extras.get(f);
  switch (settings.format) {
    case 'json':
      return (
        JSON.stringify(
          toJsonReport(input, { toolVersion: toolVersion(), policies: allPolicies(), policyPackVersion: POLICY_PACK_VERSION, findingExtras: extras }),
          null,
          2,
        ) + '\n'
      );
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
    case 'text':
      return toText(input, { color: settings.color, showSuppressed: settings.showSuppressed });
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

Exit codes:
  0  no unsuppressed finding at or above --fail-on
  1  at least one unsuppressed finding at or above --fail-on
  2  usage or I/O error (unknown flag or value, missing path, unwritable --output)

Examples:
  iac-audit scan examples/
  iac-audit scan infra/ --format sarif --output iac-audit.sarif --fail-on high
  iac-audit scan . --policy IAC-AWS-S3-001,CKV_AWS_21 --exclude "modules/legacy/**"`,
  async run(argv, io) {
    const settings = await parseScanArgs(argv, io);
    const outcome = await runScan(settings, io);
    await writeReport(renderScan(outcome, settings, io), settings, io);
    return exitCodeFor(outcome.findings, settings.failOn);
  },
};
