import { definePolicy } from '../../../server/src/engine/core/policy';
import { checkNsgExposure } from '../_shared/nsg-exposure';

export default definePolicy({
  id: 'IAC-AZURE-NSG-002',
  title: 'Azure network security group allows RDP from the internet',
  severity: 'high',
  description:
    'An inbound Allow rule for TCP (or any protocol) whose destination ports include 3389 accepts traffic from any internet address (`*`, `0.0.0.0`, a `/0` prefix, `Internet` or `Any`), either as an `azurerm_network_security_rule` or as an inline `security_rule` of an `azurerm_network_security_group`.',
  rationale:
    'Internet-facing RDP is one of the most common ransomware entry points: it is brute-forced constantly and has had wormable pre-authentication vulnerabilities (BlueKeep).',
  remediation:
    'Restrict `source_address_prefix(es)` to the addresses that need RDP, or remove the rule and reach machines through Azure Bastion, a VPN or just-in-time VM access.',
  compliance: [
    { framework: 'CIS Azure Foundations 2.0', control: '6.1' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(e)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-17' },
  ],
  aliases: {
    checkov: ['CKV_AZURE_9'],
    kics: ['efbf6449-5ec5-4cfe-8f15-acc51e0d787c'],
    trivy: ['AVD-AZU-0048', 'azure-network-disable-rdp-from-internet'],
  },
  deviations: [
    'UDP-only rules are not reported (RDP needs TCP 3389; UDP 3389 only accelerates an established session), as in KICS and Checkov. Trivy also reports UDP.',
    'The finding is on the destination port value that includes 3389 (KICS reports the `destination_port_range` line too).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['azurerm_network_security_rule', 'azurerm_network_security_group'] },
  check(resource, ctx) {
    checkNsgExposure(resource, ctx, {
      port: 3389,
      service: 'RDP',
      advice: 'restrict source_address_prefix to known addresses, or use Azure Bastion or a VPN.',
    });
  },
});
