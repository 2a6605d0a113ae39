/**
 * Robustness and throughput check of the YAML/JSON adapters over a directory tree
 * (e.g. ../shared/corpus): every .yaml/.yml/.json file goes through analyzeYamlFile /
 * analyzeJsonFile; prints counts by format, errors, time, MB/s, and any exception (there must be
 * none). With --fixes it also adds an entry to every resource body and removes one entry per
 * resource, checking each edited text still parses with the same number of resources.
 *
 * Usage: npx tsx scripts/structured-smoke.ts <dir> [--fixes] [--verbose]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { TextEdit } from '../server/src/engine/core/policy';
import { applyEdits } from '../server/src/engine/core/edits';
import { analyzeJsonFile, analyzeYamlFile, containersOf, createJsonFixBuilder, createYamlFixBuilder } from '../server/src/engine/formats/structured';

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
const withFixes = args.includes('--fixes');
const verbose = args.includes('--verbose');
if (!root || !fs.existsSync(root)) {
  console.error('usage: npx tsx scripts/structured-smoke.ts <dir> [--fixes] [--verbose]');
  process.exit(2);
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') walk(full, out);
    } else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
}


const files: string[] = [];
walk(root, files);
files.sort();
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const totalBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const byFormat: Record<string, { files: number; resources: number; bytes: number }> = {};
const errorsBySeverity: Record<string, number> = {};
const filesWithErrors: string[] = [];
const exceptions: string[] = [];
let yamlBytes = 0;
let yamlFiles = 0;

// CPU time as well as wall time: on a busy machine it is the steadier measure of work done.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Baseline first (it pays the cold start of the `yaml` package, which the analysis then reuses):
// the `yaml` package merely parsing the same YAML files.
const c1 = cpu();
const t1 = performance.now();
files.forEach((file, i) => {
  if (!file.toLowerCase().endsWith('.json')) parseAllDocuments(texts[i]);
});
const yamlBaseline = performance.now() - t1;
const yamlBaselineCpu = cpu() - c1;
const t2 = performance.now();
files.forEach((file, i) => {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      JSON.parse(texts[i]);
    } catch {
      /* counted by our parser */
    }
  }
});
const jsonBaseline = performance.now() - t2;

