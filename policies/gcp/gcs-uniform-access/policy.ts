import { definePolicy } from '../../../server/src/engine/core/policy';
import { asBool } from '../../../server/src/engine/core/model';

export default definePolicy({
  id: 'IAC-GCP-GCS-002',
  title: 'GCS bucket does not use uniform bucket-level access',
  severity: 'medium',
  fixable: true,
  description:
    'A `google_storage_bucket` sets `uniform_bucket_level_access = false` or leaves it unset (the provider default is false), so object ACLs stay active next to IAM. The legacy `bucket_policy_only = true` (google provider < 4.0) counts as enabled.',
  rationale:
    'With fine-grained ACLs, any object can carry its own grants (including public ones) that bucket-level IAM reviews do not show. Uniform bucket-level access makes IAM the single place that decides who can read the bucket.',
  remediation:
    'Set `uniform_bucket_level_access = true` and move any per-object ACL grants to bucket IAM bindings (or managed folders).',
  compliance: [
    { framework: 'CIS GCP Foundations 2.0', control: '5.2' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '7.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
  ],
  aliases: {
    checkov: ['CKV_GCP_29'],
    kics: ['bb0db090-5509-4853-a827-75ced0b3caa0'],
    trivy: ['AVD-GCP-0002', 'google-storage-enable-ubla'],
  },
  deviations: [
    'An organization policy (`constraints/storage.uniformBucketLevelAccess`) can enforce uniform access outside Terraform; this policy cannot see it and still reports the bucket (suppress it with a reason).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['google_storage_bucket'] },
  check(resource, ctx) {
    const body = resource.body;
    const uniform = body.entries.get('uniform_bucket_level_access');
    const legacy = body.entries.get('bucket_policy_only');
    const uniformValue = uniform ? asBool(uniform) : undefined;
    const legacyValue = legacy ? asBool(legacy) : undefined;
    // Anything enabled, or anything we cannot read, means no finding.
    if (uniformValue === true || legacyValue === true) return;
    if ((uniform && uniformValue === undefined) || (legacy && legacyValue === undefined)) return;

    // Enabling it disables object ACLs (and cannot be undone after 90 days): a human decides.
    if (uniform) {
      ctx.report({
        node: uniform,
        message: `GCS bucket "${resource.name}" disables uniform bucket-level access: set uniform_bucket_level_access = true.`,
        fix: { description: 'enable uniform bucket-level access', safe: false, edits: ctx.fix.setValue(uniform, true) },
      });
    } else if (legacy) {
      ctx.report({
        node: legacy,
        message: `GCS bucket "${resource.name}" disables uniform bucket-level access (bucket_policy_only = false): set bucket_policy_only = true, or uniform_bucket_level_access = true on google provider 4.0 and later.`,
        fix: { description: 'enable uniform bucket-level access', safe: false, edits: ctx.fix.setValue(legacy, true) },
      });
    } else {
      ctx.report({
        message: `GCS bucket "${resource.name}" does not enable uniform bucket-level access: add uniform_bucket_level_access = true.`,
        fix: {
          description: 'enable uniform bucket-level access',
          safe: false,
          edits: ctx.fix.addEntries(body, [{ attr: 'uniform_bucket_level_access', value: true }]),
        },
      });
    }
  },
});
