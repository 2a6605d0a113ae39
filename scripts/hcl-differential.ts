/**
 * Differential check of our HCL parser against the reference `@cdktf/hcl2json`.
 *
 *   npx tsx scripts/hcl-differential.ts <dir> [--diffs N]
 *
 * Walks <dir> for `*.tf`, parses each file with both, and compares our JSON projection
 * (`hclToJson`) with hcl2json's output after canonicalisation (sorted keys). Prints the agreement
 * over the files hcl2json parses, the files it rejects, and a short diff per disagreement.
 * Always exits 0: it reports, it does not gate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseHcl } from '../server/src/engine/parsers/hcl/parser';
import { hclToJson } from '../server/src/engine/parsers/hcl/project-json';

type Hcl2JsonParse = (filename: string, contents: string) => Promise<unknown>;

/** The reference parser, loaded once (it takes about a second to start its WebAssembly runtime). */
export function loadHcl2Json(): Hcl2JsonParse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@cdktf/hcl2json') as { parse: Hcl2JsonParse }).parse;
}

/** JSON with object keys sorted, so that key order does not matter; -0 prints as 0. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, { value: sortKeys((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** The paths where two JSON values differ, with both sides, at most `limit` of them. */
export function jsonDiff(ours: unknown, theirs: unknown, limit = 5): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit || canonicalJson(a) === canonicalJson(b)) return;
    const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
    if (bothObjects) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const key of keys) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`);
      return;
    }
    out.push(`${path || '/'}\n      ours:     ${clip(JSON.stringify(a))}\n      hcl2json: ${clip(JSON.stringify(b))}`);
  };
  walk(ours, theirs, '');
  return out;
}

function clip(s: string | undefined, max = 300): string {
  if (s === undefined) return '(missing)';
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

/** Every `*.tf` file under dir, sorted (node_modules and .git/.terraform skipped). */
export function findTfFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name === '.git' || name === '.terraform') continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.tf') && st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface FileComparison {
  file: string;
  /** Set when hcl2json rejects the file (then there is nothing to compare). */
  referenceError?: string;
  agree?: boolean;
  diff?: string[];
  /** Syntax errors our parser reported on a file the reference accepts. */
  ourDiagnostics?: string[];
}

export async function compareFile(file: string, text: string, hcl2json: Hcl2JsonParse): Promise<FileComparison> {
  let expected: unknown;
  try {
    expected = await hcl2json(file, text);
  } catch (error) {
    return { file, referenceError: String((error as Error)?.message ?? error).split('\n')[0] };
  }
  const parsed = parseHcl(file, text);
  let ours: unknown;
  try {
    ours = hclToJson(parsed);
  } catch (error) {
    ours = { projectionError: String((error as Error)?.message ?? error) };
  }
  const agree = canonicalJson(ours) === canonicalJson(expected);
  const result: FileComparison = { file, agree };
  if (!agree) result.diff = jsonDiff(ours, expected);
  if (parsed.diagnostics.length > 0) {
    result.ourDiagnostics = parsed.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.column + 1} ${d.message}`);
  }
  return result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirArg = args.find((a) => !a.startsWith('--'));
  const diffsIdx = args.indexOf('--diffs');
  const maxDiffs = diffsIdx >= 0 ? Number(args[diffsIdx + 1]) : 50;
  if (!dirArg) {
    console.error('usage: npx tsx scripts/hcl-differential.ts <dir> [--diffs N]');
    process.exit(0);
  }
  const dir = resolve(dirArg);
  const files = findTfFiles(dir);
  const hcl2json = loadHcl2Json();
  const started = Date.now();
  const rejected: FileComparison[] = [];
  const disagreeing: FileComparison[] = [];
  let compared = 0;
  let agreeing = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      rejected.push({ file, referenceError: `unreadable: ${(error as Error).message}` });
      continue;
    }
    const r = await compareFile(relative(dir, file), text, hcl2json);
    if (r.referenceError !== undefined) rejected.push(r);
    else {
      compared++;
      if (r.agree) agreeing++;
      else disagreeing.push(r);
    }
  }
  const pct = compared === 0 ? 100 : (100 * agreeing) / compared;
  console.log(`HCL differential: ${files.length} .tf files under ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`${agreeing}/${compared} files agree (${pct.toFixed(2)}%)`);
  console.log(`hcl2json rejects ${rejected.length} file(s)`);
  for (const r of rejected) console.log(`  rejected: ${r.file}: ${r.referenceError}`);
  if (disagreeing.length > 0) console.log(`${disagreeing.length} disagreement(s):`);
  for (const r of disagreeing.slice(0, maxDiffs)) {
    console.log(`  ${r.file}`);
    for (const d of r.diff ?? []) console.log(`    ${d}`);
    for (const d of (r.ourDiagnostics ?? []).slice(0, 3)) console.log(`    our diagnostic: ${d}`);
  }
  if (disagreeing.length > maxDiffs) console.log(`  ... and ${disagreeing.length - maxDiffs} more`);
}

if (require.main === module) {
  main()
    .catch((error) => {
      console.error(error);
    })
    .finally(() => process.exit(0));
}
