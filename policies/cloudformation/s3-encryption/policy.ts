import { definePolicy } from '../../../server/src/engine/core/policy';
import { isList, isMap, isUnknown } from '../../../server/src/engine/core/model';

export default definePolicy({
  id: 'IAC-CFN-S3-001',
  title: 'S3 bucket has no default encryption configured',
  severity: 'low',
  fixable: true,
  description:
    'An `AWS::S3::Bucket` has no `BucketEncryption.ServerSideEncryptionConfiguration` rule with `ServerSideEncryptionByDefault`, so the template does not state how objects are encrypted at rest.',
  rationale:
    'Encryption at rest limits what leaks with a misplaced backup or a storage-layer compromise, and auditors expect to see the choice (SSE-S3, SSE-KMS with a managed or customer key) in the template. Since January 2023 S3 applies SSE-S3 when nothing is configured, so the residual risk is an implicit, unreviewed key choice rather than plaintext storage, hence low severity (as for the Terraform policy IAC-AWS-S3-001).',
  remediation:
    'Add `BucketEncryption` with a `ServerSideEncryptionByDefault` rule: `SSEAlgorithm: AES256` (SSE-S3) at minimum, or `aws:kms` with a customer managed `KMSMasterKeyID` for key-level access control and audit.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.1.1' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(2)(iv)' },
    { framework: 'PCI DSS 4.0', control: '3.5.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-28' },
  ],
  aliases: {
    checkov: ['CKV_AWS_19'],
    kics: ['b2e8752c-3497-4255-98d2-e4ae5b46bbf5'],
    trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'],
  },
  deviations: [
    'Reported at the bucket\'s logical id (KICS reports the `Properties` line of the same resource).',
    'Severity is low, not high as in KICS: S3 has encrypted new objects with SSE-S3 by default since January 2023; the finding is that the template does not make the choice explicit (Checkov CKV_AWS_19 still reports it too).',
  ],
  formats: ['cloudformation'],
  resourceTypes: { cloudformation: ['AWS::S3::Bucket'] },
  check(resource, ctx) {
    const body = resource.body;
    const encryption = body.entries.get('BucketEncryption');
    if (!encryption) {
      ctx.report({
        message: `S3 bucket "${resource.name}" has no BucketEncryption: add a ServerSideEncryptionConfiguration rule (SSEAlgorithm AES256 or aws:kms).`,
        fix: {
          description: 'enable default encryption (AES256)',
          safe: true,
          edits: ctx.fix.addEntries(body, [
            { attr: 'BucketEncryption', value: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
          ]),
        },
      });
      return;
    }
    if (!isMap(encryption)) return; // an intrinsic (`!If ...`): unknown
    const rules = encryption.entries.get('ServerSideEncryptionConfiguration');
    if (isUnknown(rules)) return;
    // A single map where a list belongs is read as a one-rule list; any rule we cannot read might be the encrypting one.
    const ruleItems = isList(rules) ? rules.items : isMap(rules) ? [rules] : [];
    if (ruleItems.some((rule) => !isMap(rule) || rule.entries.has('ServerSideEncryptionByDefault'))) return;
    const where = rules ?? encryption;
    ctx.report({
      // The key, not the value: a block list's value starts on the line below.
      range: where.keyRange ?? where.range,
      message: `S3 bucket "${resource.name}" has BucketEncryption without a ServerSideEncryptionByDefault rule: add one with SSEAlgorithm AES256 or aws:kms.`,
    });
  },
});
