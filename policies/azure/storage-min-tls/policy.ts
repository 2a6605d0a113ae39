import { definePolicy } from '../../../server/src/engine/core/policy';
import { scalar } from '../../../server/src/engine/core/model';
import { azurermPinnedBelow3 } from '../_shared/azurerm-version';

const WEAK_TLS = new Set(['TLS1_0', 'TLS1_1']);

export default definePolicy({
  id: 'IAC-AZURE-STORAGE-003',
  title: 'Azure storage account allows TLS older than 1.2',
  severity: 'medium',
  fixable: true,
  description:
    'A storage account sets `min_tls_version` to "TLS1_0" or "TLS1_1" (or leaves it unset in a module pinned to azurerm 2.x, whose default was TLS1_0).',
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses (BEAST, weak cipher suites, SHA-1 handshakes) and are deprecated by RFC 8996; accepting them lets a downgraded or outdated client expose data in transit.',
  remediation: 'Set `min_tls_version = "TLS1_2"` and upgrade any client that cannot negotiate TLS 1.2.',
  compliance: [
    { framework: 'CIS Azure Foundations 2.0', control: '3.15' },
    { framework: 'SOC 2', control: 'CC6.7' },
    { framework: 'HIPAA', control: '164.312(e)(2)(ii)' },
    { framework: 'PCI DSS 4.0', control: '4.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-8' },
  ],
  aliases: {
    checkov: ['CKV_AZURE_44'],
    kics: ['8263f146-5e03-43e0-9cfe-db960d56d1e7'],
    trivy: ['AVD-AZU-0011', 'azure-storage-use-secure-tls-policy'],
  },
  deviations: [
    'A missing `min_tls_version` is reported only when the module pins azurerm below 3.0; azurerm 3.x and 4.x default it to TLS1_2 (KICS agrees; older Checkov versions report it).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['azurerm_storage_account'] },
  check(resource, ctx) {
    const node = resource.body.entries.get('min_tls_version');
    if (node) {
      const value = scalar(node);
      if (typeof value === 'string' && WEAK_TLS.has(value.toUpperCase())) {
        ctx.report({
          node,
          message: `Storage account "${resource.name}" accepts ${value} (min_tls_version = "${value}"): set min_tls_version = "TLS1_2".`,
          fix: { description: 'require TLS 1.2', safe: false, edits: ctx.fix.setValue(node, 'TLS1_2') },
        });
      }
      return;
    }
    if (!azurermPinnedBelow3(ctx)) return; // azurerm >= 3.0 defaults to TLS1_2
    ctx.report({
      message: `Storage account "${resource.name}" does not set min_tls_version, which azurerm 2.x defaults to TLS1_0: add min_tls_version = "TLS1_2".`,
      fix: { description: 'require TLS 1.2', safe: false, edits: ctx.fix.addEntries(resource.body, [{ attr: 'min_tls_version', value: 'TLS1_2' }]) },
    });
  },
});
