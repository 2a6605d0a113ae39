import { definePolicy } from '../../../server/src/engine/core/policy';
import { asBool } from '../../../server/src/engine/core/model';

/** azurerm 4.x renamed `enable_https_traffic_only`; both default to true. */
const HTTPS_ONLY_KEYS = ['https_traffic_only_enabled', 'enable_https_traffic_only'];

export default definePolicy({
  id: 'IAC-AZURE-STORAGE-002',
  title: 'Azure storage account accepts unencrypted HTTP',
  severity: 'medium',
  fixable: true,
  description:
    'A storage account sets `https_traffic_only_enabled` (azurerm 4.x) or `enable_https_traffic_only` (earlier) to false, so its endpoints accept plain HTTP ("Secure transfer required" off).',
  rationale:
    'Over HTTP, account keys in Shared Key headers, SAS tokens and the data itself cross the network in clear text and can be read or altered by anyone on the path.',
  remediation:
    'Remove the attribute (it defaults to true) or set it to true, and move any HTTP client to HTTPS.',
  compliance: [
    { framework: 'CIS Azure Foundations 2.0', control: '3.1' },
    { framework: 'SOC 2', control: 'CC6.7' },
    { framework: 'HIPAA', control: '164.312(e)(1)' },
    { framework: 'PCI DSS 4.0', control: '4.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-8' },
  ],
  aliases: {
    checkov: ['CKV_AZURE_3'],
    kics: ['12944ec4-1fa0-47be-8b17-42a034f937c2'],
    trivy: ['AVD-AZU-0008', 'azure-storage-enforce-https'],
  },
  deviations: [
    'An account without the attribute is not reported: azurerm has defaulted it to true since 2.0 (Checkov CKV_AZURE_3 passes it too). KICS 12944ec4 still reports the missing attribute, based on the azurerm 1.x default.',
    'The minimum TLS version is a separate policy, IAC-AZURE-STORAGE-003, so each can be suppressed on its own.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['azurerm_storage_account'] },
  check(resource, ctx) {
    for (const key of HTTPS_ONLY_KEYS) {
      const node = resource.body.entries.get(key);
      if (node && asBool(node) === false) {
        ctx.report({
          node,
          message: `Storage account "${resource.name}" accepts unencrypted HTTP (${key} = false): set ${key} = true.`,
          // HTTP-only clients stop working, so a human decides.
          fix: { description: 'require HTTPS', safe: false, edits: ctx.fix.setValue(node, true) },
        });
      }
    }
  },
});
