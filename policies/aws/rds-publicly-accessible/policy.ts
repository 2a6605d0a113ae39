import { definePolicy } from '../../../server/src/engine/core/policy';
import { boolAttr, via } from '../lib/common';
import { fix, replaceValue } from '../lib/fixes';
import { isRegistryModule } from '../lib/modules';

export default definePolicy({
  id: 'IAC-AWS-RDS-002',
  title: 'RDS database is publicly accessible',
  severity: 'high',
  fixable: true,
  description: 'An aws_db_instance or aws_rds_cluster_instance sets publicly_accessible = true.',
  rationale:
    'A publicly accessible database gets a public DNS name and IP address: its listener can be reached from the ' +
    'internet wherever the security group allows it, exposing it to credential stuffing and engine vulnerabilities.',
  remediation:
    'Set publicly_accessible = false and reach the database from inside the VPC (application subnets, a bastion, ' +
    'SSM port forwarding or a VPN).',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.3.3' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'PCI DSS 4.0', control: '1.4.4' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-3' },
  ],
  aliases: {
    checkov: ['CKV_AWS_17'],
    kics: ['35113e6f-2c6b-414d-beec-7a9482d3b2d1'],
    trivy: ['AVD-AWS-0082', 'aws-rds-no-public-db-access'],
  },
  deviations: [
    'aws_rds_cluster_instance (Aurora) is covered too; KICS only looks at aws_db_instance.',
    'The fix is marked needs-review: clients that connect over the public endpoint lose access.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_db_instance', 'aws_rds_cluster_instance', 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module' && !isRegistryModule(resource, 'rds') && !isRegistryModule(resource, 'rds-aurora')) return;
    const { state, node } = boolAttr(resource.body, 'publicly_accessible');
    if (state !== true || !node) return;
    const what = resource.kind === 'module' ? `Module "${resource.name}"` : resource.type === 'aws_db_instance' ? `RDS instance "${resource.name}"` : `RDS cluster instance "${resource.name}"`;
    ctx.report({
      node,
      message: `${what} is publicly accessible${via(node)}: set publicly_accessible = false and connect from inside the VPC.`,
      fix: fix('make the database private', false, replaceValue(ctx, node, false)),
    });
  },
});
