/**
 * Our parser's JSON projection must equal `@cdktf/hcl2json`'s output, exactly (after sorting keys),
 * on every handwritten fixture and on a sample of ../shared/corpus when it is present.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHcl } from '../../../server/src/engine/parsers/hcl/parser';
import { hclToJson } from '../../../server/src/engine/parsers/hcl/project-json';
import { canonicalJson, compareFile, findTfFiles, jsonDiff, loadHcl2Json } from '../../../scripts/hcl-differential';

const FIXTURES = join(__dirname, 'hcl-fixtures');
const CORPUS = resolve(__dirname, '../../../../shared/corpus');

describe('HCL parser vs @cdktf/hcl2json (differential)', function () {
  this.timeout(120_000);
  let hcl2json: (name: string, text: string) => Promise<unknown>;

  before(async () => {
    hcl2json = loadHcl2Json();
    await hcl2json('warmup.tf', 'a = 1\n');
  });

  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.tf')).sort();

  it('has fixtures for every area of the syntax', () => {
    for (const name of ['blocks', 'strings', 'heredocs', 'numbers', 'collections', 'expressions', 'comments', 'unicode', 'crlf', 'edge', 'nonewline']) {
      assert.ok(fixtures.includes(`${name}.tf`), `missing fixture ${name}.tf`);
    }
  });

  for (const name of fixtures) {
    it(`${name}: same JSON as hcl2json, no diagnostics`, async () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const file = parseHcl(name, text);
      assert.deepEqual(file.diagnostics, [], `unexpected diagnostics in ${name}`);
      const expected = await hcl2json(name, text);
      const ours = hclToJson(file);
      assert.equal(canonicalJson(ours), canonicalJson(expected), `${name} differs:\n${jsonDiff(ours, expected).join('\n')}`);
    });
  }

  it('agrees on a sample of ../shared/corpus (skipped when absent)', async function () {
    if (!existsSync(CORPUS)) {
      console.log(`      (skipped: ${CORPUS} not present; run scripts/hcl-differential.ts on a corpus instead)`);
      this.skip();
    }
    // Every 40th file keeps this under a few seconds; the script covers the whole corpus.
    const files = findTfFiles(CORPUS).filter((_, i) => i % 40 === 0);
    const failures: string[] = [];
    let compared = 0;
    for (const f of files) {
      const r = await compareFile(f, readFileSync(f, 'utf8'), hcl2json);
      if (r.referenceError !== undefined) continue;
      compared++;
      if (!r.agree) failures.push(`${f}\n${(r.diff ?? []).join('\n')}`);
    }
    assert.ok(compared > 0);
    assert.deepEqual(failures, []);
  });
});
