import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, type MapNode } from '../../../server/src/engine/core/model';
import { boolAttr, hasDynamicBlock } from '../lib/common';
import { companionResource, fix } from '../lib/fixes';
import { isRegistryModule } from '../lib/modules';
import { bucketCompanions, describeBucket } from '../lib/s3';

const SSE_RESOURCE = 'aws_s3_bucket_server_side_encryption_configuration';

export default definePolicy({
  id: 'IAC-AWS-S3-001',
  title: 'S3 bucket has no explicit server-side encryption configuration',
  severity: 'low',
  fixable: true,
  description:
    'An aws_s3_bucket has neither an inline server_side_encryption_configuration block nor an ' +
    'aws_s3_bucket_server_side_encryption_configuration resource that refers to it.',
  rationale:
    'Encryption at rest protects object data if storage media or backups are exposed. Since January 2023 ' +
    'AWS applies SSE-S3 to every new object by default, so a bucket without a configuration is no longer ' +
    'unencrypted for new writes; the explicit configuration still matters because it is where SSE-KMS ' +
    '(customer-controlled keys, key policies, CloudTrail records of key use) is chosen, because objects ' +
    'written before 2023 may be unencrypted, and because auditors ask for the configuration as evidence.',
  remediation:
    'Add an aws_s3_bucket_server_side_encryption_configuration resource for the bucket (AWS provider v4+), ' +
    'or the inline server_side_encryption_configuration block on provider v3, choosing AES256 or aws:kms.',
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
    trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'],
  },
  deviations: [
    'AWS encrypts every new object with SSE-S3 since 2023-01-05. KICS deprecated its "S3 Bucket SSE Disabled" ' +
      'query for that reason (2024, so it is absent from the KICS suite we compare with) and Trivy deprecated ' +
      'AVD-AWS-0088 (2025); Checkov CKV_AWS_19 still reports. We keep the check, like Checkov, but at low ' +
      'severity: it asks for the configuration to be explicit (the place to choose SSE-KMS, and audit evidence), ' +
      'not for data that would otherwise be stored in clear.',
    'A companion encryption resource whose bucket argument cannot be resolved (a variable, a module output, ' +
      'each.value) may configure any bucket of the module, so no bucket of that module is reported.',
    'Calls of the terraform-aws-modules/s3-bucket registry module are checked through their ' +
      'server_side_encryption_configuration input (empty by default).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_s3_bucket', 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      if (!isRegistryModule(resource, 's3-bucket') || boolAttr(resource.body, 'create_bucket').state === false) return;
      const input = resource.body.entries.get('server_side_encryption_configuration');
      if (input && !(input.kind === 'map' && input.entries.size === 0)) return;
      ctx.report({
        node: input,
        message: `Module "${resource.name}" (terraform-aws-modules/s3-bucket) sets no server_side_encryption_configuration: pass one with an apply_server_side_encryption_by_default rule.`,
      });
      return;
    }
    const body: MapNode = resource.body;
    if (blocks(body, 'server_side_encryption_configuration').length || hasDynamicBlock(body, 'server_side_encryption_configuration')) return;
    if (body.entries.has('server_side_encryption_configuration')) return; // written as an attribute/expression
    const { found, ambiguous } = bucketCompanions(ctx, resource, SSE_RESOURCE);
    if (found.length || ambiguous) return;
    const text = companionResource(ctx, resource, SSE_RESOURCE, 'bucket', [
      'rule {',
      '  apply_server_side_encryption_by_default {',
      '    sse_algorithm = "AES256"',
      '  }',
      '}',
    ]);
    ctx.report({
      message: `${describeBucket(resource)} has no server-side encryption configuration: add a server_side_encryption_configuration block or an ${SSE_RESOURCE} resource.`,
      fix: fix(`add an ${SSE_RESOURCE} resource (SSE-S3, AES256)`, false, ctx.fix.insertAfterResource(resource, text)),
    });
  },
});
