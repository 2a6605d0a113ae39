import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, type MapNode, type Resource } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { boolAttr, hasAttr, via } from '../lib/common';
import { fix, setAttr, replaceValue } from '../lib/fixes';

/** `aws_ebs_encryption_by_default { enabled = true }` in the module encrypts every new volume of the region. */
function encryptedByDefault(ctx: CheckContext): boolean {
  return ctx.resources('aws_ebs_encryption_by_default').some((r) => boolAttr(r.body, 'enabled').state !== false);
}

/**
 * Checks one volume description (a volume, a block device block, a launch template `ebs` block):
 * encrypted = false is always reported; a missing `encrypted` only when neither a snapshot nor
 * the account default decides it.
 */
function checkVolume(ctx: CheckContext, map: MapNode, what: string, reportMissingOn: MapNode | undefined, defaultOn: boolean): void {
  const { state, node } = boolAttr(map, 'encrypted');
  if (state === true || state === 'unknown') return;
  if (state === false && node) {
    ctx.report({
      node,
      message: `${what} sets encrypted = false${via(node)}: set it to true (the volume is replaced).`,
      fix: fix('encrypt the volume', false, replaceValue(ctx, node, node.kind === 'scalar' && typeof node.value === 'string' ? 'true' : true)),
    });
    return;
  }
  // Absent: a volume from a snapshot takes the snapshot's encryption; the account default may encrypt it.
  if (defaultOn || hasAttr(map, 'snapshot_id')) return;
  ctx.report({
    node: reportMissingOn,
    message: `${what} is not encrypted: add encrypted = true (the volume is replaced).`,
    fix: fix('encrypt the volume', false, setAttr(ctx, map, 'encrypted', true)),
  });
}

function label(resource: Resource): string {
  switch (resource.type) {
    case 'aws_ebs_volume':
      return `EBS volume "${resource.name}"`;
    case 'aws_instance':
      return `EC2 instance "${resource.name}"`;
    case 'aws_launch_configuration':
      return `Launch configuration "${resource.name}"`;
    default:
      return `Launch template "${resource.name}"`;
  }
}

export default definePolicy({
  id: 'IAC-AWS-EBS-001',
  title: 'EBS volume is not encrypted',
  severity: 'high',
  fixable: true,
  description:
    'An aws_ebs_volume does not set encrypted = true, or a root_block_device / ebs_block_device of an aws_instance or ' +
    'aws_launch_configuration (or an ebs block of an aws_launch_template) leaves encryption off.',
  rationale:
    'Unencrypted EBS volumes expose their data, and every snapshot taken from them, to anyone who gets a copy of ' +
    'the snapshot (shared by mistake, copied across accounts) or of the underlying storage.',
  remediation:
    'Set encrypted = true (optionally with a customer-managed kms_key_id), or turn on EBS encryption by default ' +
    'for the account and region with aws_ebs_encryption_by_default.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '2.2.1' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(2)(iv)' },
    { framework: 'PCI DSS 4.0', control: '3.5.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-28' },
  ],
  aliases: {
    checkov: ['CKV_AWS_3', 'CKV_AWS_8'],
    kics: ['cc997676-481b-4e93-aa81-d19f8c5e9b12'],
    trivy: ['AVD-AWS-0026', 'aws-ec2-enable-volume-encryption', 'AVD-AWS-0131', 'aws-ec2-enable-at-rest-encryption'],
  },
  deviations: [
    'An aws_ebs_encryption_by_default resource in the module (enabled unless set to false) makes volumes without an ' +
      'encrypted argument count as encrypted; an explicit encrypted = false is still reported.',
    'A volume or block device created from a snapshot_id without an encrypted argument inherits the snapshot\'s ' +
      'encryption and is not reported.',
    'An instance or launch configuration without any root_block_device block is not reported (the AMI and the ' +
      'account default decide); Trivy AVD-AWS-0131 reports it.',
    'The fix is marked needs-review: changing encryption replaces the volume (and, for a root device, the instance).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_ebs_volume', 'aws_instance', 'aws_launch_configuration', 'aws_launch_template'] },
  check(resource, ctx) {
    const what = label(resource);
    const defaultOn = encryptedByDefault(ctx);
    if (resource.type === 'aws_ebs_volume') {
      checkVolume(ctx, resource.body, what, undefined, defaultOn);
      return;
    }
    if (resource.type === 'aws_launch_template') {
      for (const mapping of blocks(resource.body, 'block_device_mappings')) {
        const device = mapping.entries.get('device_name');
        const name = device?.kind === 'scalar' ? ` device ${String(device.value)}` : '';
        for (const ebs of blocks(mapping, 'ebs')) checkVolume(ctx, ebs, `${what}${name}`, ebs, defaultOn);
      }
      return;
    }
    for (const root of blocks(resource.body, 'root_block_device')) checkVolume(ctx, root, `${what} root volume`, root, defaultOn);
    for (const device of blocks(resource.body, 'ebs_block_device')) {
      const name = device.entries.get('device_name');
      const suffix = name?.kind === 'scalar' ? ` (${String(name.value)})` : '';
      checkVolume(ctx, device, `${what} EBS volume${suffix}`, device, defaultOn);
    }
  },
});
