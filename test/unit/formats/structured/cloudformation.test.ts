import { strict as assert } from 'node:assert';
import { getPath } from '../../../../server/src/engine/core/model';
import type { ModelNode, UnknownNode } from '../../../../server/src/engine/core/model';
import { analyzeJsonFile, analyzeYamlFile, CFN_SHORT_TAGS } from '../../../../server/src/engine/formats/structured';
import { fixture, lc, plain, slice } from './helpers';

describe('structured: CloudFormation', () => {
  const text = fixture('cfn-template.yaml');
  const model = analyzeYamlFile('cfn/template.yaml', text);
  const byName = (name: string) => model.resources.find((r) => r.name === name)!;
  const prop = (resource: string, ...path: (string | number)[]): ModelNode => getPath(byName(resource).body, ...path)!;

  it('makes one resource per Resources entry with logical ids, addresses and exact ranges', () => {
    assert.equal(model.format, 'cloudformation');
    assert.deepEqual(model.errors, []);
    assert.deepEqual(
      model.resources.map((r) => [r.format, r.kind, r.type, r.name, r.address]),
      [
        ['cloudformation', 'resource', 'AWS::S3::Bucket', 'LogBucket', 'Resources.LogBucket'],
        ['cloudformation', 'resource', 'AWS::S3::BucketPolicy', 'Policy', 'Resources.Policy'],
        ['cloudformation', 'resource', 'AWS::SNS::Topic', 'Topic', 'Resources.Topic'],
        ['cloudformation', 'resource', 'AWS::EC2::SecurityGroup', 'SG', 'Resources.SG'],
        ['cloudformation', 'variable', 'AWS::CloudFormation::Parameter', 'Env', 'Parameters.Env'],
        ['cloudformation', 'variable', 'AWS::CloudFormation::Parameter', 'Encrypt', 'Parameters.Encrypt'],
        ['cloudformation', 'variable', 'AWS::CloudFormation::Parameter', 'Cidr', 'Parameters.Cidr'],
        ['cloudformation', 'variable', 'AWS::CloudFormation::Parameter', 'Zones', 'Parameters.Zones'],
        ['cloudformation', 'variable', 'AWS::CloudFormation::Parameter', 'AmiId', 'Parameters.AmiId'],
      ],
    );
    // Parameters are `variable` entities: their whole entry, their name as header, their map as body.
    const env = byName('Env');
    assert.equal(slice(text, env.headerRange), 'Env');
    assert.ok(slice(text, env.range).startsWith('Env:\n'));
    assert.equal(getPath(env.body, 'Type')?.kind, 'scalar');
    const bucket = byName('LogBucket');
    assert.deepEqual(lc(bucket.headerRange), [22, 2, 22, 11]);
    assert.equal(slice(text, bucket.headerRange), 'LogBucket');
    assert.deepEqual(lc(bucket.range), [22, 2, 39, 56]);
    assert.ok(slice(text, bucket.range).startsWith('LogBucket:\n    Type: AWS::S3::Bucket'));
    assert.ok(slice(text, bucket.range).endsWith('Value: !If [IsProd, team-a, !Ref AWS::NoValue]'));
    // The body is Properties, with its key as header.
    assert.ok(slice(text, bucket.body.range).startsWith('BucketName: !Sub'));
    assert.equal(slice(text, bucket.body.headerRange), 'Properties');
    assert.deepEqual(lc(prop('LogBucket', 'Tags', 0, 'Key').range), [38, 15, 38, 20]);
    assert.equal(slice(text, prop('LogBucket', 'Tags', 0, 'Key').entryRange), 'Key: Owner');
    assert.deepEqual(plain(bucket.metadata), { checkov: { skip: [{ id: 'CKV_AWS_18' }] } });
    assert.equal(slice(text, bucket.metadata!.headerRange), 'Metadata');
  });

  it('gives a resource without Properties an empty body spanning the resource', () => {
    const topic = byName('Topic');
    assert.equal(topic.body.entries.size, 0);
    assert.deepEqual(topic.body.range, topic.range);
    assert.equal(slice(text, topic.range), 'Topic:\n    Type: AWS::SNS::Topic');
  });

  it('resolves !Ref to a parameter default, with the default as origin', () => {
    const versioning = prop('LogBucket', 'Versioning');
    assert.equal(versioning.kind, 'scalar');
    assert.equal((versioning as { value: unknown }).value, 'true', 'a quoted default stays a string');
    assert.equal(slice(text, versioning.range), '!Ref Encrypt');
    assert.equal(versioning.origin?.via, '!Ref Encrypt (default)');
    assert.equal(versioning.origin?.file, 'cfn/template.yaml');
    assert.deepEqual(lc(versioning.origin?.range), [8, 13, 8, 19]);
    assert.equal(slice(text, versioning.origin?.range), '"true"');
  });

  it('leaves parameters without a default, SSM parameter types and pseudo parameters unknown', () => {
    assert.deepEqual(plain(prop('SG', 'SecurityGroupIngress', 0, 'CidrIp')), { unknown: '!Ref Cidr', refs: ['Parameters.Cidr'] });
    assert.deepEqual(plain(prop('LogBucket', 'Ami')), { unknown: '!Ref AmiId', refs: ['Parameters.AmiId'] });
    assert.deepEqual(plain(prop('LogBucket', 'BucketName')), { unknown: '!Sub "logs-${Env}-${AWS::Region}"', refs: ['AWS::Region'] });
    assert.deepEqual(plain(prop('LogBucket', 'Tags', 0, 'Value')), { unknown: '!If [IsProd, team-a, !Ref AWS::NoValue]', refs: ['AWS::NoValue'] });
  });

  it('evaluates !Sub, !Join, !Select and !FindInMap over known values', () => {
    assert.equal(plain(prop('LogBucket', 'Name2')), 'logs-prod');
    assert.equal(plain(prop('LogBucket', 'Joined')), 'a-prod');
    assert.deepEqual(plain(prop('LogBucket', 'JoinedUnknown')), { unknown: '!Join ["-", [a, !Ref Cidr]]', refs: ['Parameters.Cidr'] });
    assert.equal(plain(prop('LogBucket', 'Picked')), 'b', 'CommaDelimitedList default split and trimmed');
    const algo = prop('LogBucket', 'Algo');
    assert.equal(plain(algo), 'aws:kms');
    assert.equal(slice(text, algo.origin?.range), 'aws:kms');
  });

  it('turns !Ref / !GetAtt to resources into unknown nodes that refer to them', () => {
    const bucketRef = prop('Policy', 'Bucket') as UnknownNode;
    assert.deepEqual(plain(bucketRef), { unknown: '!Ref LogBucket', refs: ['Resources.LogBucket'] });
    assert.equal(slice(text, bucketRef.entryRange), 'Bucket: !Ref LogBucket');
    assert.deepEqual(plain(prop('Policy', 'PolicyDocument', 'Statement', 0, 'Resource')), { unknown: '!GetAtt LogBucket.Arn', refs: ['Resources.LogBucket'] });
    assert.deepEqual(
      model.referencing(byName('LogBucket'), 'AWS::S3::BucketPolicy', 'Bucket').map((r) => r.address),
      ['Resources.Policy'],
    );
    assert.deepEqual(model.referencing(byName('Topic'), 'AWS::S3::BucketPolicy', 'Bucket'), []);
  });

  it('links by literal physical name too', () => {
    const m = analyzeYamlFile('n.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: logs}\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties: {Bucket: logs}\n');
    assert.deepEqual(m.referencing(m.resources[0], 'AWS::S3::BucketPolicy', 'Bucket').map((r) => r.name), ['P']);
  });

  it('parses every short-form tag in scalar, sequence and mapping forms', () => {
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  R:', '    Type: AWS::X::Y', '    Properties:'];
    for (const tag of CFN_SHORT_TAGS) {
      const name = tag.slice(1);
      lines.push(`      S${name}: ${tag} Thing.Attr`);
      lines.push(`      F${name}: ${tag} [a, b]`);
      lines.push(`      B${name}: ${tag}`, '        - a', '        - b');
      lines.push(`      M${name}: ${tag} {a: b}`);
      lines.push(`      N${name}: ${tag}`, '        a: b');
    }
    const source = lines.join('\n') + '\n';
    const m = analyzeYamlFile('tags.yaml', source);
    assert.deepEqual(m.errors, []);
    const body = m.resources[0].body;
    for (const tag of CFN_SHORT_TAGS) {
      const name = tag.slice(1);
      assert.equal(slice(source, body.entries.get(`S${name}`)!.range), `${tag} Thing.Attr`);
      assert.equal(slice(source, body.entries.get(`F${name}`)!.range), `${tag} [a, b]`);
      assert.equal(slice(source, body.entries.get(`B${name}`)!.range), `${tag}\n        - a\n        - b`);
      assert.equal(slice(source, body.entries.get(`M${name}`)!.range), `${tag} {a: b}`);
      assert.equal(slice(source, body.entries.get(`N${name}`)!.range), `${tag}\n        a: b`);
      for (const form of ['S', 'F', 'B', 'M', 'N']) {
        const node = body.entries.get(form + name)!;
        // Only !Sub of a string and !Split of literals evaluate to a value here; the rest stays unknown.
        if (node.kind !== 'unknown') assert.ok(['SSub', 'FSub', 'BSub', 'FSplit', 'BSplit'].includes(form + name), `${form}${name} is ${node.kind}`);
      }
    }
    assert.equal(plain(body.entries.get('SSub')), 'Thing.Attr');
    assert.equal(plain(body.entries.get('FSub')), 'a', '!Sub [template, variables]');
    assert.deepEqual(plain(body.entries.get('FSplit')), ['b']);
    assert.deepEqual(plain(body.entries.get('FJoin')), { unknown: '!Join [a, b]', refs: [] }, 'not a list to join');
    assert.deepEqual(plain(body.entries.get('SGetAtt')), { unknown: '!GetAtt Thing.Attr', refs: ['Thing'] });
  });

  it('skips a resource whose whole Properties is an intrinsic (content unknown)', () => {
    const m = analyzeYamlFile('if.yaml', 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: !If [C, {BucketName: a}, {BucketName: b}]\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {}\n');
    assert.deepEqual(m.resources.map((r) => r.name), ['B']);
  });

  it('reads JSON templates with the same model and exact ranges', () => {
    const json = fixture('cfn-template.json');
    const m = analyzeJsonFile('cfn/template.json', json);
    assert.equal(m.format, 'cloudformation');
    assert.deepEqual(m.errors, []);
    assert.deepEqual(m.resources.map((r) => r.address), ['Resources.LogBucket', 'Resources.Policy', 'Resources.Topic', 'Parameters.Env']);
    const [bucket, policy, topic] = m.resources;
    assert.equal(slice(json, bucket.headerRange), '"LogBucket"');
    assert.deepEqual(lc(bucket.range), [6, 4, 12, 5]);
    assert.equal(plain(bucket.body.entries.get('BucketName')), 'logs-prod');
    const tagValue = getPath(bucket.body, 'Tags', 0, 'Value')!;
    assert.equal(plain(tagValue), 'prod');
    assert.equal(slice(json, tagValue.range), '{ "Ref": "Env" }');
    assert.equal(slice(json, tagValue.origin?.range), '"prod"');
    assert.deepEqual(plain(policy.body.entries.get('Bucket')), { unknown: '{ "Ref": "LogBucket" }', refs: ['Resources.LogBucket'] });
    assert.deepEqual(plain(policy.body.entries.get('Arn')), { unknown: '{ "Fn::GetAtt": ["LogBucket", "Arn"] }', refs: ['Resources.LogBucket'] });
    assert.deepEqual(plain(policy.body.entries.get('Maybe')), { unknown: '{ "Fn::If": ["C", { "Ref": "LogBucket" }, "x"] }', refs: ['Resources.LogBucket'] });
    assert.deepEqual(topic.body.range, topic.range);
    assert.deepEqual(m.referencing(bucket, 'AWS::S3::BucketPolicy', 'Bucket').map((r) => r.name), ['Policy']);
  });
});
