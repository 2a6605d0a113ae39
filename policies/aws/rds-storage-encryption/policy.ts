import { definePolicy } from '../../../server/src/engine/core/policy';
import { boolAttr, hasAttr, stringAttr, via } from '../lib/common';
import { fix, setAttr, replaceValue } from '../lib/fixes';
import { isRegistryModule, pinnedMajor } from '../lib/modules';

/** Attributes that make an instance/cluster copy its encryption from a source (a replica or a snapshot). */
const INHERITS_ENCRYPTION: Record<string, string[]> = {
  aws_db_instance: ['replicate_source_db', 'snapshot_identifier'],
  aws_rds_cluster: ['replication_source_identifier', 'snapshot_identifier'],
};

export default definePolicy({
  id: 'IAC-AWS-RDS-001',
  title: 'RDS storage is not encrypted',
  severity: 'high',
  fixable: true,
  description: 'An aws_db_instance or aws_rds_cluster has storage_encrypted missing (default false) or set to false.',
  rationale:
    'Unencrypted database storage exposes the data, its automated backups, snapshots and read replicas to anyone ' +
    'who obtains a copy of the underlying volumes or a shared snapshot. Encryption cannot be switched on later ' +
    'without rebuilding the database from an encrypted snapshot copy.',
  remediation:
    'Set storage_encrypted = true (optionally with a customer-managed kms_key_id). On an existing database this ' +
    'forces a replacement: migrate through an encrypted snapshot copy.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.3.1' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(2)(iv)' },
    { framework: 'PCI DSS 4.0', control: '3.5.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-28' },
  ],
  aliases: {
    checkov: ['CKV_AWS_16', 'CKV_AWS_96'],
    kics: [
      '08bd0760-8752-44e1-9779-7bb369b2b4e4',
      '3199c26c-7871-4cb3-99c2-10a59244ce7f',
      '1a690d1d-0ae7-49fa-b2db-b75ae0dd1d3e',
    ],
    trivy: ['AVD-AWS-0080', 'aws-rds-encrypt-instance-storage-data', 'AVD-AWS-0079', 'aws-rds-encrypt-cluster-storage-data'],
  },
  deviations: [
    'Aurora Serverless v1 clusters (engine_mode = "serverless") are always encrypted, so a missing storage_encrypted ' +
      'is not reported for them (KICS agrees; Checkov reports).',
    'A kms_key_id without storage_encrypted is taken as encryption asked for (KICS agrees).',
    'Read replicas (replicate_source_db / replication_source_identifier) and restores (snapshot_identifier) inherit ' +
      'encryption from their source, so a missing storage_encrypted is not reported for them; an explicit false is.',
    'terraform-aws-modules/rds calls are reported for storage_encrypted = false, and for leaving it out only when the ' +
      'call pins a major version below 4 (the module encrypts by default since v4.0.0). rds-aurora calls are reported ' +
      'only for an explicit false.',
    'KICS "RDS Database Cluster not Encrypted" reports the aws_db_cluster_snapshot of an unencrypted cluster; we report ' +
      'the cluster itself, so that query is not listed as an alias.',
    'The fix is marked needs-review: changing storage_encrypted replaces the database.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_db_instance', 'aws_rds_cluster', 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      const rds = isRegistryModule(resource, 'rds');
      if (!rds && !isRegistryModule(resource, 'rds-aurora')) return;
      const { state, node } = boolAttr(resource.body, 'storage_encrypted');
      if (state === false && node) {
        ctx.report({
          node,
          message: `Module "${resource.name}" sets storage_encrypted = false${via(node)}: set it to true (this replaces an existing database).`,
          fix: fix('enable storage encryption', false, replaceValue(ctx, node, true)),
        });
        return;
      }
      // terraform-aws-modules/rds encrypts by default since v4; a call pinned to an older major does not.
      const major = pinnedMajor(resource);
      if (state === 'absent' && rds && major !== undefined && major < 4) {
        ctx.report({
          message: `Module "${resource.name}" (terraform-aws-modules/rds v${major}) does not encrypt storage by default: add storage_encrypted = true (this replaces an existing database).`,
          fix: fix('enable storage encryption', false, ctx.fix.addEntries(resource.body, [{ attr: 'storage_encrypted', value: true }])),
        });
      }
      return;
    }
    const kind = resource.type === 'aws_db_instance' ? 'RDS instance' : 'RDS cluster';
    const { state, node } = boolAttr(resource.body, 'storage_encrypted');
    if (state === true || state === 'unknown') return;
    if (state === 'absent') {
      if (hasAttr(resource.body, 'kms_key_id')) return;
      if (INHERITS_ENCRYPTION[resource.type].some((attr) => hasAttr(resource.body, attr))) return;
      const mode = resource.body.entries.get('engine_mode');
      if (stringAttr(resource.body, 'engine_mode') === 'serverless' || mode?.kind === 'unknown') return;
    }
    ctx.report({
      node: state === false ? node : undefined,
      message:
        state === false
          ? `${kind} "${resource.name}" sets storage_encrypted = false${via(node)}: set it to true (this replaces an existing database).`
          : `${kind} "${resource.name}" does not encrypt its storage: add storage_encrypted = true (this replaces an existing database).`,
      fix: fix('enable storage encryption', false, setAttr(ctx, resource.body, 'storage_encrypted', true, node)),
    });
  },
});
