/**
 * Custom code policies from `iacAudit.extraPolicyFolders`: CommonJS modules named `policy.js`
 * (or `*.policy.js`, `.cjs`) anywhere up to three levels below a folder, exporting a policy
 * object (`module.exports = definePolicy({...})`, or `exports.default`) or an array of them.
 *
 * This executes code from the workspace, so the caller loads them only in a trusted workspace.
 * A README.md beside a policy module is its documentation ("Show documentation for <ID>").
 */
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import { SEVERITIES, type Policy } from '../engine/core/policy';

export interface LoadedPolicies {
  policies: Policy[];
  /** Policy id -> README path, for policies that have one. */
  readmes: Map<string, string>;
  errors: string[];
}

const MODULE_NAME = /(^|\.)policy\.c?js$/;

export async function loadCustomPolicies(folders: string[], baseDir: string | null, knownIds: Set<string>): Promise<LoadedPolicies> {
  const result: LoadedPolicies = { policies: [], readmes: new Map(), errors: [] };
  const seen = new Set(knownIds);
  for (const folder of folders) {
    const dir = nodePath.isAbsolute(folder) ? folder : nodePath.resolve(baseDir ?? process.cwd(), folder);
    const modules: string[] = [];
    await findModules(dir, 0, modules);
    if (!modules.length) result.errors.push(`No policy modules (policy.js, *.policy.js) found in extra policy folder ${dir}.`);
    for (const file of modules.sort()) {
      try {
        const load = createRequire(file);
        delete load.cache[file]; // pick up edits on reload
        const exported = load(file);
        const candidates = asPolicies(exported?.default ?? exported);
        if (!candidates.length) result.errors.push(`${file}: exports no policy.`);
        for (const policy of candidates) {
          const problem = validate(policy);
          if (problem) result.errors.push(`${file}: ${problem}`);
          else if (seen.has(policy.id)) result.errors.push(`${file}: policy id ${policy.id} is already defined; skipped.`);
          else {
            seen.add(policy.id);
            result.policies.push(policy);
            const readme = nodePath.join(nodePath.dirname(file), 'README.md');
            if (await exists(readme)) result.readmes.set(policy.id, readme);
          }
        }
      } catch (error) {
        result.errors.push(`${file}: failed to load: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return result;
}

async function findModules(dir: string, depth: number, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = nodePath.join(dir, entry.name);
    if (entry.isDirectory() && depth < 3 && entry.name !== 'node_modules' && !entry.name.startsWith('.')) await findModules(full, depth + 1, out);
    else if (entry.isFile() && MODULE_NAME.test(entry.name)) out.push(full);
  }
}

function asPolicies(value: unknown): Policy[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'object' && v !== null) as Policy[];
  return typeof value === 'object' && value !== null ? [value as Policy] : [];
}

function validate(policy: Policy): string | undefined {
  if (typeof policy.id !== 'string' || !policy.id) return 'a policy has no id.';
  if (typeof policy.check !== 'function') return `policy ${policy.id} has no check function.`;
  if (!SEVERITIES.includes(policy.severity)) return `policy ${policy.id} has an invalid severity.`;
  if (!Array.isArray(policy.formats) || typeof policy.resourceTypes !== 'object') return `policy ${policy.id} needs formats and resourceTypes.`;
  if (typeof policy.title !== 'string') return `policy ${policy.id} has no title.`;
  policy.compliance ??= [];
  policy.aliases ??= {};
  policy.description ??= policy.title;
  policy.rationale ??= '';
  policy.remediation ??= '';
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
