import { definePolicy, type Snippet } from '../../../server/src/engine/core/policy';
import { asBool, isMap, scalar } from '../../../server/src/engine/core/model';

/** Canned ACLs that grant the AllUsers or AuthenticatedUsers groups access to the bucket. */
const PUBLIC_CANNED_ACLS = new Map([
  ['publicread', 'anyone can list and read the bucket'],
  ['publicreadwrite', 'anyone can list, read and write the bucket'],
  ['authenticatedread', 'any AWS account can list and read the bucket'],
]);

const BLOCK_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

export default definePolicy({
  id: 'IAC-CFN-S3-002',
  title: 'S3 bucket allows public access',
  severity: 'high',
  fixable: true,
  description:
    'An `AWS::S3::Bucket` grants public access through a canned ACL (`AccessControl: PublicRead`, `PublicReadWrite` or `AuthenticatedRead`), or weakens its `PublicAccessBlockConfiguration` by setting one of `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls`, `RestrictPublicBuckets` to false or leaving it out of the block (where it then defaults to false).',
  rationale:
    'Public buckets are the classic cloud data leak. The bucket-level Block Public Access settings are the guard rail that keeps a stray ACL or bucket policy from exposing the data; turning one off re-opens that path.',
  remediation:
    'Remove the public `AccessControl` (or use `Private`), and either omit `PublicAccessBlockConfiguration` (S3 blocks public access by default for new buckets) or set all four flags to true. Serve public content through CloudFront with origin access control.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.1.5' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.4.4' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
  ],
  aliases: {
    checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    kics: [
      '07dda8de-d90d-469e-9b37-1aca53526ced',
      '219f4c95-aa50-44e0-97de-cf71f4641170',
      '835d5497-a526-4aea-a23f-98a9afd1635f',
      '48f100d9-f499-4c6d-b2b8-deafe47ffb26',
      '860ba89b-b8de-4e72-af54-d6aee4138a69',
      '6c8d51af-218d-4bfb-94a9-94eabaa0703a',
      '350cd468-0e2c-44ef-9d22-cfb73a62523c',
    ],
    trivy: [
      'AVD-AWS-0092',
      'aws-s3-no-public-access-with-acl',
      'AVD-AWS-0086',
      'aws-s3-block-public-acls',
      'AVD-AWS-0087',
      'aws-s3-block-public-policy',
      'AVD-AWS-0091',
      'aws-s3-ignore-public-acls',
      'AVD-AWS-0093',
      'aws-s3-no-public-buckets',
    ],
  },
  deviations: [
    'A bucket without `PublicAccessBlockConfiguration` is not reported: since April 2023 S3 enables all four Block Public Access settings on new buckets by default. KICS (48f100d9, 860ba89b, 6c8d51af, 350cd468) and Checkov still report it.',
    'One policy covers every public canned ACL. KICS splits them into three queries (07dda8de PublicReadWrite, 219f4c95 PublicRead, 835d5497 AuthenticatedRead), so a bucket using another public ACL in one query\'s negative tests is reported here by design.',
    'One policy covers the four Block Public Access flags (KICS and Checkov have one check per flag); a block that leaves out several flags gives one finding listing them.',
    'Bucket policies granting `Principal: "*"` (AWS::S3::BucketPolicy) are out of scope.',
  ],
  formats: ['cloudformation'],
  resourceTypes: { cloudformation: ['AWS::S3::Bucket'] },
  check(resource, ctx) {
    const body = resource.body;

    const acl = body.entries.get('AccessControl');
    const aclValue = scalar(acl);
    if (acl && typeof aclValue === 'string' && PUBLIC_CANNED_ACLS.has(aclValue.toLowerCase())) {
      ctx.report({
        node: acl,
        message: `S3 bucket "${resource.name}" uses the canned ACL ${aclValue} (${PUBLIC_CANNED_ACLS.get(aclValue.toLowerCase())}): set AccessControl to Private or remove it.`,
        // A public website or download bucket stops working: a human decides.
        fix: { description: 'make the bucket ACL private', safe: false, edits: ctx.fix.setValue(acl, 'Private') },
      });
    }

    const block = body.entries.get('PublicAccessBlockConfiguration');
    if (!block || !isMap(block)) return; // absent: S3 blocks public access by default; intrinsic: unknown
    const missing: Snippet[] = [];
    for (const flag of BLOCK_FLAGS) {
      const node = block.entries.get(flag);
      if (!node) {
        missing.push({ attr: flag, value: true });
        continue;
      }
      if (asBool(node) === false) {
        ctx.report({
          node,
          message: `S3 bucket "${resource.name}" turns off ${flag} in its PublicAccessBlockConfiguration: set ${flag} to true.`,
          fix: { description: `turn on ${flag}`, safe: false, edits: ctx.fix.setValue(node, true) },
        });
      }
    }
    if (missing.length) {
      const names = missing.map((s) => ('attr' in s ? s.attr : s.block));
      ctx.report({
        range: block.keyRange ?? block.range,
        message: `S3 bucket "${resource.name}" has a PublicAccessBlockConfiguration without ${names.join(', ')}, which then ${names.length > 1 ? 'default' : 'defaults'} to false: set ${names.length > 1 ? 'them' : 'it'} to true.`,
        fix: { description: 'turn on every Block Public Access setting', safe: false, edits: ctx.fix.addEntries(block, missing) },
      });
    }
  },
});
