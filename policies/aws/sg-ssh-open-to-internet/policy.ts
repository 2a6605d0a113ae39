import { definePolicy } from '../../../server/src/engine/core/policy';
import { opensPort, reportOpenIngress, SG_RESOURCE_TYPES } from '../lib/network';

export default definePolicy({
  id: 'IAC-AWS-EC2-001',
  title: 'Security group allows SSH from the internet',
  severity: 'high',
  description:
    'A security group ingress rule opens TCP port 22 (directly, through a port range that contains it, or with ' +
    'protocol -1) to 0.0.0.0/0 or ::/0.',
  rationale:
    'SSH exposed to the whole internet is scanned and brute-forced within minutes of creation; a weak key, a leaked ' +
    'key or an sshd vulnerability then gives an attacker a shell inside the VPC.',
  remediation:
    'Restrict the rule\'s source to the CIDRs of a bastion, VPN or office, or remove it and reach instances with ' +
    'AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint.',
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
    checkov: ['CKV_AWS_24'],
    kics: ['65905cec-d691-4320-b320-2000436cb696'],
    trivy: ['AVD-AWS-0107', 'aws-ec2-no-public-ingress-sgr'],
  },
  deviations: [
    'Only 0.0.0.0/0 and ::/0 count as "the internet" (like KICS and Checkov); wide but smaller public ranges are not reported.',
    'UDP rules on port 22 are not SSH and are not reported; protocol -1 (all traffic) is.',
    'Trivy AVD-AWS-0107 reports public ingress on any port; it is listed so that its suppressions apply here too.',
    'KICS test files put `ingress { }` blocks inside terraform-aws-modules/security-group module calls, which ' +
      'Terraform rejects (module calls take no nested blocks); we read that module\'s real inputs instead ' +
      '(ingress_rules with ingress_cidr_blocks, ingress_with_cidr_blocks, the ssh submodule).',
    'There is no automatic fix: which sources should keep access is a decision.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: SG_RESOURCE_TYPES },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    reportOpenIngress(
      resource,
      (options) => ctx.report(options),
      (rule) => opensPort(rule, 22, ['tcp']),
      'SSH (port 22)',
      'restrict the source to known CIDRs, or use SSM Session Manager instead of open SSH.',
    );
  },
});
