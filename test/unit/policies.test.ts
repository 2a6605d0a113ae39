/**
 * Runs every built-in policy against its own fixtures (good, bad, fixed) and checks the pack's
 * metadata. Adding a policy with fixtures needs no new test code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinPolicies } from '../../policies/index';
import { SEVERITIES } from '../../server/src/engine/core/policy';
import { applyEdits, evaluateFiles, findPolicyModules, loadFixtureCases } from '../support/policy-fixtures';

const modules = findPolicyModules();

describe('policy pack metadata', () => {
  it('registers every policy module exactly once in policies/index.ts', () => {
    const registered = builtinPolicies.map((p) => p.id).sort();
    const found = modules.map((m) => m.policy.id).sort();
    assert.deepEqual(registered, found);
  });

  it('has unique ids of the form IAC-<PROVIDER>[-<SERVICE>]-NNN', () => {
    const ids = builtinPolicies.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate policy ids');
    for (const id of ids) assert.match(id, /^IAC-[A-Z0-9]+(-[A-Z0-9]+)?-\d{3}$/);
  });

  for (const { dir, policy } of modules) {
    it(`${policy.id} has complete metadata, docs and fixtures`, () => {
      for (const field of ['title', 'description', 'rationale', 'remediation'] as const) {
        assert.ok(policy[field] && policy[field].trim().length > 10, `${field} is missing or too short`);
      }
      assert.ok(SEVERITIES.includes(policy.severity), `bad severity ${policy.severity}`);
      assert.ok(policy.compliance.length > 0, 'no compliance mappings');
      for (const c of policy.compliance) assert.ok(c.framework && c.control, 'empty compliance mapping');
      assert.ok(policy.formats.length > 0 && policy.formats.every((f) => (policy.resourceTypes[f] ?? []).length > 0), 'formats without resource types');
      assert.ok(fs.existsSync(path.join(dir, 'README.md')), 'README.md (docs) missing');
      assert.equal(policy.fixable ?? false, fs.existsSync(path.join(dir, 'fixtures', 'fixed')), 'fixable must be declared exactly when fixtures/fixed/ proves a fix');
      const cases = loadFixtureCases(dir, policy.id);
      assert.ok(cases.some((c) => c.expectation === 'good'), 'no good fixture');
      assert.ok(cases.some((c) => c.expectation === 'bad' && c.expected.length > 0), 'no bad fixture with an expect marker');
    });
  }
});

for (const { dir, policy } of modules) {
  describe(`policy ${policy.id}: ${policy.title}`, () => {
    for (const fixture of loadFixtureCases(dir, policy.id)) {
      it(`${fixture.expectation} fixture ${fixture.name}`, async () => {
        const { findings, errors } = await evaluateFiles(fixture.files, builtinPolicies);
        assert.deepEqual(errors, [], 'fixture does not parse cleanly');
        const mine = findings.filter((f) => f.policyId === policy.id && !f.suppressed);
        const actual = mine.map((f) => `${f.file}:${f.range.start.line + 1}`).sort();
        assert.deepEqual(actual, fixture.expected, `findings of ${policy.id} (file:line)`);

        if (fixture.fixedText !== undefined) {
          const [file] = Object.keys(fixture.files);
          const edits = mine.flatMap((f) => f.fix?.edits ?? []).filter((e) => e.file === file);
          assert.ok(edits.length > 0, 'a fixed/ twin exists but the findings carry no fix');
          const fixed = applyEdits(fixture.files[file], edits);
          assert.equal(fixed, fixture.fixedText, 'text after applying the fixes');
          const after = await evaluateFiles({ [file]: fixed }, builtinPolicies);
          assert.deepEqual(after.errors, [], 'the fixed file does not parse cleanly');
          assert.deepEqual(after.findings.filter((f) => f.policyId === policy.id && !f.suppressed).map((f) => f.range.start.line + 1), [], 'the fix leaves the finding');
          const before = new Set(findings.filter((f) => f.policyId !== policy.id).map((f) => f.policyId));
          const introduced = after.findings.filter((f) => f.policyId !== policy.id && !before.has(f.policyId) && !f.suppressed);
          assert.deepEqual(introduced.map((f) => `${f.policyId}@${f.range.start.line + 1}`), [], 'the fix introduces new findings');
        }
      });
    }
  });
}
