import { definePolicy } from '../../../server/src/engine/core/policy';
import { opensPort, reportOpenIngress, SG_RESOURCE_TYPES } from '../lib/network';

export default definePolicy({
  id: 'IAC-AWS-EC2-002',
  title: 'Security group allows RDP from the internet',
  severity: 'high',
  description:
    'A security group ingress rule opens port 3389 (TCP or UDP, directly, through a port range that contains it, or ' +
    'with protocol -1) to 0.0.0.0/0 or ::/0.',
  rationale:
    'Remote Desktop exposed to the internet is a favourite entry point of ransomware operators: it is brute-forced ' +
    'continuously and has had pre-authentication vulnerabilities (BlueKeep).',
  remediation:
    'Restrict the rule\'s source to the CIDRs of a VPN or bastion, or remove it and use AWS Systems Manager ' +
    'Fleet Manager / Session Manager port forwarding.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '5.2' },
    { framework: 'CIS AWS Foundations 1.5', control: '5.3' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-17' },
  ],
  aliases: {
    checkov: ['CKV_AWS_25'],
    kics: ['151187cb-0efc-481c-babd-ad24e3c9bc22'],
    trivy: ['AVD-AWS-0107', 'aws-ec2-no-public-ingress-sgr'],
  },
  deviations: [
    'Only 0.0.0.0/0 and ::/0 count as "the internet". KICS also reports "1.0.0.0/0" (which, with a /0 prefix, is the ' +
      'whole IPv4 space written non-canonically) but not "0.1.0.0/0"; we report neither spelling.',
    'UDP 3389 is reported too: RDP uses it as a transport, and CIS counts TCP, UDP and all-protocol rules.',
    'Trivy AVD-AWS-0107 reports public ingress on any port; it is listed so that its suppressions apply here too.',
    'There is no automatic fix: which sources should keep access is a decision.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: SG_RESOURCE_TYPES },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    reportOpenIngress(
      resource,
      (options) => ctx.report(options),
      (rule) => opensPort(rule, 3389, ['tcp', 'udp']),
      'RDP (port 3389)',
      'restrict the source to known CIDRs (VPN, bastion) or use SSM port forwarding.',
    );
  },
});
