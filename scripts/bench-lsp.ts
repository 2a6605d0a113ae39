/**
 * `npm run bench:lsp -- [corpus dir]`: the editor's latency and memory, through the real server.
 *
 * 1. Replays a typing session (hundreds of single-character edits, debounce 0) on a generated
 *    5,000-line Terraform file and a 2,000-line multi-document Kubernetes file, over stdio, and
 *    prints p50/p95/max time from `didChange` to the diagnostics of that version.
 * 2. In the same run, the time a full parse + model + evaluation of the same file takes in-process
 *    (a fresh engine each time, nothing cached), so incrementality shows as a ratio.
 * 3. Server RSS after indexing the corpus directory as a workspace (default ../shared/corpus).
 * Targets: p95 <= 15 ms on both files; RSS <= 250 MB with the corpus indexed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryFileHost } from '../server/src/engine/core/memory-host';
import { Project } from '../server/src/engine/project';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinPolicies } from '../policies/index';
import { buildServer, REPO_ROOT } from '../test/protocol/support/build-server';
import { fileUri, TestClient } from '../test/protocol/support/lsp-client';

const P95_TARGET_MS = 15;
const RSS_TARGET_MB = 250;

// ------------------------------------------------------------------ generated inputs

export function terraformFile(lines: number): string {
  const blocks: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    let block: string;
    switch (i % 5) {
      case 0:
        block = `resource "aws_s3_bucket" "bucket_${i}" {\n  bucket = "audit-bucket-${i}"\n\n  tags = {\n    Team = "platform"\n    Env  = var.environment\n  }\n}\n`;
        break;
      case 1:
        block =
          `resource "aws_security_group" "sg_${i}" {\n  name        = "sg-${i}"\n  description = "service ${i}"\n  vpc_id      = var.vpc_id\n\n` +
          `  ingress {\n    from_port   = ${i % 3 === 0 ? 22 : 443}\n    to_port     = ${i % 3 === 0 ? 22 : 443}\n    protocol    = "tcp"\n` +
          `    cidr_blocks = ["${i % 2 ? '10.0.0.0/8' : '0.0.0.0/0'}"]\n  }\n}\n`;
        break;
      case 2:
        block = `resource "aws_kms_key" "key_${i}" {\n  description             = "key ${i}"\n  deletion_window_in_days = 30\n  enable_key_rotation     = ${i % 4 === 0}\n}\n`;
        break;
      case 3:
        block =
          `resource "aws_instance" "vm_${i}" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n\n  metadata_options {\n    http_tokens = "${i % 2 ? 'required' : 'optional'}"\n  }\n\n` +
          `  root_block_device {\n    encrypted = true\n  }\n}\n`;
        break;
      default:
        block = `resource "aws_db_instance" "db_${i}" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n  storage_encrypted   = ${i % 2 === 0}\n  publicly_accessible = false\n}\n`;
    }
    blocks.push(block);
    count += block.split('\n').length; // the block's lines plus the blank line between blocks
  }
  return `variable "environment" {\n  default = "prod"\n}\n\nvariable "vpc_id" {}\n\nvariable "ami" {}\n\n` + blocks.join('\n');
}

export function kubernetesFile(lines: number): string {
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc =
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: team-${i % 7}\n  labels:\n    app: app-${i}\nspec:\n  replicas: 2\n` +
      `  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n` +
      `        - name: app\n          image: registry.example.com/app-${i}:1.${i}.0\n          securityContext:\n            runAsNonRoot: true\n` +
      `            allowPrivilegeEscalation: ${i % 3 === 0}\n          resources:\n            limits:\n              cpu: 500m\n              memory: 256Mi\n`;
    docs.push(doc);
    count += doc.split('\n').length;
  }
  return docs.join('---\n');
}

// ------------------------------------------------------------------ typing session

export interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/**
 * A typing session at several places of the file: type a line character by character, then
 * delete part of it with backspace, as a person would. Positions are tracked as the text changes.
 */
export function typingSession(text: string, anchors: RegExp, typed: string[], edits: number): Edit[] {
  const lines = text.split('\n');
  const targets: number[] = [];
  lines.forEach((line, i) => anchors.test(line) && targets.push(i));
  const out: Edit[] = [];
  for (let t = 0; out.length < edits; t++) {
    // The line below an anchor, spread over the file.
    const target = targets[(t * 7919) % targets.length] + 1;
    const word = typed[t % typed.length];
    out.push({ range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } }, text: '\n' });
    // The new empty line is `target`; type into it.
    for (let c = 0; c < word.length && out.length < edits; c++) {
      out.push({ range: { start: { line: target, character: c }, end: { line: target, character: c } }, text: word[c] });
    }
    // Backspace the last few characters, then retype them.
    const back = Math.min(4, word.length);
    for (let c = 0; c < back && out.length < edits; c++) {
      const at = word.length - 1 - c;
      out.push({ range: { start: { line: target, character: at }, end: { line: target, character: at + 1 } }, text: '' });
    }
    for (let c = word.length - back; c < word.length && out.length < edits; c++) {
      out.push({ range: { start: { line: target, character: c }, end: { line: target, character: c } }, text: word[c] });
    }
    // Anchors below the new line moved down by one.
    for (let k = 0; k < targets.length; k++) if (targets[k] >= target) targets[k]++;
  }
  return out.slice(0, edits);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function replay(client: TestClient, dir: string, name: string, text: string, languageId: string, edits: Edit[]): Promise<number[]> {
  const uri = fileUri(path.join(dir, name));
  await client.open(uri, text, languageId);
  await client.diagnosticsFor(uri, 1);
  const latencies: number[] = [];
  let version = 1;
  for (const edit of edits) {
    version++;
    const published = client.diagnosticsFor(uri, version);
    const start = performance.now();
    await client.change(uri, version, [edit]);
    await published;
    latencies.push(performance.now() - start);
    // An editor keeps the latest diagnostics of a file, not every publish: the test client's
    // record of all of them (hundreds of 400 KB payloads) would otherwise slow the client itself.
    client.diagnostics.all.splice(0);
  }
  await client.close(uri);
  return latencies;
}

