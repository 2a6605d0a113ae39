import { definePolicy } from '../../../server/src/engine/core/policy';
import { boolAttr, hasAttr, stringAttr, via } from '../lib/common';
import { fix, setAttr } from '../lib/fixes';

export default definePolicy({
  id: 'IAC-AWS-KMS-001',
  title: 'KMS key rotation is not enabled',
  severity: 'medium',
  fixable: true,
  description:
    'A symmetric encryption aws_kms_key (customer_master_key_spec SYMMETRIC_DEFAULT, the default) does not set ' +
    'enable_key_rotation = true (default false).',
  rationale:
    'Automatic rotation replaces the key material every year (or the configured period) while keeping old material ' +
    'for decryption, which limits how much data one exposed key version protects and satisfies cryptoperiod ' +
    'requirements without any change to applications.',
  remediation: 'Set enable_key_rotation = true (optionally rotation_period_in_days).',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '3.8' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'PCI DSS 4.0', control: '3.7.4' },
    { framework: 'HIPAA', control: '164.312(a)(2)(iv)' },
    { framework: 'NIST 800-53', control: 'SC-12' },
  ],
  aliases: {
    checkov: ['CKV_AWS_7'],
    kics: ['22fbfeac-7b5a-421a-8a27-7a2178bb910b'],
    trivy: ['AVD-AWS-0065', 'aws-kms-auto-rotate-keys'],
  },
  deviations: [
    'Asymmetric and HMAC keys cannot be rotated automatically and are never reported. KICS also reports an ' +
      'asymmetric key that sets enable_key_rotation = true (AWS rejects that combination at apply time; it is not a ' +
      'security gap, so we leave it to the provider).',
    'Keys in a custom key store (custom_key_store_id, CloudHSM or external) cannot be rotated automatically and are ' +
      'not reported.',
    'The fix is marked safe: rotation is transparent to callers (old key material keeps decrypting).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_kms_key'] },
  check(resource, ctx) {
    const spec = resource.body.entries.get('customer_master_key_spec');
    if (spec && stringAttr(resource.body, 'customer_master_key_spec') !== 'SYMMETRIC_DEFAULT') return; // asymmetric, HMAC or unknown
    const usage = resource.body.entries.get('key_usage');
    if (usage && stringAttr(resource.body, 'key_usage') !== 'ENCRYPT_DECRYPT') return;
    if (hasAttr(resource.body, 'custom_key_store_id')) return;
    const { state, node } = boolAttr(resource.body, 'enable_key_rotation');
    if (state === true || state === 'unknown') return;
    ctx.report({
      node: state === false ? node : undefined,
      message:
        state === false
          ? `KMS key "${resource.name}" sets enable_key_rotation = false${via(node)}: set it to true.`
          : `KMS key "${resource.name}" does not rotate its key material: add enable_key_rotation = true.`,
      fix: fix('enable automatic key rotation', true, setAttr(ctx, resource.body, 'enable_key_rotation', true, node)),
    });
  },
});
