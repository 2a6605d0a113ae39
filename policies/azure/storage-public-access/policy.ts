import { definePolicy } from '../../../server/src/engine/core/policy';
import { asBool, scalar } from '../../../server/src/engine/core/model';
import { azurermPinnedBelow3 } from '../_shared/azurerm-version';

const PUBLIC_CONTAINER_ACCESS = new Set(['blob', 'container']);

export default definePolicy({
  id: 'IAC-AZURE-STORAGE-001',
  title: 'Azure storage allows anonymous public blob access',
  severity: 'high',
  fixable: true,
  description:
    'A storage account lets its containers be made public (`allow_nested_items_to_be_public` / legacy `allow_blob_public_access` true, or unset where azurerm 3.x/4.x defaults it to true), or a storage container is public (`container_access_type` "blob" or "container").',
  rationale:
    'Anonymous read access exposes every blob of a public container to anyone who can guess or find its URL, without authentication or logging of who read it. Disallowing it at the account level is the guard rail that stops a single container from being made public by mistake.',
  remediation:
    'Set `allow_nested_items_to_be_public = false` (azurerm 3.x/4.x) or `allow_blob_public_access = false` (azurerm 2.x) on the storage account and `container_access_type = "private"` on its containers; serve public content through a CDN or SAS tokens instead.',
  compliance: [
    { framework: 'CIS Azure Foundations 2.0', control: '3.7' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '7.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
  ],
  aliases: {
    checkov: ['CKV_AZURE_190', 'CKV_AZURE_34'],
    kics: ['dd5230f8-a577-4bbb-b7ac-f2c2fe7d5299'],
    trivy: ['AVD-AZU-0007', 'azure-storage-no-public-access'],
  },
  deviations: [
    'A storage account without `allow_nested_items_to_be_public` is reported, because azurerm 3.x and 4.x default it to true (Checkov CKV_AZURE_190 agrees). It is not reported when the module pins azurerm below 3.0, or when the legacy `allow_blob_public_access` is written (its 2.x default is false).',
    'KICS "Public Storage Account" (17f75827-0684-48f4-8747-61129c7e4198) is not mapped: it mostly checks network rules (`default_action`, `ip_rules`), a different control.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['azurerm_storage_account', 'azurerm_storage_container'] },
  check(resource, ctx) {
    const body = resource.body;
    if (resource.type === 'azurerm_storage_container') {
      const access = body.entries.get('container_access_type');
      const value = scalar(access);
      if (access && typeof value === 'string' && PUBLIC_CONTAINER_ACCESS.has(value.toLowerCase())) {
        ctx.report({
          node: access,
          message: `Storage container "${resource.name}" allows anonymous public read access (container_access_type = "${value}"): set container_access_type = "private".`,
          fix: { description: 'make the container private', safe: false, edits: ctx.fix.setValue(access, 'private') },
        });
      }
      return;
    }

    for (const key of ['allow_nested_items_to_be_public', 'allow_blob_public_access']) {
      const node = body.entries.get(key);
      if (!node) continue;
      if (asBool(node) === true) {
        ctx.report({
          node,
          message: `Storage account "${resource.name}" allows its containers and blobs to be made public (${key} = true): set ${key} = false.`,
          fix: { description: 'disallow public blob access', safe: false, edits: ctx.fix.setValue(node, false) },
        });
      }
      return; // written (true, false or unknown): the default does not apply
    }
    if (azurermPinnedBelow3(ctx)) return; // azurerm 2.x: allow_blob_public_access defaults to false
    ctx.report({
      message: `Storage account "${resource.name}" does not set allow_nested_items_to_be_public, which azurerm defaults to true: add allow_nested_items_to_be_public = false.`,
      fix: {
        description: 'disallow public blob access',
        safe: false,
        edits: ctx.fix.addEntries(body, [{ attr: 'allow_nested_items_to_be_public', value: false }]),
      },
    });
  },
});
