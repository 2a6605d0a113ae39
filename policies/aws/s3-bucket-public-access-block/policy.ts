import { definePolicy } from '../../../server/src/engine/core/policy';
import type { MapNode, Resource } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { boolAttr, via } from '../lib/common';
import { companionResource, fix, replaceValue } from '../lib/fixes';
import { isRegistryModule, pinnedMajor } from '../lib/modules';
import { bucketCompanions, describeBucket } from '../lib/s3';

const BLOCK = 'aws_s3_bucket_public_access_block';
const ACCOUNT_BLOCK = 'aws_s3_account_public_access_block';
const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** An account-wide block with every flag known to be true covers every bucket of the account. */
function accountFullyBlocked(ctx: CheckContext): boolean {
  return ctx.resources(ACCOUNT_BLOCK).some((r) => FLAGS.every((flag) => boolAttr(r.body, flag).state === true));
}

/**
 * Reports each flag written as false (on its value) and the flags left out (on `owner`'s header;
 * they default to false unless `absentIsTrue`).
 */
function checkFlags(ctx: CheckContext, body: MapNode, owner: string, absentIsTrue: boolean): void {
  const missing: string[] = [];
  for (const flag of FLAGS) {
    const { state, node } = boolAttr(body, flag);
    if (state === false && node) {
      ctx.report({
        node,
        message: `${owner} sets ${flag} = false${via(node)}: set it to true.`,
        fix: fix(`set ${flag} to true`, false, replaceValue(ctx, node, true)),
      });
    } else if (state === 'absent' && !absentIsTrue) {
      missing.push(flag);
    }
  }
  if (missing.length) {
    ctx.report({
      message: `${owner} does not set ${missing.join(', ')} (default false): set ${missing.length > 1 ? 'them' : 'it'} to true.`,
      fix: fix(
        `set ${missing.join(', ')} to true`,
        false,
        ctx.fix.addEntries(
          body,
          missing.map((attr) => ({ attr, value: true })),
        ),
      ),
    });
  }
}

function checkBucket(resource: Resource, ctx: CheckContext): void {
  const { found, ambiguous } = bucketCompanions(ctx, resource, BLOCK);
  if (found.length || ambiguous) return; // a block is checked on its own
  if (accountFullyBlocked(ctx)) return;
  const text = companionResource(ctx, resource, BLOCK, 'bucket', [
    'block_public_acls       = true',
    'block_public_policy     = true',
    'ignore_public_acls      = true',
    'restrict_public_buckets = true',
  ]);
  ctx.report({
    message: `${describeBucket(resource)} has no public access block: add an ${BLOCK} resource with all four settings true.`,
    fix: fix(`add an ${BLOCK} resource blocking all public access`, false, ctx.fix.insertAfterResource(resource, text)),
  });
}

export default definePolicy({
  id: 'IAC-AWS-S3-005',
  title: 'S3 bucket public access is not fully blocked',
  severity: 'high',
  fixable: true,
  description:
    'An aws_s3_bucket has no aws_s3_bucket_public_access_block (and no account-wide block covers it), or a public ' +
    'access block leaves block_public_acls, block_public_policy, ignore_public_acls or restrict_public_buckets false.',
  rationale:
    'The public access block is the guard rail that stops a later ACL or bucket-policy change from exposing the ' +
    'bucket to the internet. With any of its four settings off, one mistaken grant or policy statement is enough ' +
    'to publish the data.',
  remediation:
    'Add an aws_s3_bucket_public_access_block for the bucket (or an aws_s3_account_public_access_block for the ' +
    'account) with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true. ' +
    'Serve public content through CloudFront with an origin access control instead.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.1.5' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.4.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
    { framework: 'NIST 800-53', control: 'SC-7' },
  ],
  aliases: {
    checkov: ['CKV2_AWS_6'],
    trivy: ['AVD-AWS-0094', 'aws-s3-specify-public-access-block'],
  },
  deviations: [
    'One policy covers the bucket without a block (Checkov CKV2_AWS_6, Trivy AVD-AWS-0094, the aliases) and each ' +
      'setting left false. KICS (d0cc8694 "S3 Bucket Allows Public ACL", 1a4bc881 "S3 Bucket Allows Public Policy", ' +
      '4fa66806 "S3 Bucket Without Ignore Public ACL", 1ec253ab "S3 Bucket Without Restriction Of Public Bucket"), ' +
      'Checkov (CKV_AWS_53 to 56) and Trivy (AVD-AWS-0086, 0087, 0091, 0093) check one setting each. Their findings ' +
      'are all ours too (on the same value), but they are not listed as aliases: a suppression of one setting\'s check ' +
      'must not silence the others, and their test files, where the other settings are left false, are not negatives ' +
      'for this policy.',
    'An aws_s3_account_public_access_block with all four settings true in the same module counts for every bucket.',
    'A public access block whose bucket argument cannot be resolved may belong to any bucket of the module, so no ' +
      'bucket of that module is reported as missing one.',
    'terraform-aws-modules/s3-bucket calls are checked through their inputs; settings left out count as false only ' +
      'when the call pins a major version below 4 (the module turned them on by default in v4).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_s3_bucket', BLOCK, ACCOUNT_BLOCK, 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      if (!isRegistryModule(resource, 's3-bucket') || boolAttr(resource.body, 'create_bucket').state === false) return;
      const major = pinnedMajor(resource);
      checkFlags(ctx, resource.body, `Module "${resource.name}" (terraform-aws-modules/s3-bucket)`, major === undefined || major >= 4);
      return;
    }
    if (resource.type === 'aws_s3_bucket') return checkBucket(resource, ctx);
    const owner = resource.type === BLOCK ? `S3 public access block "${resource.name}"` : `S3 account public access block "${resource.name}"`;
    checkFlags(ctx, resource.body, owner, false);
  },
});
