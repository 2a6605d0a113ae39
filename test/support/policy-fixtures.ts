/**
 * Fixture conventions shared by the policy tests (see ARCHITECTURE.md, "Add a policy"):
 *
 *   policies/<group>/<dir>/fixtures/good*.<ext>   must produce no finding of the policy
 *   policies/<group>/<dir>/fixtures/bad*.<ext>    findings marked inline: `# expect: ID` (or `// expect: ID`)
 *                                                 at the end of the line where the finding starts;
 *                                                 JSON files use a sidecar `<file>.expect.json`:
 *                                                 [{ "line": 12, "policyId": "ID" }] (1-based lines)
 *   policies/<group>/<dir>/fixtures/fixed/<bad file>  the exact text after applying the policy's fixes
 *   policies/<group>/<dir>/fixtures/<subdir>/     a multi-file fixture (a Terraform module): all files
 *                                                 are evaluated together; name it good-* or bad-*
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileHost } from '../../server/src/engine/core/memory-host';
import type { Finding, Policy, TextEdit } from '../../server/src/engine/core/policy';
import { Project } from '../../server/src/engine/project';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const POLICIES_ROOT = path.join(REPO_ROOT, 'policies');

export interface FixtureCase {
  /** good: expects nothing; bad: expects the marked findings. */
  expectation: 'good' | 'bad';
  name: string;
  /** Virtual path -> text of every file in the case. */
  files: Record<string, string>;
  /** Expected `${file}:${line}` (1-based) for this policy, as a sorted multiset. */
  expected: string[];
  /** For single-file bad cases with a fixed/ twin: the expected text after fixing. */
  fixedText?: string;
}

const EXPECT_MARKER = /(?:#|\/\/)\s*expect:\s*([A-Z0-9_, -]+)/;

export function expectedMarkers(file: string, text: string, policyId: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const match = EXPECT_MARKER.exec(line);
    if (!match) return;
    for (const id of match[1].split(/[ ,]+/).filter(Boolean)) if (id === policyId) out.push(`${file}:${i + 1}`);
  });
  return out;
}

function sidecarMarkers(file: string, sidecarPath: string, policyId: string): string[] {
  const entries = JSON.parse(fs.readFileSync(sidecarPath, 'utf8')) as { line: number; policyId: string }[];
  return entries.filter((e) => e.policyId === policyId).map((e) => `${file}:${e.line}`);
}

function isFixtureFile(name: string): boolean {
  return !name.endsWith('.expect.json') && !name.endsWith('.md') && /\.(tf|tfvars|json|ya?ml)$/.test(name);
}

export function loadFixtureCases(policyDir: string, policyId: string): FixtureCase[] {
  const fixturesDir = path.join(policyDir, 'fixtures');
  if (!fs.existsSync(fixturesDir)) return [];
  const cases: FixtureCase[] = [];
  for (const entry of fs.readdirSync(fixturesDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === 'fixed') continue;
    const expectation = entry.name.startsWith('good') ? 'good' : entry.name.startsWith('bad') ? 'bad' : undefined;
    if (!expectation) continue;
    const files: Record<string, string> = {};
    const expected: string[] = [];
    const addFile = (abs: string, virtual: string) => {
      const text = fs.readFileSync(abs, 'utf8');
      files[virtual] = text;
      const sidecar = `${abs}.expect.json`;
      expected.push(...(fs.existsSync(sidecar) ? sidecarMarkers(virtual, sidecar, policyId) : expectedMarkers(virtual, text, policyId)));
    };
    if (entry.isDirectory()) {
      const sub = path.join(fixturesDir, entry.name);
      const walk = (dir: string) => {
        for (const child of fs.readdirSync(dir, { withFileTypes: true })) {
          const abs = path.join(dir, child.name);
          if (child.isDirectory()) walk(abs);
          else if (isFixtureFile(child.name)) addFile(abs, path.relative(fixturesDir, abs).split(path.sep).join('/'));
        }
      };
      walk(sub);
    } else if (isFixtureFile(entry.name)) {
      addFile(path.join(fixturesDir, entry.name), entry.name);
    } else continue;
    const fixedPath = path.join(fixturesDir, 'fixed', entry.name);
    cases.push({
      expectation,
      name: entry.name,
      files,
      expected: expected.sort(),
      fixedText: !entry.isDirectory() && fs.existsSync(fixedPath) ? fs.readFileSync(fixedPath, 'utf8') : undefined,
    });
  }
  return cases;
}

export async function evaluateFiles(files: Record<string, string>, policies: readonly Policy[]): Promise<{ findings: Finding[]; errors: string[] }> {
  const project = new Project(new MemoryFileHost(files), { policies, today: () => '2026-11-26' });
  const result = await project.scan(Object.keys(files));
  return { findings: result.findings, errors: result.errors.filter((e) => e.severity === 'error').map((e) => `${e.file}: ${e.message}`) };
}

/** Applies non-overlapping edits to one file's text (last first, so offsets stay valid). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset || b.range.end.offset - a.range.end.offset);
  let out = text;
  let lastStart = Infinity;
  for (const edit of sorted) {
    if (edit.range.end.offset > lastStart) continue; // overlapping edit: skip, as an editor would refuse it
    out = out.slice(0, edit.range.start.offset) + edit.newText + out.slice(edit.range.end.offset);
    lastStart = edit.range.start.offset;
  }
  return out;
}

export function findPolicyModules(): { dir: string; policy: Policy }[] {
  const out: { dir: string; policy: Policy }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'fixtures') walk(abs);
      else if (entry.name === 'policy.ts') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(abs);
        out.push({ dir, policy: mod.default ?? mod.policy });
      }
    }
  };
  walk(POLICIES_ROOT);
  return out.sort((a, b) => (a.policy.id < b.policy.id ? -1 : 1));
}
