import { strict as assert } from 'node:assert';
import { analyzeJsonFile, analyzeYamlFile } from '../../../../server/src/engine/formats/structured';
import { fixture, lc, slice } from './helpers';

describe('structured: detection, errors and limits', () => {
  it('detects Kubernetes, CloudFormation YAML and JSON, and ignores everything else quietly', () => {
    assert.equal(analyzeYamlFile('a.yaml', fixture('k8s-multi.yaml')).format, 'kubernetes');
    assert.equal(analyzeYamlFile('b.yaml', fixture('cfn-template.yaml')).format, 'cloudformation');
    assert.equal(analyzeJsonFile('c.json', fixture('cfn-template.json')).format, 'cloudformation');
    // CloudFormation without AWSTemplateFormatVersion, found by its resource types.
    assert.equal(analyzeYamlFile('d.yaml', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n').format, 'cloudformation');
    assert.equal(analyzeYamlFile('e.yaml', 'Resources:\n  Q:\n    Type: Custom::Thing\n').format, 'cloudformation');
    assert.equal(analyzeJsonFile('f.json', '{"Resources": {"Q": {"Type": "Alexa::ASK::Skill"}}}').format, 'cloudformation');

    const quiet = [
      analyzeYamlFile('.github/workflows/ci.yaml', fixture('workflow.yaml')),
      analyzeYamlFile('values.yaml', 'image:\n  repository: nginx\n  tag: latest\nresources: {}\n'),
      analyzeYamlFile('Chart.yaml', 'apiVersion: v2\nname: chart\nversion: 1.0.0\n'),
      analyzeYamlFile('serverless.yml', 'Resources:\n  Q:\n    Type: Other::Thing\n'),
      analyzeYamlFile('empty.yaml', ''),
      analyzeYamlFile('comments.yaml', '# nothing here\n---\n'),
      analyzeJsonFile('package.json', '{"name": "x", "version": "1.0.0", "scripts": {"test": "mocha"}}'),
      analyzeJsonFile('tsconfig.json', '{\n  // comments are not JSON\n  "compilerOptions": {"strict": true},\n}\n'),
      analyzeJsonFile('list.json', '[1, 2, 3]'),
      analyzeJsonFile('broken.json', '{"name": '),
      analyzeYamlFile('broken-other.yaml', 'a: [1, 2\nb: }\n'),
    ];
    for (const m of quiet) {
      assert.equal(m.format, undefined);
      assert.deepEqual(m.resources, []);
      assert.deepEqual(m.errors, []);
    }
  });

  it('reads every document of a multi-document stream', () => {
    const text = 'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\n# just a comment\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n...\n---\nplain: map\n---\napiVersion: v1\nkind: C\nmetadata: {name: c}\n';
    const m = analyzeYamlFile('multi.yaml', text);
    assert.equal(m.format, 'kubernetes');
    assert.deepEqual(m.resources.map((r) => r.address), ['A/default/a', 'B/default/b', 'C/default/c']);
    assert.deepEqual(lc(m.resources[1].range), [6, 0, 8, 19]);
    assert.deepEqual(lc(m.resources[2].range), [13, 0, 15, 19]);
  });

  it('keeps the documents that parse and reports the broken one with ranges', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   bad: b\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: also-good}\n';
    const m = analyzeYamlFile('partial.yaml', text);
    assert.equal(m.format, 'kubernetes');
    assert.deepEqual(m.resources.map((r) => r.address), ['ConfigMap/default/good', 'Secret/default/also-good']);
    assert.deepEqual(
      m.errors.map((e) => [e.file, e.severity, e.message, lc(e.range), slice(text, e.range)]),
      [
        ['partial.yaml', 'error', 'YAML: Nested mappings are not allowed in compact mappings', [7, 8, 7, 9], 'a'],
        ['partial.yaml', 'error', 'YAML: Implicit keys need to be on a single line', [7, 8, 8, 6], 'a\n   bad'],
      ],
    );
  });

  it('reports a broken file that looks like a template, even when nothing parses', () => {
    const k8s = analyzeYamlFile('broken.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n   image: b\n');
    assert.equal(k8s.format, 'kubernetes');
    assert.deepEqual(k8s.resources, []);
    assert.ok(k8s.errors.length >= 1);
    assert.ok(k8s.errors.every((e) => e.severity === 'error' && e.range && e.message.startsWith('YAML: ')));
    assert.deepEqual(
      k8s.errors.map((e) => [e.message, lc(e.range)]),
      [['YAML: Sequence item without - indicator', [5, 0, 5, 1]]],
    );

    const json = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "B": {"Type": "AWS::S3::Bucket",}\n  }\n}\n';
    const cfn = analyzeJsonFile('t.json', json);
    assert.equal(cfn.format, 'cloudformation');
    assert.deepEqual(cfn.errors, [
      {
        file: 't.json',
        severity: 'error',
        message: "JSON: Unexpected '}', expected a property name in double quotes",
        range: { start: { line: 3, column: 36, offset: 99 }, end: { line: 3, column: 37, offset: 100 } },
      },
    ]);
  });

  it('warns about a repeated key and keeps the last value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n';
    const m = analyzeYamlFile('dup.yaml', text);
    assert.deepEqual(m.resources.map((r) => r.name), ['b']);
    assert.deepEqual(
      m.errors.map((e) => [e.severity, e.message, slice(text, e.range), lc(e.range)]),
      [['warning', "YAML: Duplicate key 'name': the last one wins", 'name', [4, 2, 4, 6]]],
    );
  });

  it('bounds alias expansion: a billion-laughs document is an error, fast', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map((l) => '  ' + l).join('\n')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n`;
    const started = Date.now();
    const m = analyzeYamlFile('bomb.yaml', text);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.deepEqual(m.resources.map((r) => r.name), ['fine']);
    assert.equal(m.errors.length, 1);
    assert.match(m.errors[0].message, /^YAML: Excessive YAML alias expansion \(more than 100, via \*[a-j]\)/);
    assert.equal(m.errors[0].severity, 'error');
    assert.ok(m.errors[0].range);

    // A few ordinary aliases are fine; the bound is configurable.
    const ok = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &v hello\n  b: *v\n  c: *v\n';
    assert.deepEqual(analyzeYamlFile('ok.yaml', ok).errors, []);
    assert.match(analyzeYamlFile('ok.yaml', ok, { maxAliasCount: 1 }).errors[0].message, /Excessive YAML alias expansion \(more than 1, via \*v\)/);
    assert.match(analyzeYamlFile('ok.yaml', ok, { maxAliasCount: 0 }).errors[0].message, /Aliases are not allowed/);
    assert.deepEqual(analyzeYamlFile('ok.yaml', ok, { maxAliasCount: -1 }).errors, []);
  });

  it('says once that a Helm template is skipped instead of reporting its syntax errors', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- toYaml .Values.spec | nindent 2 }}\n';
    const m = analyzeYamlFile('templates/deployment.yaml', text);
    assert.equal(m.format, undefined);
    assert.deepEqual(m.resources, []);
    assert.deepEqual(m.errors.map((e) => e.severity), ['info']);
    assert.match(m.errors[0].message, /Go\/Helm template/);
  });

  it('refuses absurdly deep nesting before the yaml package recurses into it', () => {
    const started = Date.now();
    const deep = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  x:\n  ' + '- '.repeat(5000) + 'x\n';
    const m = analyzeYamlFile('deep.yaml', deep);
    assert.deepEqual(
      m.errors.map((e) => [e.severity, e.message, lc(e.range)]),
      [['error', 'YAML: Nested more than 300 levels deep; not analysed', [4, 0, 4, 0]]],
    );
    const flow = analyzeYamlFile('flow.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata: ' + '['.repeat(400) + ']'.repeat(400) + '\n');
    assert.match(flow.errors[0].message, /Nested more than 300 levels/);
    // Brackets inside quotes and comments do not count.
    const quoted = analyzeYamlFile('q.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\ndata:\n  a: "${'['.repeat(400)}" # ${'{'.repeat(400)}\n  b: '${'['.repeat(400)}'\n`);
    assert.deepEqual(quoted.errors, []);
    assert.equal(quoted.resources.length, 1);
    assert.ok(Date.now() - started < 2000);
  });

  it('never throws: binary input, deep nesting, truncations of real templates', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const binary = Array.from({ length: 4096 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
    for (const text of [binary, '\u0000\u0001\u0002', '\ufeffapiVersion: v1\nkind: Pod\n', '['.repeat(3000), '- '.repeat(3000) + 'x', 'a:\n' + '  b:\n'.repeat(2000)]) {
      const y = analyzeYamlFile('bin.yaml', text);
      const j = analyzeJsonFile('bin.json', text);
      assert.ok(Array.isArray(y.resources) && Array.isArray(y.errors));
      assert.ok(Array.isArray(j.resources) && Array.isArray(j.errors));
    }
    for (const name of ['k8s-multi.yaml', 'cfn-template.yaml', 'cfn-template.json']) {
      const full = fixture(name);
      for (let cut = 0; cut < full.length; cut += 23) {
        const text = full.slice(0, cut);
        const m = name.endsWith('.json') ? analyzeJsonFile(name, text) : analyzeYamlFile(name, text);
        for (const r of m.resources) assert.ok(r.range.end.offset <= text.length);
      }
    }
  });

  it('takes the BOM and CRLF line endings in stride', () => {
    const text = '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n';
    const m = analyzeYamlFile('crlf.yaml', text);
    assert.deepEqual(m.resources.map((r) => r.address), ['Pod/default/p']);
    assert.deepEqual(lc(m.resources[0].headerRange), [1, 0, 1, 9]);
    assert.equal(slice(text, m.resources[0].headerRange), 'kind: Pod');
  });
});
