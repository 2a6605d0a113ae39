/**
 * `npx tsx scripts/bench-engine.ts [--only tf|k8s] [--edits N]`: the engine alone, in-process,
 * replaying the same typing sessions as `npm run bench:lsp` (what the server does per keystroke:
 * setDocument + evaluateFile, warm caches). Prints per-edit p50/p95/max and, in the same run, a
 * full rebuild (a fresh Project, nothing cached) of the same file, so the gain is a ratio.
 * Meant for profiling: `node --cpu-prof --import tsx scripts/bench-engine.ts --only tf`.
 */
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinPolicies } from '../policies/index';
import { MemoryFileHost } from '../server/src/engine/core/memory-host';
import { Project } from '../server/src/engine/project';
import { kubernetesFile, terraformFile, typingSession, type Edit } from './bench-lsp';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

async function fullRebuild(name: string, text: string, runs: number): Promise<{ median: number; findings: number }> {
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const project = new Project(new MemoryFileHost({ [name]: text }), { policies: builtinPolicies });
    const start = performance.now();
    findings = (await project.evaluateFile(name)).findings.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], findings };
}

async function perEdit(name: string, text: string, edits: Edit[]): Promise<{ times: number[]; cpu: number[]; findings: number }> {
  const project = new Project(new MemoryFileHost({ [name]: text }), { policies: builtinPolicies });
  await project.evaluateFile(name);
  let document = TextDocument.create('file:///bench', 'plaintext', 1, text);
  const times: number[] = [];
  // CPU time too: on a loaded machine wall time mostly measures the neighbours.
  const cpu: number[] = [];
  let findings = 0;
  for (const edit of edits) {
    document = TextDocument.update(document, [edit], document.version + 1);
    const start = performance.now();
    const startCpu = process.cpuUsage();
    project.setDocument(name, document.getText());
    findings = (await project.evaluateFile(name)).findings.length;
    const used = process.cpuUsage(startCpu);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { times, cpu, findings };
}

async function main(): Promise<void> {
  const only = arg('--only');
  const count = Number(arg('--edits') ?? 400);
  const tf = terraformFile(5000);
  const k8s = kubernetesFile(2000);
  const cases = [
    {
      key: 'tf',
      label: `Terraform (${tf.split('\n').length} lines)`,
      name: 'work/main.tf',
      text: tf,
      edits: typingSession(tf, /^resource "aws_(s3_bucket|kms_key)"/, ['  force_destroy = true', '  description = "typed by hand"', '  # owner: platform team'], count),
    },
    {
      key: 'k8s',
      label: `Kubernetes (${k8s.split('\n').length} lines, ${k8s.split('---\n').length} documents)`,
      name: 'work/deployments.yaml',
      text: k8s,
      edits: typingSession(k8s, /^ {8}- name: app$/, ['          imagePullPolicy: Always', '          workingDir: /srv/app'], count),
    },
  ].filter((c) => !only || c.key === only);
  for (const c of cases) {
    const full = await fullRebuild(c.name, c.text, 5);
    const { times, cpu, findings } = await perEdit(c.name, c.text, c.edits);
    const sorted = [...times].sort((a, b) => a - b);
    const cpuSorted = [...cpu].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    console.log(`${c.label}: ${times.length} edits, in-process`);
    console.log(`  per edit       p50 ${fmt(p50)} ms   p95 ${fmt(percentile(sorted, 95))} ms   max ${fmt(sorted[sorted.length - 1])} ms   (${findings} findings after the last edit)`);
    console.log(`  per edit CPU   p50 ${fmt(percentile(cpuSorted, 50))} ms   p95 ${fmt(percentile(cpuSorted, 95))} ms   max ${fmt(cpuSorted[cpuSorted.length - 1])} ms`);
    console.log(`  full rebuild   ${fmt(full.median)} ms (${full.findings} findings); full / p50 = ${(full.median / p50).toFixed(1)}x`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
