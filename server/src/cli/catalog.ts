/**
 * The policies the CLI knows: the built-in pack plus the suppression-audit policies, and how a
 * user names them on the command line (our id or any peer alias, case-insensitively).
 */
import { builtinPolicies, POLICY_PACK_VERSION } from '../../../policies/index';
import type { Policy } from '../engine/core/policy';
import { suppressionPolicies } from '../engine/suppressions/index';
import { CliError } from './io';

export { POLICY_PACK_VERSION };

export function allPolicies(): readonly Policy[] {
  return cachedAll ?? (cachedAll = [...builtinPolicies, ...suppressionPolicies]);
}
let cachedAll: readonly Policy[] | undefined;

/** Our ids for what the user typed; unknown names are a usage error (a typo must not silently select nothing). */
export function resolvePolicyNames(names: string[], flag: string, policies: readonly Policy[] = allPolicies()): Set<string> {
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    const matches = policies.filter(
      (p) =>
        p.id.toLowerCase() === key ||
        [...(p.aliases.checkov ?? []), ...(p.aliases.kics ?? []), ...(p.aliases.trivy ?? [])].some((a) => a.toLowerCase() === key),
    );
    if (matches.length) for (const p of matches) out.add(p.id);
    else unknown.push(name);
  }
  if (unknown.length) {
    throw new CliError(
      `unknown policy ${unknown.length > 1 ? 'ids' : 'id'} ${unknown.map((u) => `"${u}"`).join(', ')} in ${flag}`,
      'Run "iac-audit policies" to list policy ids and their Checkov/KICS/Trivy aliases.',
    );
  }
  return out;
}
