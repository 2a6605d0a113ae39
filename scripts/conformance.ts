/**
 * KICS conformance: for every built-in policy that declares a KICS alias, run it on that KICS
 * query's positive and negative test files and compare with KICS's expected results.
 *
 *   npm run conformance -- ../shared/conformance/kics [--verbose] [--json FILE]
 *
 * Matching (KICS results are line-based): an expected {file, line} counts as found when the policy
 * reports on that line, or reports on the resource whose range contains that line. Negative files
 * must produce no finding of the policy. Agreement = (expected found + clean negative files) /
 * (expected results + negative files). Duplicate expectations on one line are counted once (KICS
 * sometimes emits several results per line; we emit one finding per resource and line).
 *
 * A policy often covers several KICS queries at once (one policy for every public S3 ACL; KICS has a
 * query per ACL value), and one query's negative files then contain another query's positive
 * construct (the AuthenticatedRead query's negatives use PublicRead). A finding on a negative file
 * whose line reads exactly like an expected positive line of a sibling query of the same policy is
 * counted as "explained by a sibling query", not as a false positive, and listed separately.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinPolicies } from '../policies/index';
import { MemoryFileHost } from '../server/src/engine/core/memory-host';
import type { Policy } from '../server/src/engine/core/policy';
import { Project, type FileEvaluation } from '../server/src/engine/project';

interface KicsQuery {
  platform: string;
  name: string;
  path: string;
  id: string;
  queryName: string;
  positives: string[];
  negatives: string[];
  expected: { file: string; line: number }[];
}

interface QueryResult {
  policyId: string;
  kicsId: string;
  query: string;
  expected: number;
  found: number;
  negatives: number;
  cleanNegatives: number;
  missed: string[];
  falsePositives: string[];
  explainedBySibling: string[];
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run conformance -- <path to shared/conformance/kics> [--verbose] [--json FILE]\n`);
  process.exit(2);
}

function readCase(queryDir: string, relative: string): Record<string, string> {
  const abs = path.join(queryDir, relative);
  const files: Record<string, string> = {};
  const add = (file: string) => {
    files[path.relative(queryDir, file).split(path.sep).join('/')] = fs.readFileSync(file, 'utf8');
  };
  if (fs.statSync(abs).isDirectory()) {
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const child = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(child);
        else add(child);
      }
    };
    walk(abs);
  } else add(abs);
  return files;
}

async function evaluate(files: Record<string, string>, policy: Policy): Promise<FileEvaluation[]> {
  const project = new Project(new MemoryFileHost(files), { policies: builtinPolicies, isPolicyEnabled: (id) => id === policy.id });
  const out: FileEvaluation[] = [];
  for (const file of Object.keys(files)) out.push(await project.evaluateFile(file));
  return out;
}

/** Lines (1-based) the policy "covers" in a file: its findings' lines and their resources' ranges. */
function coveredLines(evaluation: FileEvaluation, policyId: string): { lines: Set<number>; resourceRanges: [number, number][] } {
  const lines = new Set<number>();
  const resourceRanges: [number, number][] = [];
  for (const finding of evaluation.findings) {
    if (finding.policyId !== policyId) continue;
    lines.add(finding.range.start.line + 1);
    const resource = evaluation.resources.find((r) => r.address === finding.resource && r.file === finding.file);
    if (resource) resourceRanges.push([resource.range.start.line + 1, resource.range.end.line + 1]);
  }
  return { lines, resourceRanges };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--'));
  if (!root) usage('missing the KICS suite path');
  const indexPath = path.join(root, 'index.json');
  if (!fs.existsSync(indexPath)) usage(`no index.json in ${root}`);
  const verbose = args.includes('--verbose');
  const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as { queries: KicsQuery[] };
  const queries = new Map(index.queries.map((q) => [q.id, q]));

  const results: QueryResult[] = [];
  const unknownAliases: string[] = [];
  /** Trimmed text of every expected positive line of a query. */
  const positiveLineTexts = (query: KicsQuery): Set<string> => {
    const out = new Set<string>();
    for (const e of query.expected) {
      const file = path.join(root, query.path, e.file);
      if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) continue;
      const line = fs.readFileSync(file, 'utf8').split(/\r?\n/)[e.line - 1];
      if (line?.trim()) out.add(line.trim());
    }
    return out;
  };
  for (const policy of builtinPolicies) {
    for (const kicsId of policy.aliases.kics ?? []) {
      const query = queries.get(kicsId);
      if (!query) {
        unknownAliases.push(`${policy.id} -> ${kicsId}`);
        continue;
      }
      const queryDir = path.join(root, query.path);
      const result: QueryResult = {
        policyId: policy.id,
        kicsId,
        query: `${query.path}`,
        expected: 0,
        found: 0,
        negatives: query.negatives.length,
        cleanNegatives: 0,
        missed: [],
        falsePositives: [],
        explainedBySibling: [],
      };
      const siblingLines = new Set<string>();
      for (const siblingId of policy.aliases.kics ?? []) {
        const sibling = queries.get(siblingId);
        if (sibling && siblingId !== kicsId) for (const text of positiveLineTexts(sibling)) siblingLines.add(text);
      }
      const expectedByFile = new Map<string, Set<number>>();
      for (const e of query.expected) {
        const set = expectedByFile.get(e.file) ?? new Set<number>();
        set.add(e.line);
        expectedByFile.set(e.file, set);
      }
      for (const positive of query.positives) {
        const evaluations = await evaluate(readCase(queryDir, positive), policy);
        const expectedFiles = [...expectedByFile.keys()].filter((f) => f === positive || f.startsWith(positive + '/'));
        for (const file of expectedFiles) {
          const evaluation = evaluations.find((e) => e.file === file);
          const covered = evaluation ? coveredLines(evaluation, policy.id) : { lines: new Set<number>(), resourceRanges: [] };
          for (const line of expectedByFile.get(file)!) {
            result.expected++;
            const hit = covered.lines.has(line) || covered.resourceRanges.some(([a, b]) => a <= line && line <= b);
            if (hit) result.found++;
            else result.missed.push(`${file}:${line}`);
          }
        }
      }
      for (const negative of query.negatives) {
        const files = readCase(queryDir, negative);
        const evaluations = await evaluate(files, policy);
        const bad: string[] = [];
        for (const finding of evaluations.flatMap((e) => e.findings.filter((f) => f.policyId === policy.id))) {
          const where = `${finding.file}:${finding.range.start.line + 1}`;
          const lineText = files[finding.file]?.split(/\r?\n/)[finding.range.start.line]?.trim() ?? '';
          if (siblingLines.has(lineText)) result.explainedBySibling.push(where);
          else bad.push(where);
        }
        if (bad.length === 0) result.cleanNegatives++;
        else result.falsePositives.push(...bad);
      }
      results.push(result);
    }
  }

  const pct = (a: number, b: number) => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));
  let totalExpected = 0;
  let totalFound = 0;
  let totalNegatives = 0;
  let totalClean = 0;
  console.log('policy            kics query                                                   found/expected  clean negatives  agreement');
  for (const r of results) {
    totalExpected += r.expected;
    totalFound += r.found;
    totalNegatives += r.negatives;
    totalClean += r.cleanNegatives;
    const agreement = pct(r.found + r.cleanNegatives, r.expected + r.negatives);
    console.log(
      `${r.policyId.padEnd(17)} ${r.query.padEnd(60).slice(0, 60)} ${`${r.found}/${r.expected}`.padStart(14)}  ${`${r.cleanNegatives}/${r.negatives}`.padStart(15)}  ${agreement.padStart(8)}%`,
    );
    if (verbose || r.missed.length || r.falsePositives.length || r.explainedBySibling.length) {
      for (const m of r.missed) console.log(`    missed:          ${m}`);
      for (const f of r.falsePositives) console.log(`    false positive:  ${f}`);
      for (const f of r.explainedBySibling) console.log(`    sibling query:   ${f} (a positive construct of another KICS query this policy maps)`);
    }
  }
  const policiesWithAlias = new Set(results.map((r) => r.policyId)).size;
  console.log('');
  console.log(`policies with a KICS alias: ${policiesWithAlias}/${builtinPolicies.length}; KICS queries mapped: ${results.length}`);
  console.log(`expected results found:     ${totalFound}/${totalExpected} (${pct(totalFound, totalExpected)}%)`);
  console.log(`clean negative files:        ${totalClean}/${totalNegatives} (${pct(totalClean, totalNegatives)}%)`);
  console.log(`total agreement:             ${pct(totalFound + totalClean, totalExpected + totalNegatives)}%`);
  if (unknownAliases.length) console.log(`aliases not in the suite:    ${unknownAliases.join(', ')}`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ results, totals: { totalExpected, totalFound, totalNegatives, totalClean } }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`conformance failed: ${error?.stack ?? error}\n`);
  process.exit(2);
});
