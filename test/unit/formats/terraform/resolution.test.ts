import * as assert from 'node:assert/strict';
import { getPath, isUnknown, type ModelNode } from '../../../../server/src/engine/core/model';
import { build, plain } from './helpers';

const VARS = `variable "env" {
  default = "dev"
}

variable "region" {
  default = "eu-west-1"
}

variable "size" {
  default = 10
}

variable "no_default" {}

variable "tags" {
  default = {
    Team = "core"
  }
}
`;

function value(files: Record<string, string>, attribute: string, address = 'aws_s3_bucket.b', dir = 'm') {
  const built = build(files, dir);
  return { node: built.resource(address).body.entries.get(attribute), built };
}

describe('terraform adapter: static value resolution', () => {
  it('resolves var.x from its default, keeping the usage range and recording the origin', () => {
    const main = `resource "aws_s3_bucket" "b" {\n  bucket = var.env\n}\n`;
    const { node, built } = value({ 'm/vars.tf': VARS, 'm/main.tf': main }, 'bucket');
    assert.equal(node?.kind, 'scalar');
    assert.equal(plain(node), 'dev');
    assert.equal(node!.file, 'm/main.tf');
    assert.equal(built.text('m/main.tf', node!.range), 'var.env');
    assert.equal(built.text('m/main.tf', node!.entryRange), 'bucket = var.env');
    assert.equal(node!.origin?.file, 'm/vars.tf');
    assert.equal(built.text('m/vars.tf', node!.origin?.range), '"dev"');
    assert.equal(node!.origin?.via, 'var.env (default)');
  });

  it('prefers terraform.tfvars over the default, and *.auto.tfvars (lexical order) over both', () => {
    const main = `resource "aws_s3_bucket" "b" {\n  bucket = var.env\n  region = var.region\n  size = var.size\n}\n`;
    const files: Record<string, string> = {
      'm/vars.tf': VARS,
      'm/main.tf': main,
      'm/terraform.tfvars': 'env = "from-tfvars"\nregion = "us-east-1"\n',
      'm/b.auto.tfvars': 'env = "from-b-auto"\n',
      'm/a.auto.tfvars.json': '{"env": "from-a-auto", "size": 20}',
    };
    const built = build(files, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    assert.equal(plain(body.entries.get('bucket')), 'from-b-auto');
    assert.equal(body.entries.get('bucket')!.origin?.via, 'var.env (b.auto.tfvars)');
    assert.equal(built.text('m/b.auto.tfvars', body.entries.get('bucket')!.origin?.range), '"from-b-auto"');
    assert.equal(plain(body.entries.get('region')), 'us-east-1');
    assert.equal(body.entries.get('region')!.origin?.via, 'var.region (terraform.tfvars)');
    assert.equal(plain(body.entries.get('size')), 20);
    assert.equal(body.entries.get('size')!.origin?.via, 'var.size (a.auto.tfvars.json)');
    assert.equal(body.entries.get('size')!.origin?.file, 'm/a.auto.tfvars.json');
  });

  it('terraform.tfvars.json wins over terraform.tfvars', () => {
    const main = `resource "aws_s3_bucket" "b" {\n  bucket = var.env\n}\n`;
    const { node } = value({ 'm/vars.tf': VARS, 'm/main.tf': main, 'm/terraform.tfvars': 'env = "hcl"\n', 'm/terraform.tfvars.json': '{"env": "json"}' }, 'bucket');
    assert.equal(plain(node), 'json');
  });

  it('a value set differently by a -var-file-only tfvars file is unknown (it depends on the command line)', () => {
    const main = `resource "aws_s3_bucket" "b" {\n  bucket = var.env\n  region = var.region\n}\n`;
    const built = build({ 'm/vars.tf': VARS, 'm/main.tf': main, 'm/prod.tfvars': 'env = "prod"\nregion = "eu-west-1"\n' }, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    const bucket = body.entries.get('bucket')!;
    assert.ok(isUnknown(bucket));
    assert.equal(bucket.text, 'var.env');
    assert.deepEqual(bucket.refs, ['var.env']);
    // Every source agrees on the region: it is known.
    assert.equal(plain(body.entries.get('region')), 'eu-west-1');
  });

  it('leaves a variable without default or value unknown, with its reference', () => {
    const main = `resource "aws_s3_bucket" "b" {\n  bucket = var.no_default\n  acl = var.undeclared\n  name = "\${var.no_default}-logs"\n}\n`;
    const { node, built } = value({ 'm/vars.tf': VARS, 'm/main.tf': main }, 'bucket');
    assert.ok(isUnknown(node));
    assert.equal(node.text, 'var.no_default');
    assert.deepEqual(node.refs, ['var.no_default']);
    assert.equal(built.text('m/main.tf', node.range), 'var.no_default');
    const body = built.resource('aws_s3_bucket.b').body;
    assert.ok(isUnknown(body.entries.get('acl')));
    const name = body.entries.get('name')!;
    assert.ok(isUnknown(name));
    assert.equal(name.text, '"${var.no_default}-logs"');
    assert.deepEqual(name.refs, ['var.no_default']);
  });

  it('resolves locals, chains of locals, and nested access into maps and lists', () => {
    const main = `locals {
  prefix = "acme"
  name   = "\${local.prefix}-\${var.env}"
  full   = local.name
  cfg    = { versioning = true, rules = ["a", "b"] }
}

resource "aws_s3_bucket" "b" {
  bucket     = local.full
  versioning = local.cfg.versioning
  rule       = local.cfg["rules"][1]
  tags       = var.tags
  team       = var.tags.Team
}
`;
    const built = build({ 'm/vars.tf': VARS, 'm/main.tf': main, 'm/terraform.tfvars': 'env = "prod"\n' }, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    const bucket = body.entries.get('bucket')!;
    assert.equal(plain(bucket), 'acme-prod');
    assert.equal(built.text('m/main.tf', bucket.range), 'local.full');
    assert.equal(bucket.origin?.via, 'local.full → local.name → local.prefix, var.env (terraform.tfvars)');
    assert.equal(built.text('m/main.tf', bucket.origin?.range), '"${local.prefix}-${var.env}"');
    assert.equal(plain(body.entries.get('versioning')), true);
    assert.equal(built.text('m/main.tf', body.entries.get('versioning')!.range), 'local.cfg.versioning');
    assert.equal(plain(body.entries.get('rule')), 'b');
    assert.deepEqual(plain(body.entries.get('tags')), { Team: 'core' });
    // Nested values keep the place where they are written.
    const team = getPath(body.entries.get('tags'), 'Team')!;
    assert.equal(team.file, 'm/vars.tf');
    assert.equal(built.text('m/vars.tf', team.range), '"core"');
    assert.equal(plain(body.entries.get('team')), 'core');
    assert.equal(built.text('m/main.tf', body.entries.get('team')!.range), 'var.tags.Team');
  });

  it('interpolates only when every part is known', () => {
    const main = `resource "aws_s3_bucket" "b" {
  bucket = "\${var.env}-logs-\${var.size}"
  other  = "\${var.env}-\${aws_s3_bucket.x.id}"
  same   = "\${var.tags}"
  heredoc = <<EOT
hello \${var.env}
EOT
}
`;
    const { built } = value({ 'm/vars.tf': VARS, 'm/main.tf': main }, 'bucket');
    const body = built.resource('aws_s3_bucket.b').body;
    assert.equal(plain(body.entries.get('bucket')), 'dev-logs-10');
    assert.equal(body.entries.get('bucket')!.origin?.via, 'var.env (default), var.size (default)');
    const other = body.entries.get('other')!;
    assert.ok(isUnknown(other));
    assert.deepEqual(other.refs, ['var.env', 'aws_s3_bucket.x']);
    assert.deepEqual(plain(body.entries.get('same')), { Team: 'core' });
    assert.equal(plain(body.entries.get('heredoc')), 'hello dev\n');
  });

  it('is cycle-safe: locals that depend on themselves are unknown', () => {
    const main = `locals {
  a = local.b
  b = "\${local.a}x"
  c = local.c
}
resource "aws_s3_bucket" "b" {
  bucket = local.a
  acl    = local.c
}
`;
    const built = build({ 'm/main.tf': main }, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    assert.ok(isUnknown(body.entries.get('bucket')));
    assert.ok(isUnknown(body.entries.get('acl')));
  });

  it('keeps each.value, count.index, resource attributes, for expressions and unknown functions unknown', () => {
    const main = `resource "aws_s3_bucket" "b" {
  for_each = toset(["a"])
  bucket   = each.value
  index    = count.index
  arn      = aws_kms_key.k.arn
  list     = [for s in aws_subnet.all : s.id]
  file     = file("x.json")
  cond     = var.flag ? "a" : "b"
}
resource "aws_kms_key" "k" {}
resource "aws_subnet" "all" {}
`;
    const built = build({ 'm/main.tf': main }, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    const get = (k: string) => body.entries.get(k)!;
    for (const key of ['bucket', 'index', 'arn', 'list', 'file', 'cond']) assert.ok(isUnknown(get(key)), key);
    assert.deepEqual((get('bucket') as { refs?: string[] }).refs, []);
    assert.deepEqual((get('arn') as { refs?: string[] }).refs, ['aws_kms_key.k']);
    assert.deepEqual((get('list') as { refs?: string[] }).refs, ['aws_subnet.all']);
    assert.deepEqual((get('cond') as { refs?: string[] }).refs, ['var.flag']);
    assert.equal((get('list') as { text: string }).text, '[for s in aws_subnet.all : s.id]');
  });

  it('evaluates a few functions and operators exactly, and nothing it cannot be sure of', () => {
    const main = `variable "prod" {
  default = true
}
resource "aws_s3_bucket" "b" {
  lower   = lower("ABC")
  upper   = upper(var.env)
  str     = tostring(5)
  merged  = merge({ a = 1, b = 2 }, { b = 3 }, var.tags)
  policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*" }] })
  cond    = var.prod ? "on" : "off"
  eq      = var.env == "dev"
  mixed   = var.size == "10"
  neg     = -1
  not     = !var.prod
  unknown = lower(var.no_default)
}
`;
    const built = build({ 'm/vars.tf': VARS, 'm/main.tf': main }, 'm');
    const body = built.resource('aws_s3_bucket.b').body;
    const get = (k: string): ModelNode => body.entries.get(k)!;
    assert.equal(plain(get('lower')), 'abc');
    assert.equal(plain(get('upper')), 'DEV');
    assert.equal(plain(get('str')), '5');
    assert.deepEqual(plain(get('merged')), { a: 1, b: 3, Team: 'core' });
    assert.equal(plain(get('policy')), '{"Statement":[{"Action":"s3:*","Effect":"Allow"}],"Version":"2012-10-17"}');
    assert.equal(plain(get('cond')), 'on');
    assert.equal(built.text('m/main.tf', get('cond').range), '"on"');
    assert.equal(plain(get('eq')), true);
    assert.ok(isUnknown(get('mixed')));
    assert.equal(plain(get('neg')), -1);
    assert.equal(plain(get('not')), false);
    assert.ok(isUnknown(get('unknown')));
    assert.equal(built.text('m/main.tf', get('merged').range), 'merge({ a = 1, b = 2 }, { b = 3 }, var.tags)');
  });

  it('links through locals: refs follow unknown locals to the resources they name', () => {
    const main = `locals {
  bucket_id = aws_s3_bucket.b.id
}
resource "aws_s3_bucket" "b" {}
resource "aws_s3_bucket_versioning" "v" {
  bucket = local.bucket_id
}
`;
    const built = build({ 'm/main.tf': main }, 'm');
    const node = built.resource('aws_s3_bucket_versioning.v').body.entries.get('bucket')!;
    assert.ok(isUnknown(node));
    assert.deepEqual(node.refs, ['local.bucket_id', 'aws_s3_bucket.b']);
  });
});
