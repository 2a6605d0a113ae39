/**
 * `iac-audit drift [paths...] --state FILE | --plan FILE`: compares the Terraform code of the root
 * module(s) in `paths` (default: the current directory; the local modules they call are included as
 * `module.x.`) with what Terraform says is deployed. Reads Terraform's JSON only: nothing is run.
 * Exits 0 (no drift), 1 (drift found), 2 (usage, I/O or unreadable state/plan).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Resource } from '../../engine/core/model';
import { compareDrift, DRIFT_KINDS, parseTerraformStateText, summarizeDrift, type DriftEntry, type DriftKind, type DriftSummary, type TerraformState } from '../../engine/drift/index';
import { Project } from '../../engine/project';
import { oneBased } from '../../engine/reports/index';
import { NodeFileHost } from '../../node/file-host';
import { choice, parseCommandArgs, type OptionSpecs } from '../args';
import type { Command } from '../command';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io';
import { toolVersion } from '../version';

export const driftOptions: OptionSpecs = {
  state: { type: 'string', valueName: 'FILE', description: 'A state: terraform.tfstate (v4), or the output of "terraform show -json".' },
  plan: { type: 'string', valueName: 'FILE', description: 'A plan as JSON: "terraform show -json PLANFILE" (adds drift found on refresh and planned changes).' },
  format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text).' },
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export const KIND_TITLES: Record<DriftKind, string> = {
  drifted: 'Changed outside Terraform (drifted)',
  changed: 'Code differs from the state (changed)',
  'missing-in-code': 'Deployed but not in the code (missing-in-code)',
  'missing-in-state': 'In the code but not deployed (missing-in-state)',
  planned: 'Planned changes (planned)',
};

const SOURCE_TEXT: Record<TerraformState['source'], string> = { tfstate: 'raw state', 'state-json': 'state JSON', 'plan-json': 'plan JSON' };

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare the Terraform code with a state or plan JSON: what is deployed but not in code, missing, changed or drifted.',
  usage: ['drift [paths...] --state FILE [--format text|json] [--output FILE]', 'drift [paths...] --plan FILE [--format text|json] [--output FILE]'],
  options: driftOptions,
  details: `paths are Terraform root module directories (default: .); the local modules they call are compared
as module.NAME. No terraform process runs: produce the inputs with
  terraform show -json > state.json        (or use terraform.tfstate itself)
  terraform plan -out=tfplan && terraform show -json tfplan > plan.json

Exit codes:
  0  no drift
  1  drift found
  2  usage or I/O error, or a state/plan that cannot be read`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('drift', argv, driftOptions);
    const format = choice(values.format, '--format', ['text', 'json'] as const, 'text');
    const statePath = typeof values.state === 'string' ? values.state : undefined;
    const planPath = typeof values.plan === 'string' ? values.plan : undefined;
    if ((statePath === undefined) === (planPath === undefined)) throw new CliError('give exactly one of --state FILE or --plan FILE', 'Run "iac-audit drift --help" for usage.');
    const input = (statePath ?? planPath)!;
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (output === '' || input === '') throw new CliError(`${output === '' ? '--output' : statePath !== undefined ? '--state' : '--plan'} needs a file name`);

    const state = await readState(input, planPath !== undefined, io);
    const host = new NodeFileHost(io.cwd);
    const code = new Map<string, Resource>();
    for (const given of positionals.length ? positionals : ['.']) {
      const kind = await host.kind(given);
      if (!kind) throw new CliError(`path not found: ${given}`);
      const enginePath = host.toEnginePath(given);
      const dir = kind === 'file' ? (path.posix.dirname(enginePath) || '.') : enginePath;
      const project = new Project(host, { policies: [] });
      for (const r of await project.terraformModuleResources(dir)) if (!code.has(r.address)) code.set(r.address, r);
    }
    const resources = [...code.values()];
    const counted = resources.filter((r) => r.kind === 'resource' || r.kind === 'data').length;
    const entries = compareDrift(resources, state);
    const summary = summarizeDrift(entries, counted, state.instances.length);
    const report =
      format === 'json'
        ? JSON.stringify(driftJson(entries, summary, state, input), null, 2) + '\n'
        : driftText(entries, summary, state, input);
    await write(report, output, io);
    return entries.length ? EXIT_FINDINGS : EXIT_OK;
  },
};

async function readState(file: string, expectPlan: boolean, io: CliIo): Promise<TerraformState> {
  let text: string;
  try {
    text = await fs.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  const result = parseTerraformStateText(text);
  if (result.error !== undefined) throw new CliError(`cannot read ${file}: ${result.error}`);
  const isPlan = result.state.source === 'plan-json';
  if (expectPlan && !isPlan) throw new CliError(`${file} is a state, not a plan: use --state ${file}`);
  if (!expectPlan && isPlan) throw new CliError(`${file} is a plan: use --plan ${file}`);
  return result.state;
}

async function write(report: string, output: string | undefined, io: CliIo): Promise<void> {
  if (!output) {
    io.stdout.write(report);
    return;
  }
  const target = path.resolve(io.cwd, output);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, report, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write the report to ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function driftJson(entries: readonly DriftEntry[], summary: DriftSummary, state: TerraformState, input: string): Record<string, unknown> {
  return {
    version: 1,
    tool: { name: 'iac-audit', version: toolVersion() },
    input: { file: input, kind: state.source, terraformVersion: state.terraformVersion ?? null },
    summary,
    drift: entries.map((e) => ({
      kind: e.kind,
      address: e.address,
      mode: e.mode,
      type: e.type,
      file: e.file ?? null,
      line: e.range ? e.range.start.line + 1 : null,
      range: e.range ? oneBased(e.range) : null,
      attribute: e.attribute ?? null,
      ...('codeValue' in e ? { codeValue: e.codeValue } : {}),
      ...('stateValue' in e ? { stateValue: e.stateValue } : {}),
      ...('previousValue' in e ? { previousValue: e.previousValue } : {}),
      ...(e.actions ? { actions: e.actions } : {}),
      message: e.message,
    })),
  };
}

export function driftText(entries: readonly DriftEntry[], summary: DriftSummary, state: TerraformState, input: string): string {
  const about = `${input} (${SOURCE_TEXT[state.source]}${state.terraformVersion ? `, Terraform ${state.terraformVersion}` : ''})`;
  const counts = `${summary.codeResources} code resource${summary.codeResources === 1 ? '' : 's'}, ${summary.stateInstances} state instance${summary.stateInstances === 1 ? '' : 's'}`;
  if (!entries.length) return `No drift: the code and ${about} agree (${counts}).\n`;
  const lines = [`Drift between the code and ${about}:`];
  for (const kind of DRIFT_KINDS) {
    const group = entries.filter((e) => e.kind === kind);
    if (!group.length) continue;
    lines.push('', `${KIND_TITLES[kind]}:`);
    for (const e of group) {
      const where = e.file && e.range ? `${e.file}:${e.range.start.line + 1}` : '(no code)';
      lines.push(`  ${where}  ${e.address}${e.attribute ? `  ${e.attribute}` : ''}`, `      ${e.message}`);
    }
  }
  const parts = DRIFT_KINDS.filter((k) => summary[k]).map((k) => `${summary[k]} ${k}`);
  lines.push('', `${summary.total} drift entr${summary.total === 1 ? 'y' : 'ies'}: ${parts.join(', ')} (${counts}).`);
  return lines.join('\n') + '\n';
}
