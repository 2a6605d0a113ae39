/**
 * Reused policy checks (incremental/check-cache.ts) must be invisible: after every edit of an
 * open document, the editor's Project (which reuses checks of unchanged entities) reports exactly
 * what a fresh Project reports for the same texts, fix edits and messages included.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinPolicies } from '../../../policies/index';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { Project, type FileEvaluation } from '../../../server/src/engine/project';
import { textDiff } from '../../../server/src/engine/incremental/text-diff';
import { LineIndex } from '../../../server/src/engine/core/range';

const ROOT = path.resolve(__dirname, '../../..');

/** Every top-level bad/good fixture of a policy group, as one file (duplicates and all). */
function fixtures(group: string, extension: string, separator = '\n'): string {
  const out: string[] = [];
  const base = path.join(ROOT, 'policies', group);
  for (const policy of fs.readdirSync(base).sort()) {
    const dir = path.join(base, policy, 'fixtures');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith(extension)) out.push(fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return out.join(separator);
}

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Edit = (text: string, next: () => number) => string;

/** Inserts, at a random place, one of `pieces`; or deletes a few characters or a line. */
function randomEdit(pieces: string[]): Edit {
  return (text, next) => {
    const at = Math.floor(next() * (text.length + 1));
    const roll = next();
    if (roll < 0.25 && text.length) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 8)));
    if (roll < 0.3) {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
    }
    return text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
  };
}

function comparable(evaluation: FileEvaluation) {
  return { format: evaluation.format, findings: evaluation.findings, errors: evaluation.errors };
}

/**
 * Replays `steps` edits of `file` (typing runs at one place, and random edits anywhere) through
 * one Project with the document open, and checks each result against a fresh Project.
 */
async function replay(files: Record<string, string>, file: string, steps: number, seed: number, edit: Edit, typed: string[]): Promise<number> {
  const next = random(seed);
  const texts = { ...files };
  const project = new Project(new MemoryFileHost(files), { policies: builtinPolicies, today: () => '2025-06-01' });
  project.setDocument(file, texts[file]);
  await project.evaluateFile(file);
  let reused = 0;
  for (let step = 0; step < steps; ) {
    let edits: string[] = [];
    if (next() < 0.5) {
      // Type a line character by character after a random line break, as a person would.
      const word = typed[Math.floor(next() * typed.length)];
      let at = texts[file].indexOf('\n', Math.floor(next() * texts[file].length)) + 1;
      for (const c of word) {
        texts[file] = texts[file].slice(0, at) + c + texts[file].slice(at);
        at++;
        edits.push(texts[file]);
      }
    } else {
      texts[file] = edit(texts[file], next);
      edits = [texts[file]];
    }
    for (const text of edits) {
      if (step++ >= steps) break;
      project.setDocument(file, text);
      const incremental = await project.evaluateFile(file);
      const fresh = new Project(new MemoryFileHost({ ...texts, [file]: text }), { policies: builtinPolicies, today: () => '2025-06-01' });
      fresh.setDocument(file, text);
      const expected = await fresh.evaluateFile(file);
      assert.deepStrictEqual(comparable(incremental), comparable(expected), `seed ${seed}, step ${step}: ${JSON.stringify(text)}`);
      const stats = (project as unknown as { checkCaches: Map<string, { stats: { reused: number } }> }).checkCaches.get(path.posix.dirname(file))?.stats ??
        (project as unknown as { checkCaches: Map<string, { stats: { reused: number } }> }).checkCaches.get(file)?.stats;
      reused += stats?.reused ?? 0;
    }
  }
  return reused;
}

