import { definePolicy } from '../../../server/src/engine/core/policy';

export default definePolicy({
  id: 'IAC-AWS-CT-002',
  title: 'CloudTrail logs are not encrypted with a KMS key',
  severity: 'medium',
  description: 'An aws_cloudtrail has no kms_key_id, so its log files are only encrypted with S3-managed keys (SSE-S3).',
  rationale:
    'With SSE-KMS, reading the trail also requires kms:Decrypt on a customer-managed key: a principal that can read ' +
    'the log bucket (or a bucket made public by mistake) still cannot read the activity history, and every ' +
    'decryption is itself logged.',
  remediation:
    'Create an aws_kms_key whose key policy allows cloudtrail.amazonaws.com to encrypt, and set kms_key_id to its ARN.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '3.7' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(2)(iv)' },
    { framework: 'PCI DSS 4.0', control: '10.3.2' },
    { framework: 'NIST 800-53', control: 'AU-9' },
    { framework: 'NIST 800-53', control: 'SC-28' },
  ],
  aliases: {
    checkov: ['CKV_AWS_35'],
    kics: ['5d9e3164-9265-470c-9a10-57ae454ac0c7'],
    trivy: ['AVD-AWS-0015', 'aws-cloudtrail-encryption-customer-key'],
  },
  deviations: [
    'A kms_key_id that is a variable or a reference counts as set (its value is unknown, not missing).',
    'There is no automatic fix: the key and its key policy have to be created first.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_cloudtrail'] },
  check(resource, ctx) {
    const key = resource.body.entries.get('kms_key_id');
    if (key && !(key.kind === 'scalar' && (key.value === null || key.value === ''))) return;
    ctx.report({
      node: key,
      message: `CloudTrail trail "${resource.name}" does not encrypt its logs with a KMS key: set kms_key_id to a customer-managed key ARN.`,
    });
  },
});
