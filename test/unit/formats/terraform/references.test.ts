import * as assert from 'node:assert/strict';
import { getPath, isUnknown } from '../../../../server/src/engine/core/model';
import { build, plain } from './helpers';

describe('terraform adapter: cross-resource references', () => {
  const main = `resource "aws_s3_bucket" "b" {
  bucket = "data-bucket"
}

resource "aws_s3_bucket" "other" {
  bucket = "other-bucket"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_id" {
  bucket = aws_s3_bucket.b.id
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_name" {
  bucket = "data-bucket"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "for_other" {
  bucket = aws_s3_bucket.other.bucket
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.arn
}

resource "aws_s3_bucket_logging" "unrelated" {
  bucket = var.some_bucket
}
`;
  const built = build({ 'r/main.tf': main }, 'r');

  it('finds resources whose attribute refers to the target by reference or by equal literal name', () => {
    const b = built.resource('aws_s3_bucket.b');
    const found = built.scope.referencing(b, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
    assert.deepEqual(found.map((r) => r.address), [
      'aws_s3_bucket_server_side_encryption_configuration.by_id',
      'aws_s3_bucket_server_side_encryption_configuration.by_name',
    ]);
    assert.deepEqual(built.scope.referencing(b, 'aws_s3_bucket_versioning', 'bucket').map((r) => r.address), ['aws_s3_bucket_versioning.v']);
    assert.deepEqual(built.scope.referencing(b, 'aws_s3_bucket_logging', 'bucket'), []);
    const other = built.resource('aws_s3_bucket.other');
    assert.deepEqual(
      built.scope.referencing(other, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket').map((r) => r.address),
      ['aws_s3_bucket_server_side_encryption_configuration.for_other'],
    );
  });

  it('matches a name that is itself resolved from a variable', () => {
    const files = {
      'q/main.tf': `variable "name" {
  default = "x"
}
resource "aws_s3_bucket" "b" {
  bucket = "\${var.name}-logs"
}
resource "aws_s3_bucket_public_access_block" "p" {
  bucket = "x-logs"
}
`,
    };
    const q = build(files, 'q');
    assert.deepEqual(q.scope.referencing(q.resource('aws_s3_bucket.b'), 'aws_s3_bucket_public_access_block', 'bucket').map((r) => r.address), [
      'aws_s3_bucket_public_access_block.p',
    ]);
  });
});

describe('terraform adapter: local modules', () => {
  const files = {
    'env/main.tf': `variable "env" {}

module "storage" {
  source     = "../modules/storage"
  name       = "\${var.env}-data"
  encrypted  = false
  kms_key_id = aws_kms_key.k.arn
}

module "remote" {
  source = "terraform-aws-modules/s3-bucket/aws"
}

module "missing" {
  source = "./nowhere"
}

resource "aws_kms_key" "k" {}

resource "aws_s3_bucket_policy" "p" {
  bucket = module.storage.bucket_id
  name   = module.storage.bucket_name
}
`,
    'env/terraform.tfvars': 'env = "prod"\n',
    'modules/storage/variables.tf': `variable "name" {}
variable "encrypted" {
  default = true
}
variable "kms_key_id" {
  default = null
}
variable "versioning" {
  default = true
}
`,
    'modules/storage/main.tf': `resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_ebs_volume" "v" {
  encrypted  = var.encrypted
  kms_key_id = var.kms_key_id
  versioned  = var.versioning
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
}

module "inner" {
  source = "./inner"
  bucket = aws_s3_bucket.this.bucket
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_name" {
  value = var.name
}
`,
    'modules/storage/terraform.tfvars': 'encrypted = true\n',
    'modules/storage/inner/main.tf': `variable "bucket" {}
resource "aws_s3_bucket_logging" "l" {
  bucket        = var.bucket
  target_bucket = "logs"
}
module "loop" {
  source = "../"
}
`,
  };
  const built = build(files, 'env');

  it('adds the called module resources under module.<name>. addresses, recursively, with their own files', () => {
    const addresses = built.scope.resources.map((r) => r.address);
    for (const a of [
      'module.storage',
      'module.storage.aws_s3_bucket.this',
      'module.storage.aws_ebs_volume.v',
      'module.storage.var.name',
      'module.storage.output.bucket_id',
      'module.storage.module.inner',
      'module.storage.module.inner.aws_s3_bucket_logging.l',
      // The inner module calls its parent: the call is an entity, the cycle guard does not follow it.
      'module.storage.module.inner.module.loop',
    ]) {
      assert.ok(addresses.includes(a), `${a} missing from ${addresses.join(', ')}`);
    }
    assert.ok(!addresses.some((a) => a.startsWith('module.remote.')));
    assert.ok(!addresses.some((a) => a.startsWith('module.missing.')));
    assert.ok(!addresses.some((a) => a.includes('module.loop.')));
    const bucket = built.resource('module.storage.aws_s3_bucket.this');
    assert.equal(bucket.file, 'modules/storage/main.tf');
    assert.equal(bucket.type, 'aws_s3_bucket');
    assert.equal(bucket.name, 'this');
  });

  it('passes the call arguments, resolved in the caller, as the module variables', () => {
    const bucket = built.resource('module.storage.aws_s3_bucket.this').body.entries.get('bucket')!;
    assert.equal(plain(bucket), 'prod-data');
    assert.equal(bucket.file, 'modules/storage/main.tf');
    assert.equal(built.text('modules/storage/main.tf', bucket.range), 'var.name');
    assert.equal(bucket.origin?.file, 'env/main.tf');
    assert.equal(built.text('env/main.tf', bucket.origin?.range), '"${var.env}-data"');
    assert.equal(bucket.origin?.via, 'var.name (module.storage input) → var.env (terraform.tfvars)');

    const volume = built.resource('module.storage.aws_ebs_volume.v').body;
    // The argument wins over the default; the module directory's own tfvars do not apply to a call.
    assert.equal(plain(volume.entries.get('encrypted')), false);
    assert.equal(plain(volume.entries.get('versioned')), true);
    const kms = volume.entries.get('kms_key_id')!;
    assert.ok(isUnknown(kms));
    assert.deepEqual(kms.refs, ['module.storage.var.kms_key_id', 'aws_kms_key.k']);

    const logging = built.resource('module.storage.module.inner.aws_s3_bucket_logging.l').body.entries.get('bucket')!;
    assert.ok(isUnknown(logging));
    assert.deepEqual(logging.refs, ['module.storage.module.inner.var.bucket', 'module.storage.aws_s3_bucket.this']);
  });

  it('links resources inside a module by their absolute addresses, and resolves module outputs', () => {
    const bucket = built.resource('module.storage.aws_s3_bucket.this');
    assert.deepEqual(built.scope.referencing(bucket, 'aws_s3_bucket_versioning', 'bucket').map((r) => r.address), [
      'module.storage.aws_s3_bucket_versioning.this',
    ]);
    assert.deepEqual(built.scope.referencing(bucket, 'aws_s3_bucket_logging', 'bucket').map((r) => r.address), [
      'module.storage.module.inner.aws_s3_bucket_logging.l',
    ]);
    assert.deepEqual(built.scope.referencing(bucket, 'aws_s3_bucket_policy', 'bucket').map((r) => r.address), ['aws_s3_bucket_policy.p']);
    const name = built.resource('aws_s3_bucket_policy.p').body.entries.get('name')!;
    assert.equal(plain(name), 'prod-data');
    assert.equal(name.origin?.via, 'module.storage.bucket_name → var.name (module.storage input) → var.env (terraform.tfvars)');
  });

  it('builds the module directory alone with its own tfvars and defaults', () => {
    const alone = build(files, 'modules/storage');
    const volume = alone.resource('aws_ebs_volume.v').body;
    assert.equal(plain(volume.entries.get('encrypted')), true);
    assert.ok(isUnknown(alone.resource('aws_s3_bucket.this').body.entries.get('bucket')));
    assert.equal(getPath(volume, 'kms_key_id')?.kind, 'scalar');
  });

  it('follows nested local modules at most 10 levels deep', () => {
    const chain: Record<string, string> = { 'deep/main.tf': 'module "m" {\n  source = "./l1"\n}\n' };
    let dir = 'deep';
    for (let level = 1; level <= 12; level++) {
      dir += `/l${level}`;
      chain[`${dir}/main.tf`] = `resource "null_resource" "r" {}\nmodule "m" {\n  source = "./l${level + 1}"\n}\n`;
    }
    const deep = build(chain, 'deep');
    const depths = deep.scope.resources.filter((r) => r.type === 'null_resource').map((r) => r.address.split('module.m.').length - 1);
    assert.deepEqual(depths, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