const c0 = cpu();
const t0 = performance.now();
const models = files.map((file, i) => {
  const text = texts[i];
  const isJson = file.toLowerCase().endsWith('.json');
  if (!isJson) {
    yamlBytes += Buffer.byteLength(text);
    yamlFiles++;
  }
  try {
    return isJson ? analyzeJsonFile(file, text) : analyzeYamlFile(file, text);
  } catch (error) {
    exceptions.push(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
    return undefined;
  }
});
const elapsed = performance.now() - t0;
const elapsedCpu = cpu() - c0;

models.forEach((model, i) => {
  if (!model) return;
  const key = model.format ?? '(neither)';
  const entry = (byFormat[key] ??= { files: 0, resources: 0, bytes: 0 });
  entry.files++;
  entry.resources += model.resources.length;
  entry.bytes += Buffer.byteLength(texts[i]);
  for (const e of model.errors) errorsBySeverity[e.severity] = (errorsBySeverity[e.severity] ?? 0) + 1;
  if (model.errors.some((e) => e.severity === 'error')) {
    const e = model.errors.find((x) => x.severity === 'error')!;
    filesWithErrors.push(`${path.relative(root, files[i])}:${(e.range?.start.line ?? 0) + 1}: ${e.message}`);
  }
});

const mb = totalBytes / 1e6;
console.log(`files: ${files.length} (${yamlFiles} YAML, ${files.length - yamlFiles} JSON), ${mb.toFixed(2)} MB`);
console.log(`analysis: ${elapsed.toFixed(0)} ms wall, ${elapsedCpu.toFixed(0)} ms CPU: ${(mb / (elapsed / 1000)).toFixed(1)} MB/s wall, ${(mb / (elapsedCpu / 1000)).toFixed(1)} MB/s CPU`);
console.log(
  `baseline (parse only): yaml.parseAllDocuments over the YAML files ${yamlBaseline.toFixed(0)} ms wall, ${yamlBaselineCpu.toFixed(0)} ms CPU ` +
    `(${(yamlBytes / 1e6 / (yamlBaselineCpu / 1000)).toFixed(1)} MB/s CPU); JSON.parse ${jsonBaseline.toFixed(0)} ms`,
);
for (const [format, e] of Object.entries(byFormat).sort()) console.log(`  ${format.padEnd(15)} ${String(e.files).padStart(5)} files ${String(e.resources).padStart(6)} resources ${(e.bytes / 1e6).toFixed(2)} MB`);
console.log(`input errors: ${JSON.stringify(errorsBySeverity)} in ${filesWithErrors.length} files with errors`);
for (const line of verbose ? filesWithErrors : filesWithErrors.slice(0, 15)) console.log(`  ${line}`);
if (!verbose && filesWithErrors.length > 15) console.log(`  ... ${filesWithErrors.length - 15} more (--verbose)`);

if (withFixes) {
  let checked = 0;
  const broken: string[] = [];
  const t3 = performance.now();
  models.forEach((model, i) => {
    if (!model || !model.format || model.errors.length) return;
    const file = files[i];
    const text = texts[i];
    const isJson = file.toLowerCase().endsWith('.json');
    const builder = (isJson ? createJsonFixBuilder : createYamlFixBuilder)(() => text);
    const reparse = (edited: string) => (isJson ? analyzeJsonFile(file, edited) : analyzeYamlFile(file, edited));
    for (const [r, resource] of model.resources.entries()) {
      const attempts: [string, () => TextEdit[]][] = [
        ['addEntries', () => builder.addEntries(resource.body, [{ attr: 'iacAuditSmoke', value: { enabled: true, list: ['a', 'b:c'] } }])],
      ];
      const first = [...resource.body.entries.values()].find((n) => n.keyRange && n.keyRange.start.offset >= resource.range.start.offset && n.keyRange.end.offset <= resource.range.end.offset);
      if (first && resource.format === 'cloudformation') attempts.push(['removeEntry', () => builder.removeEntry(first)]);
      // Kubernetes containers: list-item maps, where the first entry shares the `- ` line.
      for (const { container } of containersOf(resource)) {
        const entries = [...container.entries.values()].filter((n) => n.keyRange && n.keyRange.start.offset >= container.range.start.offset);
        attempts.push(['addEntries(container)', () => builder.addEntries(container, [{ block: 'iacAuditSmokeContext', body: [{ attr: 'runAsNonRoot', value: true }, { attr: 'capabilities', value: { drop: ['ALL'] } }] }])]);
        if (entries.length) attempts.push(['removeEntry(first of container)', () => builder.removeEntry(entries[0])]);
        if (entries.length > 1) attempts.push(['removeEntry(last of container)', () => builder.removeEntry(entries[entries.length - 1])]);
        const image = container.entries.get('image');
        if (image) attempts.push(['setValue(image)', () => builder.setValue(image, 'nginx:1.25.3')]);
      }
      for (const [what, make] of attempts) {
        try {
          const edits = make();
          if (!edits.length) continue;
          checked++;
          const after = reparse(applyEdits(text, edits));
          if (after.errors.length || after.resources.length !== model.resources.length || after.format !== model.format) {
            broken.push(`${path.relative(root, file)} [${r}] ${resource.address} ${what}: ${after.errors[0]?.message ?? `resources ${model.resources.length} -> ${after.resources.length}`}`);
          }
        } catch (error) {
          exceptions.push(`${file} ${what}: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    }
  });
  console.log(`fix round-trips: ${checked} edits checked in ${(performance.now() - t3).toFixed(0)} ms, ${broken.length} left the file broken`);
  for (const line of broken.slice(0, verbose ? broken.length : 20)) console.log(`  ${line}`);
}

console.log(`exceptions: ${exceptions.length}`);
for (const e of exceptions.slice(0, 20)) console.log(`  ${e}`);
process.exitCode = exceptions.length ? 1 : 0;
