import * as assert from 'node:assert/strict';
import { blocks, getPath, isUnknown } from '../../../../server/src/engine/core/model';
import { parseTerraformFile } from '../../../../server/src/engine/formats/terraform/index';
import { build, plain } from './helpers';

const TF_JSON = `{
  "variable": {
    "env": { "default": "dev" }
  },
  "locals": {
    "name": "\${var.env}-logs"
  },
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "//": "a comment",
        "bucket": "\${local.name}",
        "acl": "private",
        "tags": { "Env": "\${var.env}", "Literal": "$\${not_interpolated}" },
        "count": 1
      }
    },
    "aws_s3_bucket_versioning": {
      "v": {
        "bucket": "\${aws_s3_bucket.b.id}",
        "versioning_configuration": [{ "status": "Enabled" }],
        "complex": "\${join(\\",\\", var.list)}"
      }
    },
    "aws_security_group": {
      "sg": {
        "dynamic": { "ingress": { "for_each": "\${var.rules}", "content": { "from_port": 22 } } }
      }
    }
  },
  "provider": {
    "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }]
  },
  "module": {
    "m": { "source": "./mod", "name": "\${var.env}" }
  }
}
`;

describe('terraform adapter: JSON syntax', () => {
  const built = build(
    {
      'j/main.tf.json': TF_JSON,
      'j/terraform.tfvars.json': '{"env": "prod"}',
      'j/mod/main.tf': 'variable "name" {}\nresource "aws_sqs_queue" "q" {\n  name = var.name\n}\n',
    },
    'j',
  );

  it('reads blocks from .tf.json with addresses and the key as header', () => {
    assert.deepEqual(
      built.scope.resources.map((r) => r.address),
      [
        'var.env',
        'locals',
        'aws_s3_bucket.b',
        'aws_s3_bucket_versioning.v',
        'aws_security_group.sg',
        'provider.aws',
        'provider.aws.us',
        'module.m',
        'module.m.var.name',
        'module.m.aws_sqs_queue.q',
      ],
    );
    const b = built.resource('aws_s3_bucket.b');
    assert.equal(built.text('j/main.tf.json', b.headerRange), '"b"');
    assert.ok(built.text('j/main.tf.json', b.range)!.startsWith('"b": {'));
    assert.ok(built.text('j/main.tf.json', b.range)!.endsWith('}'));
    assert.equal(b.body.entries.has('//'), false);
    const acl = b.body.entries.get('acl')!;
    assert.equal(plain(acl), 'private');
    assert.equal(built.text('j/main.tf.json', acl.range), '"private"');
    assert.equal(built.text('j/main.tf.json', acl.keyRange), '"acl"');
    assert.equal(built.text('j/main.tf.json', acl.entryRange), '"acl": "private"');
    assert.equal(plain(b.body.entries.get('count')), 1);
  });

  it('resolves ${} strings that are plain references, with tfvars.json values', () => {
    const b = built.resource('aws_s3_bucket.b').body;
    assert.equal(plain(b.entries.get('bucket')), 'prod-logs');
    assert.deepEqual(plain(b.entries.get('tags')), { Env: 'prod', Literal: '${not_interpolated}' });
    assert.equal(getPath(b, 'tags', 'Env')!.origin?.via, 'var.env (terraform.tfvars.json)');
    assert.equal(plain(built.resource('module.m.aws_sqs_queue.q').body.entries.get('name')), 'prod');
  });

  it('keeps other expressions unknown with their references, and links resources', () => {
    const v = built.resource('aws_s3_bucket_versioning.v').body;
    const bucket = v.entries.get('bucket')!;
    assert.ok(isUnknown(bucket));
    assert.deepEqual(bucket.refs, ['aws_s3_bucket.b']);
    const complex = v.entries.get('complex')!;
    assert.ok(isUnknown(complex));
    assert.equal(complex.text, '${join(",", var.list)}');
    assert.deepEqual(complex.refs, ['var.list']);
    assert.deepEqual(plain(blocks(v, 'versioning_configuration')[0]), { status: 'Enabled' });
    assert.deepEqual(
      built.scope.referencing(built.resource('aws_s3_bucket.b'), 'aws_s3_bucket_versioning', 'bucket').map((r) => r.address),
      ['aws_s3_bucket_versioning.v'],
    );
  });

  it('records dynamic blocks', () => {
    const sg = built.resource('aws_security_group.sg');
    assert.deepEqual(sg.body.dynamicBlocks, ['ingress']);
    assert.equal(sg.body.entries.size, 0);
  });

  it('reports JSON syntax errors with a range and contributes nothing', () => {
    const parse = parseTerraformFile('j/bad.tf.json', '{"resource": {"aws_s3_bucket": {"b": {"bucket": }}}}');
    assert.equal(parse.errors.length, 1);
    assert.equal(parse.errors[0].severity, 'error');
    assert.equal(parse.errors[0].range?.start.column, 48);
    assert.deepEqual(build({ 'k/bad.tf.json': parse.text }, 'k').scope.resources, []);
  });
});
