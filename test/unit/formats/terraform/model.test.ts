import * as assert from 'node:assert/strict';
import { blocks, getPath, isList, isMap, isUnknown } from '../../../../server/src/engine/core/model';
import { localModuleDirs, parseTerraformFile, terraformFileKind } from '../../../../server/src/engine/formats/terraform/index';
import { build, plain } from './helpers';

const MAIN = `terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

variable "env" {
  default = "dev"
}

locals {
  owner = "team-a"
}

resource "aws_s3_bucket" "logs" {
  bucket = "my-logs"
  tags = {
    Owner = local.owner
    "cost-center" = 42
  }
}

data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions = ["s3:PutObject"]
  }
}

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-123"
  subnet_id     = aws_subnet.a[count.index].id
  ebs_block_device {
    encrypted = true
  }
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.0.0.0/16"
}

output "bucket" {
  value = aws_s3_bucket.logs.arn
}
`;

describe('terraform adapter: entities and nodes', () => {
  const b = build({ 'm/main.tf': MAIN }, 'm');

  it('recognises Terraform file kinds by name', () => {
    assert.equal(terraformFileKind('a/main.tf'), 'tf');
    assert.equal(terraformFileKind('a/main.tf.json'), 'tf.json');
    assert.equal(terraformFileKind('a/terraform.tfvars'), 'tfvars');
    assert.equal(terraformFileKind('a/x.auto.tfvars.json'), 'tfvars.json');
    assert.equal(terraformFileKind('a/x.json'), undefined);
    assert.equal(terraformFileKind('a/x.tf.bak'), undefined);
  });

  it('gives every top-level block an entity with kind, type, name and address', () => {
    assert.deepEqual(
      b.scope.resources.map((r) => [r.kind, r.type, r.name, r.address]),
      [
        ['terraform', 'terraform', 'terraform', 'terraform'],
        ['provider', 'aws', 'aws', 'provider.aws'],
        ['provider', 'aws', 'aws', 'provider.aws.us'],
        ['variable', 'variable', 'env', 'var.env'],
        ['locals', 'locals', 'locals', 'locals'],
        ['resource', 'aws_s3_bucket', 'logs', 'aws_s3_bucket.logs'],
        ['data', 'aws_iam_policy_document', 'p', 'data.aws_iam_policy_document.p'],
        ['resource', 'aws_instance', 'web', 'aws_instance.web'],
        ['module', 'module', 'vpc', 'module.vpc'],
        ['output', 'output', 'bucket', 'output.bucket'],
      ],
    );
    for (const r of b.scope.resources) {
      assert.equal(r.format, 'terraform');
      assert.equal(r.file, 'm/main.tf');
      assert.equal(r.body.isBlock, true);
    }
    assert.deepEqual(b.scope.errors, []);
  });

  it('ranges: whole block, header from block type to the last label, body entries', () => {
    const bucket = b.resource('aws_s3_bucket.logs');
    assert.equal(b.text('m/main.tf', bucket.headerRange), 'resource "aws_s3_bucket" "logs"');
    assert.deepEqual(
      { start: [bucket.headerRange.start.line, bucket.headerRange.start.column], end: [bucket.headerRange.end.line, bucket.headerRange.end.column] },
      { start: [21, 0], end: [21, 31] },
    );
    assert.ok(b.text('m/main.tf', bucket.range)!.startsWith('resource "aws_s3_bucket" "logs" {'));
    assert.ok(b.text('m/main.tf', bucket.range)!.endsWith('  }\n}'));
    assert.deepEqual(bucket.body.headerRange, bucket.headerRange);
    assert.equal(bucket.body, bucket.body, 'the body is converted once');

    const name = bucket.body.entries.get('bucket')!;
    assert.equal(b.text('m/main.tf', name.range), '"my-logs"');
    assert.equal(b.text('m/main.tf', name.keyRange), 'bucket');
    assert.equal(b.text('m/main.tf', name.entryRange), 'bucket = "my-logs"');
    assert.deepEqual([name.range.start.line, name.range.start.column, name.range.start.offset], [22, 11, MAIN.indexOf('"my-logs"')]);

    const tags = bucket.body.entries.get('tags')!;
    assert.ok(isMap(tags) && !tags.isBlock);
    assert.deepEqual(plain(tags), { Owner: 'team-a', 'cost-center': 42 });
    const cost = getPath(tags, 'cost-center')!;
    assert.equal(b.text('m/main.tf', cost.keyRange), '"cost-center"');
    assert.equal(b.text('m/main.tf', cost.entryRange), '"cost-center" = 42');
    assert.equal(b.text('m/main.tf', getPath(bucket.body, 'tags', 'Owner')!.range), 'local.owner');

    assert.equal(b.text('m/main.tf', b.resource('provider.aws').headerRange), 'provider "aws"');
    assert.equal(b.text('m/main.tf', b.resource('terraform').headerRange), 'terraform');
    assert.equal(b.text('m/main.tf', b.resource('locals').headerRange), 'locals');
  });

  it('stores nested blocks as lists of block maps, even when written once', () => {
    const doc = b.resource('data.aws_iam_policy_document.p');
    const statements = doc.body.entries.get('statement')!;
    assert.ok(isList(statements));
    assert.equal(statements.items.length, 2);
    const [first, second] = blocks(doc.body, 'statement');
    assert.equal(first.isBlock, true);
    assert.equal(b.text('m/main.tf', first.headerRange), 'statement');
    assert.equal(b.text('m/main.tf', first.keyRange), 'statement');
    assert.ok(b.text('m/main.tf', first.range)!.startsWith('statement {\n    actions   = ["s3:GetObject"]'));
    assert.deepEqual(plain(second), { actions: ['s3:PutObject'] });
    assert.deepEqual(plain(getPath(first, 'resources')), ['*']);
    assert.equal(b.text('m/main.tf', getPath(first, 'resources', 0)!.range), '"*"');

    const web = b.resource('aws_instance.web');
    const ebs = web.body.entries.get('ebs_block_device');
    assert.ok(isList(ebs) && ebs.items.length === 1);
    assert.deepEqual(plain(ebs), [{ encrypted: true }]);
  });

  it('keeps the base address for count / for_each and leaves count.index unknown with refs', () => {
    const web = b.resource('aws_instance.web');
    const subnet = web.body.entries.get('subnet_id')!;
    assert.ok(isUnknown(subnet));
    assert.equal(subnet.text, 'aws_subnet.a[count.index].id');
    assert.deepEqual(subnet.refs, ['aws_subnet.a']);
    const output = b.resource('output.bucket').body.entries.get('value')!;
    assert.ok(isUnknown(output));
    assert.deepEqual(output.refs, ['aws_s3_bucket.logs']);
  });

  it('records dynamic blocks without expanding them', () => {
    const text = `resource "aws_security_group" "sg" {
  name = "sg"
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
    }
  }
  egress {
    from_port = 0
  }
}
`;
    const sg = build({ 'd/main.tf': text }, 'd').resource('aws_security_group.sg');
    assert.deepEqual(sg.body.dynamicBlocks, ['ingress']);
    assert.equal(sg.body.entries.has('ingress'), false);
    assert.equal(sg.body.entries.has('dynamic'), false);
    assert.deepEqual(plain(sg.body.entries.get('egress')), [{ from_port: 0 }]);
  });

  it('keeps every block it can parse in a half-typed file, with the parse errors', () => {
    const text = `resource "aws_s3_bucket" "a" {
  bucket = "a"
}

resource "aws_s3_bucket" "b" {
  bucket =
  acl    = "private"
}

resource "aws_s3_bucket" "c" {
  bucket = "c"
`;
    const parse = parseTerraformFile('h/main.tf', text);
    assert.ok(parse.errors.length > 0);
    for (const e of parse.errors) {
      assert.equal(e.severity, 'error');
      assert.equal(e.file, 'h/main.tf');
      assert.ok(e.range);
    }
    const built = build({ 'h/main.tf': text }, 'h');
    assert.deepEqual(
      built.scope.resources.map((r) => r.address),
      ['aws_s3_bucket.a', 'aws_s3_bucket.b', 'aws_s3_bucket.c'],
    );
    assert.equal(getPath(built.resource('aws_s3_bucket.a').body, 'bucket')?.kind, 'scalar');
    assert.equal(getPath(built.resource('aws_s3_bucket.c').body, 'bucket')?.kind, 'scalar');
    // `bucket =` with nothing after it is not a value anyone may judge.
    const broken = getPath(built.resource('aws_s3_bucket.b').body, 'bucket');
    assert.ok(broken === undefined || isUnknown(broken));
  });

  it('never throws on garbage', () => {
    for (const text of ['', '}}}', 'resource', 'resource "x" {', '"\u0000"', 'a = [1, {', '{"resource": 1}']) {
      const parse = parseTerraformFile('g/main.tf', text);
      assert.ok(Array.isArray(parse.errors));
      build({ 'g/main.tf': text }, 'g');
      build({ 'g/main.tf.json': text }, 'g');
    }
  });

  it('ignores unknown top-level blocks, including names of Object.prototype members', () => {
    const text = 'constructor "a" {}\n__proto__ {}\nmoved {\n  from = a.b\n  to = a.c\n}\nresource "a" "b" {\n  toString = 1\n}\n';
    const built = build({ 'o/main.tf': text, 'o/x.tf.json': '{"constructor": {"a": {}}, "toString": {}, "resource": {"b": {"c": {}}}}' }, 'o');
    assert.deepEqual(built.scope.resources.map((r) => r.address), ['a.b', 'b.c']);
    assert.deepEqual(plain(built.resource('a.b').body), { toString: 1 });
  });

  it('lists local module directories for the orchestrator', () => {
    const text = `module "a" {
  source = "./modules/a"
}
module "b" {
  source = "../shared/b"
}
module "c" {
  source = "git::https://example.com/c.git"
}
module "d" {
  source = "hashicorp/consul/aws"
}
module "a2" {
  source = "./modules/a"
}
`;
    assert.deepEqual(localModuleDirs('env/prod', [parseTerraformFile('env/prod/main.tf', text)]), ['env/prod/modules/a', 'env/shared/b']);
    assert.deepEqual(localModuleDirs('.', [parseTerraformFile('main.tf', text)]), ['modules/a', '../shared/b']);
  });
});
