/**
 * `iac-audit policies [--format text|json]`: every policy the scanner knows, suppression-audit
 * policies included, with the metadata an auditor needs (severity, aliases, compliance, fixability).
 */
import { docsUrl, type Policy } from '../../engine/core/policy';
import { normalizedAliases } from '../../engine/reports/index';
import { choice, parseCommandArgs, type OptionSpecs } from '../args';
import { allPolicies, POLICY_PACK_VERSION } from '../catalog';
import type { Command } from '../command';
import { EXIT_OK } from '../io';
import { toolVersion } from '../version';

export const policiesOptions: OptionSpecs = {
  format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text).' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export function policyEntry(policy: Policy): Record<string, unknown> {
  return {
    id: policy.id,
    title: policy.title,
    severity: policy.severity,
    description: policy.description,
    aliases: normalizedAliases(policy.aliases),
    compliance: policy.compliance.map((c) => ({ framework: c.framework, control: c.control })),
    fixable: policy.fixable === true,
    /** The IaC languages the policy reads (same vocabulary as `formats`). */
    languages: [...policy.formats],
    formats: [...policy.formats],
    resourceTypes: policy.resourceTypes,
    docs: docsUrl(policy),
    ...(policy.deviations?.length ? { deviations: policy.deviations } : {}),
  };
}

export function policiesText(policies: readonly Policy[]): string {
  const idWidth = Math.max(...policies.map((p) => p.id.length));
  const sevWidth = Math.max(...policies.map((p) => p.severity.length));
  const lines = policies.map((p) => {
    const aliases = [...(p.aliases.checkov ?? []), ...(p.aliases.trivy ?? [])];
    const fix = p.fixable ? 'fix' : '   ';
    return `${p.id.padEnd(idWidth)}  ${p.severity.padEnd(sevWidth)}  ${fix}  ${p.title}${aliases.length ? `  (${aliases.join(', ')})` : ''}`;
  });
  return `${lines.join('\n')}\n\n${policies.length} policies (pack ${POLICY_PACK_VERSION}). "fix" = a quick fix is available. Details: iac-audit policies --format json\n`;
}

export const policiesCommand: Command = {
  name: 'policies',
  summary: 'List every policy with its severity, aliases, compliance mappings and whether it can be fixed.',
  usage: ['policies [--format text|json]'],
  options: policiesOptions,
  async run(argv, io) {
    const { values } = parseCommandArgs('policies', argv, policiesOptions);
    const format = choice(values.format, '--format', ['text', 'json'] as const, 'text');
    const policies = allPolicies();
    if (format === 'json') {
      const doc = { version: 1, tool: { name: 'iac-audit', version: toolVersion(), policyPackVersion: POLICY_PACK_VERSION }, policies: policies.map(policyEntry) };
      io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else {
      io.stdout.write(policiesText(policies));
    }
    return EXIT_OK;
  },
};