/** A full parse + model + evaluation with a fresh engine (nothing cached), median of `runs`. */
async function fullEvaluation(name: string, text: string, runs: number): Promise<{ median: number; findings: number }> {
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const project = new Project(new MemoryFileHost({ [name]: text }), { policies: builtinPolicies });
    const start = performance.now();
    const evaluation = await project.evaluateFile(name);
    times.push(performance.now() - start);
    findings = evaluation.findings.length;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], findings };
}

/** The engine alone doing what the server does per keystroke (warm caches), for the same edits. */
async function warmEvaluation(name: string, text: string, edits: Edit[]): Promise<number[]> {
  const project = new Project(new MemoryFileHost({ [name]: text }), { policies: builtinPolicies });
  await project.evaluateFile(name);
  let document = TextDocument.create('file:///bench', 'plaintext', 1, text);
  const times: number[] = [];
  for (const edit of edits) {
    document = TextDocument.update(document, [edit], document.version + 1);
    const start = performance.now();
    project.setDocument(name, document.getText());
    await project.evaluateFile(name);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function rssOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

async function main(): Promise<void> {
  const corpusArg = process.argv[2];
  const corpus = corpusArg ? path.resolve(corpusArg) : path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
  await buildServer();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-bench-lsp-')));
  const tf = terraformFile(5000);
  const k8s = kubernetesFile(2000);
  const cases = [
    {
      label: `Terraform (${tf.split('\n').length} lines, ${(tf.length / 1024).toFixed(0)} KB)`,
      name: 'main.tf',
      text: tf,
      languageId: 'terraform',
      edits: typingSession(tf, /^resource "aws_(s3_bucket|kms_key)"/, ['  force_destroy = true', '  description = "typed by hand"', '  # owner: platform team'], 400),
    },
    {
      label: `Kubernetes (${k8s.split('\n').length} lines, ${k8s.split('---\n').length} documents)`,
      name: 'deployments.yaml',
      text: k8s,
      languageId: 'yaml',
      edits: typingSession(k8s, /^ {8}- name: app$/, ['          imagePullPolicy: Always', '          workingDir: /srv/app'], 400),
    },
  ];

  const spawned = performance.now();
  const { client } = await TestClient.start({ workspace: dir, settings: { debounceMs: 0 }, initializationOptions: { indexWorkspace: false } });
  const initialized = performance.now() - spawned;
  const firstUri = fileUri(path.join(dir, 'first.tf'));
  await client.open(firstUri, 'resource "aws_kms_key" "k" {\n}\n', 'terraform');
  await client.diagnosticsFor(firstUri, 1);
  const firstDiagnostics = performance.now() - spawned;
  console.log('IaC Audit language server benchmark (real server over stdio, debounce 0)\n');
  console.log(`server start: initialize answered ${fmt(initialized)} ms after spawn; first diagnostics ${fmt(firstDiagnostics)} ms after spawn\n`);
  let ok = true;
  for (const c of cases) {
    const latencies = await replay(client, dir, c.name, c.text, c.languageId, c.edits);
    const sorted = [...latencies].sort((a, b) => a - b);
    const enginePath = path.join(dir, c.name).replace(/\\/g, '/');
    const full = await fullEvaluation(enginePath, c.text, 7);
    const warm = await warmEvaluation(enginePath, c.text, c.edits);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    console.log(`${c.label}: ${latencies.length} single-character edits`);
    console.log(`  didChange -> diagnostics   p50 ${fmt(p50)} ms   p95 ${fmt(p95)} ms   max ${fmt(sorted[sorted.length - 1])} ms   (target p95 <= ${P95_TARGET_MS} ms)`);
    console.log(`  full parse + evaluation    ${fmt(full.median)} ms in-process, fresh engine (${full.findings} findings); ratio full / p50 = ${(full.median / p50).toFixed(1)}x`);
    console.log(`  engine alone per edit      p50 ${fmt(percentile(warm, 50))} ms   p95 ${fmt(percentile(warm, 95))} ms in-process, warm caches (the server's floor)`);
    if (p95 > P95_TARGET_MS) ok = false;
  }
  const pid = client.process.pid!;
  const idle = rssOf(pid);
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  if (idle) console.log(`\nserver RSS after the typing sessions: ${idle.rss.toFixed(0)} MB`);

  if (!fs.existsSync(corpus)) {
    console.log(`\nRSS with a corpus indexed: NOT MEASURED (no corpus at ${corpus}; pass one: npm run bench:lsp -- <dir>)`);
  } else {
    const start = performance.now();
    const { client: indexer } = await TestClient.start({ workspace: corpus, settings: {}, initializationOptions: { indexWorkspace: true } });
    const done = await indexer.status.wait((s) => !s.indexing && s.total > 0);
    const seconds = (performance.now() - start) / 1000;
    const memory = rssOf(indexer.process.pid!);
    const counts = Object.entries(done.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    console.log(`\ncorpus ${corpus}: ${done.total} files indexed in ${seconds.toFixed(1)} s; ${done.files} files with findings (${counts})`);
    if (memory) {
      console.log(`  server RSS ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)   (target <= ${RSS_TARGET_MB} MB)`);
      if (memory.rss > RSS_TARGET_MB) ok = false;
    }
    await indexer.stop();
  }
  console.log(ok ? '\nall targets met' : '\nSOME TARGETS MISSED');
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
