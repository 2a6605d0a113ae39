import { definePolicy } from '../../../server/src/engine/core/policy';
import { checkNsgExposure } from '../_shared/nsg-exposure';

export default definePolicy({
  id: 'IAC-AZURE-NSG-001',
  title: 'Azure network security group allows SSH from the internet',
  severity: 'high',
  description:
    'An inbound Allow rule for TCP (or any protocol) whose destination ports include 22 accepts traffic from any internet address (`*`, `0.0.0.0`, a `/0` prefix, `Internet` or `Any`), either as an `azurerm_network_security_rule` or as an inline `security_rule` of an `azurerm_network_security_group`.',
  rationale:
    'SSH reachable from the whole internet is scanned and brute-forced within minutes of going live; one weak key or an SSH vulnerability then gives an attacker a shell inside the virtual network.',
  remediation:
    'Restrict `source_address_prefix(es)` to the addresses that need SSH, or remove the rule and reach machines through Azure Bastion, a VPN or just-in-time VM access.',
  compliance: [
    { framework: 'CIS Azure Foundations 2.0', control: '6.2' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(e)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-17' },
  ],
  aliases: {
    checkov: ['CKV_AZURE_10'],
    kics: ['3e3c175e-aadf-4e2b-a464-3fdac5748d24'],
    trivy: ['AVD-AZU-0050', 'azure-network-ssh-blocked-from-internet'],
  },
  deviations: [
    'UDP rules are not reported (SSH is TCP only), as in KICS and Checkov.',
    'The finding is on the destination port value that includes 22 (KICS reports the `destination_port_range` line too).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['azurerm_network_security_rule', 'azurerm_network_security_group'] },
  check(resource, ctx) {
    checkNsgExposure(resource, ctx, {
      port: 22,
      service: 'SSH',
      advice: 'restrict source_address_prefix to known addresses, or use Azure Bastion or a VPN.',
    });
  },
});
