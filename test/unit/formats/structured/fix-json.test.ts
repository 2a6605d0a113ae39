import { strict as assert } from 'node:assert';
import { getPath } from '../../../../server/src/engine/core/model';
import type { MapNode } from '../../../../server/src/engine/core/model';
import type { TextEdit } from '../../../../server/src/engine/core/policy';
import { analyzeJsonFile, createJsonFixBuilder } from '../../../../server/src/engine/formats/structured';
import type { StructuredFileModel } from '../../../../server/src/engine/formats/contracts';
import { applyEdits, fixture, plain } from './helpers';

function setup(text: string, file = 't.json') {
  const model = analyzeJsonFile(file, text);
  assert.deepEqual(model.errors, []);
  const fix = createJsonFixBuilder((f) => (f === file ? text : undefined));
  const done = (edits: TextEdit[], expected: string, resources = model.resources.length): StructuredFileModel => {
    assert.ok(edits.length > 0, 'no edits');
    const out = applyEdits(text, edits);
    assert.equal(out, expected);
    JSON.parse(out);
    const again = analyzeJsonFile(file, out);
    assert.deepEqual(again.errors, []);
    assert.equal(again.resources.length, resources);
    return again;
  };
  return { model, fix, done };
}

const ENCRYPTION = [{ attr: 'BucketEncryption', value: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }];

describe('structured: JSON fix builder', () => {
  it('adds entries to a multi-line object with the file indentation and a comma', () => {
    const text = fixture('cfn-template.json');
    const { model, fix, done } = setup(text);
    const after = done(
      fix.addEntries(model.resources[0].body, ENCRYPTION),
      text.replace(
        '        "Tags": [{ "Key": "env", "Value": { "Ref": "Env" } }]\n',
        `        "Tags": [{ "Key": "env", "Value": { "Ref": "Env" } }],
        "BucketEncryption": {
          "ServerSideEncryptionConfiguration": [
            {
              "ServerSideEncryptionByDefault": {
                "SSEAlgorithm": "AES256"
              }
            }
          ]
        }
`,
      ),
    );
    assert.equal(plain(getPath(after.resources[0].body, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')), 'AES256');
  });

  it('adds Properties to a resource without them, and fills an empty object', () => {
    const text = fixture('cfn-template.json');
    const { model, fix, done } = setup(text);
    const topic = model.resources[2];
    done(
      fix.addEntries(topic.body, [{ attr: 'KmsMasterKeyId', value: 'alias/aws/sns' }]),
      text.replace('"Topic": { "Type": "AWS::SNS::Topic" }', '"Topic": { "Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"} }'),
    );
    const empty = '{\n\t"Resources": {\n\t\t"B": {\n\t\t\t"Type": "AWS::S3::Bucket",\n\t\t\t"Properties": {}\n\t\t}\n\t}\n}\n';
    const e = setup(empty);
    e.done(
      e.fix.addEntries(e.model.resources[0].body, [{ attr: 'VersioningConfiguration', value: { Status: 'Enabled' } }]),
      '{\n\t"Resources": {\n\t\t"B": {\n\t\t\t"Type": "AWS::S3::Bucket",\n\t\t\t"Properties": {\n\t\t\t\t"VersioningConfiguration": {\n\t\t\t\t\t"Status": "Enabled"\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n',
    );
    const absent = '{\n    "Resources": {\n        "B": {\n            "Type": "AWS::S3::Bucket"\n        }\n    }\n}';
    const a = setup(absent);
    a.done(
      a.fix.addEntries(a.model.resources[0].body, [{ attr: 'AccessControl', value: 'Private' }, { block: 'Tags', body: [] }]),
      '{\n    "Resources": {\n        "B": {\n            "Type": "AWS::S3::Bucket",\n            "Properties": {\n                "AccessControl": "Private",\n                "Tags": {}\n            }\n        }\n    }\n}',
    );
  });

  it('adds to a one-line object on the same line', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "i"}]}}';
    const { model, fix, done } = setup(text, 'pod.json');
    const container = getPath(model.resources[0].body, 'spec', 'containers', 0) as MapNode;
    done(
      fix.addEntries(container, [{ attr: 'securityContext', value: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } } }]),
      text.replace('"image": "i"}', '"image": "i", "securityContext": {"runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}}}'),
    );
  });

  it('sets values, keeping the key and the surrounding commas', () => {
    const text = fixture('cfn-template.json');
    const { model, fix, done } = setup(text);
    const policy = model.resources[1];
    done(fix.setValue(policy.body.entries.get('Bucket')!, 'my-bucket'), text.replace('"Bucket": { "Ref": "LogBucket" }', '"Bucket": "my-bucket"'));
    done(
      fix.setValue(policy.body.entries.get('Maybe')!, ['a', { b: 1 }]),
      text.replace('"Maybe": { "Fn::If": ["C", { "Ref": "LogBucket" }, "x"] }', '"Maybe": [\n          "a",\n          {\n            "b": 1\n          }\n        ]'),
    );
    done(fix.setValue(policy.body.entries.get('Arn')!, { $raw: '{"Ref": "AWS::NoValue"}' }), text.replace('{ "Fn::GetAtt": ["LogBucket", "Arn"] }', '{"Ref": "AWS::NoValue"}'));
  });

  it('removes entries with their comma: first, middle, last and only', () => {
    const text = '{\n  "Resources": {\n    "B": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n        "A": 1,\n        "B": [1, 2],\n        "C": {"x": 1, "y": 2}\n      }\n    }\n  }\n}\n';
    const { model, fix, done } = setup(text);
    const body = model.resources[0].body;
    done(fix.removeEntry(body.entries.get('A')!), text.replace('        "A": 1,\n', ''));
    done(fix.removeEntry(body.entries.get('B')!), text.replace('        "B": [1, 2],\n', ''));
    done(fix.removeEntry(body.entries.get('C')!), text.replace(',\n        "C": {"x": 1, "y": 2}', ''));
    const c = body.entries.get('C') as MapNode;
    done(fix.removeEntry(c.entries.get('x')!), text.replace('{"x": 1, "y": 2}', '{"y": 2}'));
    done(fix.removeEntry(c.entries.get('y')!), text.replace('{"x": 1, "y": 2}', '{"x": 1}'));
    const one = '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"A": 1}}}}';
    const o = setup(one);
    o.done(o.fix.removeEntry(o.model.resources[0].body.entries.get('A')!), one.replace('{"A": 1}', '{}'));
  });

  it('inserts a sibling resource after a resource', () => {
    const text = fixture('cfn-template.json');
    const { model, fix, done } = setup(text);
    const after = done(
      fix.insertAfterResource(model.resources[2], '"TopicPolicy": {\n  "Type": "AWS::SNS::TopicPolicy",\n  "Properties": { "Topics": [{ "Ref": "Topic" }] }\n}'),
      text.replace(
        '"Topic": { "Type": "AWS::SNS::Topic" }\n',
        '"Topic": { "Type": "AWS::SNS::Topic" },\n    "TopicPolicy": {\n      "Type": "AWS::SNS::TopicPolicy",\n      "Properties": { "Topics": [{ "Ref": "Topic" }] }\n    }\n',
      ),
      5, // 4 resources + the Env parameter
    );
    assert.deepEqual(after.referencing(after.resources[2], 'AWS::SNS::TopicPolicy', 'Topics').map((r) => r.name), ['TopicPolicy']);
    // A lone Kubernetes object has no place for a sibling.
    const pod = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}';
    const p = setup(pod, 'pod.json');
    assert.deepEqual(p.fix.insertAfterResource(p.model.resources[0], '{}'), []);
  });
});
