import { strict as assert } from 'node:assert';
import { getPath } from '../../../../server/src/engine/core/model';
import type { MapNode, ModelNode } from '../../../../server/src/engine/core/model';
import type { TextEdit } from '../../../../server/src/engine/core/policy';
import { analyzeYamlFile, containersOf, createYamlFixBuilder } from '../../../../server/src/engine/formats/structured';
import type { StructuredFileModel } from '../../../../server/src/engine/formats/contracts';
import { applyEdits, plain } from './helpers';

function setup(text: string, file = 'f.yaml'): { model: StructuredFileModel; fix: ReturnType<typeof createYamlFixBuilder>; done: (edits: TextEdit[], expected: string) => StructuredFileModel } {
  const model = analyzeYamlFile(file, text);
  assert.deepEqual(model.errors, []);
  const fix = createYamlFixBuilder((f) => (f === file ? text : undefined));
  const done = (edits: TextEdit[], expected: string) => {
    assert.ok(edits.length > 0, 'no edits');
    for (const e of edits) assert.equal(e.file, file);
    const out = applyEdits(text, edits);
    assert.equal(out, expected);
    const again = analyzeYamlFile(file, out);
    assert.deepEqual(again.errors, [], 'the edited text parses');
    assert.equal(again.resources.length, model.resources.length);
    return again;
  };
  return { model, fix, done };
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
spec:
  containers:
    - name: app
      image: nginx:latest
    - {name: side, image: busybox}
  volumes: []
`;

describe('structured: YAML fix builder', () => {
  it('adds block entries at the end of a block map, at its indentation, nesting by the file unit', () => {
    const { model, fix, done } = setup(POD);
    const [app] = containersOf(model.resources[0]);
    const after = done(
      fix.addEntries(app.container, [
        { block: 'securityContext', body: [{ attr: 'runAsNonRoot', value: true }, { attr: 'capabilities', value: { drop: ['ALL'] } }] },
        { attr: 'resources', value: { limits: { cpu: '500m', memory: '128Mi' } } },
      ]),
      `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
spec:
  containers:
    - name: app
      image: nginx:latest
      securityContext:
        runAsNonRoot: true
        capabilities:
          drop:
            - ALL
      resources:
        limits:
          cpu: 500m
          memory: 128Mi
    - {name: side, image: busybox}
  volumes: []
`,
    );
    assert.deepEqual(plain(getPath(containersOf(after.resources[0])[0].container, 'securityContext')), { runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
  });

  it('writes sequences unindented in files that do so, and after a trailing comment', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1 # pinned
`;
    const { model, fix, done } = setup(text);
    const [app] = containersOf(model.resources[0]);
    done(
      fix.addEntries(app.container, [{ attr: 'securityContext', value: { capabilities: { drop: ['NET_RAW', 'ALL'] } } }]),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1 # pinned
        securityContext:
          capabilities:
            drop:
            - NET_RAW
            - ALL
`,
    );
  });

  it('adds to a flow map in flow style, and turns an empty flow map under a block key into a block', () => {
    const { model, fix, done } = setup(POD);
    const side = containersOf(model.resources[0])[1].container;
    done(
      fix.addEntries(side, [{ attr: 'securityContext', value: { privileged: false, seccompProfile: { type: 'RuntimeDefault' } } }]),
      POD.replace('{name: side, image: busybox}', '{name: side, image: busybox, securityContext: {privileged: false, seccompProfile: {type: RuntimeDefault}}}'),
    );
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {}\n';
    const empty = setup(text);
    empty.done(
      empty.fix.addEntries(getPath(empty.model.resources[0].body, 'spec', 'securityContext') as MapNode, [{ attr: 'runAsNonRoot', value: true }]),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsNonRoot: true\n',
    );
  });

  it('quotes strings only when a plain scalar would read back differently', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    const { model, fix, done } = setup(text);
    const values: [string, unknown][] = [
      ['a', 'true'],
      ['b', 'yes'],
      ['c', '0755'],
      ['d', 'a: b'],
      ['e', ''],
      ['f', 'aws:kms'],
      ['g', 'hello world'],
      ['h', '#x'],
      ['i', '*'],
      ['j', null],
      ['k', 42],
      ['l', false],
      ['m', 'arn:aws:iam::123:role/x'],
      ['n', 'line\nbreak'],
      ['app.kubernetes.io/name', 'web'],
      ['o', []],
      ['p', {}],
    ];
    const after = done(
      fix.addEntries(getPath(model.resources[0].body, 'metadata') as MapNode, values.map(([attr, value]) => ({ attr, value: value as never }))),
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  a: "true"
  b: "yes"
  c: "0755"
  d: "a: b"
  e: ""
  f: aws:kms
  g: "hello world"
  h: "#x"
  i: "*"
  j: null
  k: 42
  l: false
  m: arn:aws:iam::123:role/x
  "n": "line\\nbreak"
  app.kubernetes.io/name: web
  o: []
  p: {}
`,
    );
    const metadata = plain(getPath(after.resources[0].body, 'metadata')) as Record<string, unknown>;
    for (const [key, value] of values) assert.deepEqual(metadata[key], value, key);
  });

  it('adds Properties to a CloudFormation resource that has none, or an empty one', () => {
    const text = `Resources:
  A:
    Type: AWS::S3::Bucket
  B:
    Type: AWS::S3::Bucket
    Properties:
  C:
    Type: AWS::S3::Bucket
    Properties: {}
    DeletionPolicy: Retain
`;
    const { model, fix, done } = setup(text, 'cfn.yaml');
    const encryption = [{ attr: 'BucketEncryption', value: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }];
    const block = ['      BucketEncryption:', '        ServerSideEncryptionConfiguration:', '          - ServerSideEncryptionByDefault:', '              SSEAlgorithm: aws:kms'].join('\n');
    const [a, b, c] = model.resources;
    const afterA = done(fix.addEntries(a.body, encryption), text.replace('  A:\n    Type: AWS::S3::Bucket\n', `  A:\n    Type: AWS::S3::Bucket\n    Properties:\n${block}\n`));
    assert.equal(plain(getPath(afterA.resources[0].body, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')), 'aws:kms');
    done(fix.addEntries(b.body, encryption), text.replace('    Properties:\n  C:', `    Properties:\n${block}\n  C:`));
    done(fix.addEntries(c.body, encryption), text.replace('    Properties: {}\n', `    Properties:\n${block}\n`));
  });

  it('sets values: scalars in place, maps as blocks, resolved !Ref sites, flow entries', () => {
    const text = `Parameters:
  Enc:
    Type: String
    Default: "false"
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead # bad
      Versioning: !Ref Enc
      Tags: [{Key: a, Value: b}]
      Policy:
        Statement: []
`;
    const { model, fix, done } = setup(text, 'cfn.yaml');
    const body = model.resources[0].body;
    done(fix.setValue(body.entries.get('AccessControl')!, 'Private'), text.replace('PublicRead # bad', 'Private # bad'));
    done(fix.setValue(body.entries.get('Versioning')!, { Status: 'Enabled' }), text.replace('Versioning: !Ref Enc', 'Versioning:\n        Status: Enabled'));
    done(fix.setValue(getPath(body, 'Tags', 0, 'Value')!, 'c d'), text.replace('Value: b', 'Value: "c d"'));
    done(fix.setValue(body.entries.get('Policy')!, null), text.replace('Policy:\n        Statement: []', 'Policy: null'));
    // `y` and `n` are booleans to YAML 1.1 readers (kubectl's among them), so they are quoted.
    done(fix.setValue(getPath(body, 'Tags', 0)!, { Key: 'x', Value: 'y' }), text.replace('{Key: a, Value: b}', '{Key: x, Value: "y"}'));
    done(fix.setValue(body.entries.get('AccessControl')!, { $raw: '!Ref Enc' }), text.replace('PublicRead # bad', '!Ref Enc # bad'));
  });

  it('removes entries with their lines, keeping list items and flow maps valid', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
  - name: a
    image: a
    securityContext:
      privileged: true
      runAsUser: 0
  - image: b
  - {name: c, image: c, tty: true}
`;
    const { model, fix, done } = setup(text);
    const spec = getPath(model.resources[0].body, 'spec') as MapNode;
    const [a, b, c] = containersOf(model.resources[0]).map((x) => x.container);
    const entry = (map: MapNode, key: string): ModelNode => map.entries.get(key)!;
    done(fix.removeEntry(entry(spec, 'hostNetwork')), text.replace('  hostNetwork: true\n', ''));
    done(fix.removeEntry(entry(a, 'securityContext')), text.replace('    securityContext:\n      privileged: true\n      runAsUser: 0\n', ''));
    done(fix.removeEntry(entry(a, 'name')), text.replace('  - name: a\n    image: a', '  - image: a'));
    done(fix.removeEntry(entry(b, 'image')), text.replace('  - image: b', '  - {}'));
    done(fix.removeEntry(entry(c, 'name')), text.replace('{name: c, image: c, tty: true}', '{image: c, tty: true}'));
    done(fix.removeEntry(entry(c, 'tty')), text.replace('{name: c, image: c, tty: true}', '{name: c, image: c}'));
    done(fix.removeEntry(getPath(spec, 'containers', 1)!), text.replace('  - image: b\n', ''));
  });

  it('treats an alias as written where it is used; its content stays where it is defined', () => {
    const text = 'x-defaults: &sc\n  runAsNonRoot: true\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: *sc\n  hostPID: false\n';
    const { model, fix, done } = setup(text);
    const sc = getPath(model.resources[0].body, 'spec', 'securityContext') as MapNode;
    assert.equal(text.slice(sc.range.start.offset, sc.range.end.offset), '*sc');
    assert.equal(text.slice(sc.entryRange!.start.offset, sc.entryRange!.end.offset), 'securityContext: *sc');
    const inner = sc.entries.get('runAsNonRoot')!;
    assert.equal(inner.range.start.line, 1);
    assert.deepEqual(plain(sc), { runAsNonRoot: true });
    done(fix.removeEntry(sc), text.replace('  securityContext: *sc\n', ''));
    // Adding to the shared anchor from one use would change every use: no edit.
    assert.deepEqual(fix.addEntries(sc, [{ attr: 'runAsUser', value: 1000 }]), []);
  });

  it('inserts after a resource: a sibling CloudFormation resource, or a new Kubernetes document', () => {
    const cfn = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n  C:\n    Type: AWS::SNS::Topic\n';
    const c = setup(cfn, 'cfn.yaml');
    const edited = applyEdits(cfn, c.fix.insertAfterResource(c.model.resources[0], 'BPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref B\n'));
    assert.equal(edited, 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n  BPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n  C:\n    Type: AWS::SNS::Topic\n');
    const afterCfn = analyzeYamlFile('cfn.yaml', edited);
    assert.deepEqual(afterCfn.errors, []);
    assert.deepEqual(afterCfn.referencing(afterCfn.resources[0], 'AWS::S3::BucketPolicy', 'Bucket').map((r) => r.name), ['BPolicy']);
    const k = setup(POD, 'pod.yaml');
    const out = applyEdits(POD, k.fix.insertAfterResource(k.model.resources[0], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'));
    assert.equal(out, POD + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    assert.deepEqual(analyzeYamlFile('pod.yaml', out).resources.map((r) => r.address), ['Pod/default/web', 'Service/default/web']);
  });

  it('keeps CRLF line endings', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: a\r\n';
    const { model, fix, done } = setup(text);
    done(
      fix.addEntries(containersOf(model.resources[0])[0].container, [{ attr: 'securityContext', value: { privileged: false } }]),
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: a\r\n    securityContext:\r\n      privileged: false\r\n',
    );
  });

  it('returns no edits for a file it cannot read', () => {
    const model = analyzeYamlFile('gone.yaml', POD);
    const fix = createYamlFixBuilder(() => undefined);
    assert.deepEqual(fix.addEntries(model.resources[0].body, [{ attr: 'x', value: 1 }]), []);
    assert.deepEqual(fix.removeEntry(model.resources[0].body.entries.get('spec')!), []);
  });
});
