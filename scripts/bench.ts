/**
 * Cold-scan benchmark over a corpus, against a parse-only baseline measured in the same run.
 *
 *   npm run bench -- ../shared/corpus
 *
 * Baseline: the time the reference parsers take merely to parse the same files from memory:
 * `yaml` (parseAllDocuments) for YAML, `@cdktf/hcl2json` (warm) for .tf, JSON.parse for JSON.
 * Ours: a full scan (read + parse + model + every policy + suppressions) through the real
 * Project and file host, once for the whole corpus and once for the .tf part alone.
 * Targets (issue 2): full scan <= 0.4 x the baseline; >= 25 MB/s on the .tf part.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { builtinPolicies } from '../policies/index';
import { Project, fileLanguage } from '../server/src/engine/project';
import { NodeFileHost } from '../server/src/node/file-host';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules' && entry.name !== '.terraform') walk(abs, out);
    } else if (entry.isFile() && fileLanguage(abs)) out.push(abs);
  }
  return out;
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Samples RSS while `work` runs; returns its result, wall time and peak RSS. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  if (global.gc) global.gc();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, ms, peakRss: peak };
}

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root || !fs.existsSync(root)) {
    process.stderr.write('usage: npm run bench -- <corpus directory>\n');
    process.exit(2);
  }
  const files = walk(path.resolve(root)).sort();
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const byLanguage = { terraform: [] as string[], yaml: [] as string[], json: [] as string[] };
  for (const f of files) byLanguage[fileLanguage(f)!].push(f);
  const sizes = new Map(files.map((f) => [f, Buffer.byteLength(texts.get(f)!)]));
  const bytesOf = (list: string[]) => list.reduce((n, f) => n + sizes.get(f)!, 0);
  const tfFiles = byLanguage.terraform.filter((f) => f.endsWith('.tf'));

  // ---- baseline: reference parsers, parse only, from memory
  const { parse: hcl2json } = require('@cdktf/hcl2json') as { parse(name: string, text: string): Promise<unknown> };
  await hcl2json('warmup.tf', 'a = 1\n'); // its WebAssembly start-up (~1.3 s) is not counted
  let hclFailures = 0;
  const hclBaseline = await measure(async () => {
    for (const f of tfFiles) await hcl2json(f, texts.get(f)!).catch(() => hclFailures++);
  });
  const yamlBaseline = await measure(async () => {
    for (const f of byLanguage.yaml) parseAllDocuments(texts.get(f)!);
  });
  const jsonBaseline = await measure(async () => {
    for (const f of byLanguage.json) {
      try {
        JSON.parse(texts.get(f)!);
      } catch {
        /* invalid JSON counts as parsed */
      }
    }
  });
  const baselineMs = hclBaseline.ms + yamlBaseline.ms + jsonBaseline.ms;
  texts.clear(); // our scan reads from disk, cold for the engine

  // ---- ours: the full scan through the real engine
  const host = new NodeFileHost(path.resolve(root));
  const full = await measure(async () => new Project(host, { policies: builtinPolicies }).scan(['.']));
  const tfOnly = await measure(async () =>
    new Project(new NodeFileHost(path.resolve(root)), { policies: builtinPolicies, isExcluded: (p) => fileLanguage(p) !== undefined && fileLanguage(p) !== 'terraform' }).scan(['.']),
  );

  const allBytes = bytesOf(files);
  const tfBytes = bytesOf(byLanguage.terraform);
  const scan = full.result;
  console.log(`corpus: ${root}`);
  console.log(`files: ${files.length} (${byLanguage.terraform.length} Terraform, ${byLanguage.yaml.length} YAML, ${byLanguage.json.length} JSON), ${fmt(mb(allBytes), 2)} MB`);
  console.log(`IaC files recognised: ${scan.files.length}; resources: ${scan.resources}; findings: ${scan.findings.length}; input errors: ${scan.errors.length}`);
  console.log('');
  console.log('baseline (parse only, from memory):');
  console.log(`  @cdktf/hcl2json  ${tfFiles.length} .tf   ${fmt(hclBaseline.ms, 0)} ms  ${fmt(mb(bytesOf(tfFiles)) / (hclBaseline.ms / 1000), 2)} MB/s  (${hclFailures} rejected)`);
  console.log(`  yaml             ${byLanguage.yaml.length} files  ${fmt(yamlBaseline.ms, 0)} ms  ${fmt(mb(bytesOf(byLanguage.yaml)) / (yamlBaseline.ms / 1000), 2)} MB/s`);
  console.log(`  JSON.parse       ${byLanguage.json.length} files  ${fmt(jsonBaseline.ms, 0)} ms`);
  console.log(`  total            ${fmt(baselineMs, 0)} ms`);
  console.log('');
  console.log('iac-audit (read + parse + model + all policies + suppressions):');
  console.log(`  full corpus      ${fmt(full.ms, 0)} ms  ${fmt(mb(allBytes) / (full.ms / 1000), 2)} MB/s  peak RSS ${fmt(mb(full.peakRss), 0)} MB`);
  console.log(`  .tf part only    ${fmt(tfOnly.ms, 0)} ms  ${fmt(mb(tfBytes) / (tfOnly.ms / 1000), 2)} MB/s`);
  console.log('');
  const ratio = full.ms / baselineMs;
  const tfRate = mb(tfBytes) / (tfOnly.ms / 1000);
  console.log(`ratio full scan / parse-only baseline: ${fmt(ratio, 3)} (target <= 0.4) ${ratio <= 0.4 ? 'OK' : 'MISSED'}`);
  console.log(`.tf throughput: ${fmt(tfRate, 1)} MB/s (target >= 25) ${tfRate >= 25 ? 'OK' : 'MISSED'}`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(2);
});