describe('incremental evaluation (reused policy checks)', function () {
  this.timeout(120_000);

  it('maps positions around a change exactly, and nothing that touches it', () => {
    const before = 'a\nbb\nccc\ndddd\n';
    const after = 'a\nbXXb\nYccc\ndddd\n';
    const diff = textDiff(before, after);
    const lines = [new LineIndex(before), new LineIndex(after)];
    // `dddd` moved one line down; `a` stayed; `ccc` shares the changed line and cannot move.
    const dddd = lines[0].range(before.indexOf('dddd'), before.indexOf('dddd') + 4);
    assert.deepEqual(diff.mapRange(dddd), lines[1].range(after.indexOf('dddd'), after.indexOf('dddd') + 4));
    assert.deepEqual(diff.mapRange(lines[0].range(0, 1)), lines[1].range(0, 1));
    assert.equal(diff.mapRange(lines[0].range(before.indexOf('ccc'), before.indexOf('ccc') + 3)), undefined);
    // A position later on the line the change ends on moves sideways.
    const same = textDiff('ab\ncd ef\n', 'ab\ncXd ef\n');
    assert.deepEqual(same.mapRange(new LineIndex('ab\ncd ef\n').range(6, 8)), new LineIndex('ab\ncXd ef\n').range(7, 9));
    assert.equal(textDiff('a\r\nb', 'a\rb').mapRange(new LineIndex('a\r\nb').range(0, 1)), undefined, 'a change next to \\r maps nothing');
  });

  it('Terraform: the same findings as a fresh evaluation after every edit, and most checks reused', async () => {
    const files = {
      'm/variables.tf': 'variable "cidr" {\n  default = "0.0.0.0/0"\n}\n\nvariable "db_password" {\n  default = "Sup3rS3cret!"\n}\n',
      'm/terraform.tfvars': 'cidr = "0.0.0.0/0"\n',
      'm/main.tf':
        fixtures('aws', '.tf') +
        '\nlocals {\n  open = var.cidr\n}\n\nresource "aws_security_group" "from_var" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [local.open]\n  }\n}\n' +
        '\n# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by hand"\nresource "aws_kms_key" "quiet" {\n}\n',
    };
    const pieces = ['a', ' ', '\n', '{', '}', '"', '=', '#', '[', ']', '.', '  enable_key_rotation = false\n', '  acl = "public-read"\n', '}\n', 'resource "aws_s3_bucket" "typed" {\n', 'variable "v" {\n  default = "x"\n}\n', '<<EOF\n', 'EOF\n', '/*', '*/', '\r\n'];
    const typed = ['  force_destroy = true', '  description = "typed by hand"', '  bucket = "audit-logs"', '  cidr_blocks = ["0.0.0.0/0"]', '  # a comment'];
    const reused = await replay(files, 'm/main.tf', 250, 11, randomEdit(pieces), typed);
    assert.ok(reused > 1000, `only ${reused} checks were reused`);
  });

  it('Terraform: edits of the module context (variables, tfvars) as well', async () => {
    const files = {
      'm/variables.tf': 'variable "cidr" {\n  default = "0.0.0.0/0"\n}\n',
      'm/main.tf': fixtures('aws', '.tf'),
    };
    await replay(files, 'm/variables.tf', 60, 5, randomEdit(['"', '1', '\n', '}', 'variable "x" {}\n', '  default = "10.0.0.0/8"\n']), ['  default = "0.0.0.0/0"', 'locals { a = 1 }']);
  });

  it('Kubernetes: the same findings as a fresh evaluation after every edit, and most checks reused', async () => {
    const manifest = fixtures('kubernetes', '.yaml', '\n---\n');
    const files = { 'k/all.yaml': manifest };
    const pieces = ['---\n', 'x', ' ', '\n', ': ', '- ', '"', "'", '[', '{', '}', '# c\n', '      privileged: true\n', '  hostNetwork: true\n', '&a ', '*a', '\t'];
    const typed = ['          imagePullPolicy: Always', '          workingDir: /srv/app', '    runAsNonRoot: false', '# iac-audit:ignore IAC-K8S-POD-001 reason="r"'];
    const reused = await replay(files, 'k/all.yaml', 250, 3, randomEdit(pieces), typed);
    assert.ok(reused > 500, `only ${reused} checks were reused`);
  });
});
