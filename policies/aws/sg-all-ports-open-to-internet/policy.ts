import { definePolicy } from '../../../server/src/engine/core/policy';
import { opensAllPorts, reportOpenIngress, SG_RESOURCE_TYPES } from '../lib/network';

export default definePolicy({
  id: 'IAC-AWS-EC2-003',
  title: 'Security group allows all ports from the internet',
  severity: 'critical',
  description:
    'A security group ingress rule allows all traffic (protocol -1) or every TCP/UDP port (0-65535) from 0.0.0.0/0 ' +
    'or ::/0.',
  rationale:
    'Every service listening on the instances behind the group, including databases, admin consoles and debug ' +
    'ports that were never meant to be reachable, is exposed to the whole internet.',
  remediation:
    'Open only the ports the service needs (e.g. 443), and only to the sources that need them; put public services ' +
    'behind a load balancer.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '5.2' },
    { framework: 'CIS AWS Foundations 1.5', control: '5.3' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'PCI DSS 4.0', control: '1.2.5' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'CM-7' },
  ],
  aliases: {
    checkov: ['CKV_AWS_277'],
    trivy: ['AVD-AWS-0107', 'aws-ec2-no-public-ingress-sgr'],
  },
  deviations: [
    'No KICS query is this exact check: KICS "Unrestricted Security Group Ingress" reports internet ingress on any ' +
      'port, so it is not listed as an alias.',
    'A TCP or UDP range 1-65535 counts as all ports, like 0-65535.',
    'A rule that opens all ports from the internet is also reported by IAC-AWS-EC2-001 and IAC-AWS-EC2-002, since it ' +
      'opens SSH and RDP too (Checkov does the same with CKV_AWS_24/25).',
    'There is no automatic fix: which ports should stay open is a decision.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: SG_RESOURCE_TYPES },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    reportOpenIngress(
      resource,
      (options) => ctx.report(options),
      opensAllPorts,
      'all ports',
      'open only the ports the service needs, to the sources that need them.',
    );
  },
});
