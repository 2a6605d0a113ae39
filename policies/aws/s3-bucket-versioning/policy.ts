import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, isMap, scalar, type MapNode, type ModelNode } from '../../../server/src/engine/core/model';
import { boolAttr, hasDynamicBlock, via } from '../lib/common';
import { companionResource, fix, replaceValue } from '../lib/fixes';
import { isRegistryModule } from '../lib/modules';
import { bucketCompanions, describeBucket } from '../lib/s3';

const VERSIONING = 'aws_s3_bucket_versioning';

/** `versioning_configuration { status = ... }` of a companion: the status node and whether it is Enabled. */
function companionStatus(companion: MapNode): { node?: ModelNode; state: 'enabled' | 'disabled' | 'unknown'; config?: MapNode } {
  if (hasDynamicBlock(companion, 'versioning_configuration')) return { state: 'unknown' };
  const [config] = blocks(companion, 'versioning_configuration');
  const node = config?.entries.get('status');
  if (!node) return { state: 'disabled', config };
  const value = scalar(node);
  if (typeof value !== 'string') return { node, state: node.kind === 'unknown' ? 'unknown' : 'disabled', config };
  return { node, state: value === 'Enabled' ? 'enabled' : 'disabled', config };
}

export default definePolicy({
  id: 'IAC-AWS-S3-002',
  title: 'S3 bucket versioning is not enabled',
  severity: 'medium',
  fixable: true,
  description:
    'An aws_s3_bucket has no versioning enabled: neither an inline versioning block with enabled = true nor an ' +
    'aws_s3_bucket_versioning resource with status "Enabled" refers to it.',
  rationale:
    'Without versioning an overwritten or deleted object is gone: a mistaken deployment, a compromised ' +
    'credential or ransomware that rewrites objects cannot be undone, and object-lock and replication need it.',
  remediation:
    'Add an aws_s3_bucket_versioning resource with versioning_configuration { status = "Enabled" } (AWS provider v4+), ' +
    'or versioning { enabled = true } on provider v3.',
  compliance: [
    { framework: 'SOC 2', control: 'A1.2' },
    { framework: 'HIPAA', control: '164.308(a)(7)(ii)(A)' },
    { framework: 'HIPAA', control: '164.312(c)(1)' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'CP-9' },
  ],
  aliases: {
    checkov: ['CKV_AWS_21'],
    kics: ['568a4d22-3517-44a6-a7ad-6a7eed88722c'],
    trivy: ['AVD-AWS-0090', 'aws-s3-enable-versioning'],
  },
  deviations: [
    'A versioning companion whose bucket argument cannot be resolved may configure any bucket of the module, ' +
      'so no bucket of that module is reported as missing one.',
    'A suspended aws_s3_bucket_versioning is reported on its status, not on the bucket.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_s3_bucket', VERSIONING, 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      if (!isRegistryModule(resource, 's3-bucket') || boolAttr(resource.body, 'create_bucket').state === false) return;
      const input = resource.body.entries.get('versioning');
      if (input && !isMap(input)) return; // an expression we cannot read
      const enabled = isMap(input) ? input.entries.get('enabled') ?? input.entries.get('status') : undefined;
      const value = scalar(enabled);
      if (enabled && (enabled.kind === 'unknown' || value === true || value === 'true' || value === 'Enabled')) return;
      ctx.report({
        node: enabled ?? input,
        message: `Module "${resource.name}" (terraform-aws-modules/s3-bucket) does not enable versioning: set versioning = { enabled = true }.`,
        fix: enabled ? fix('enable versioning', false, replaceValue(ctx, enabled, typeof value === 'string' ? 'Enabled' : true)) : undefined,
      });
      return;
    }

    if (resource.type === VERSIONING) {
      const { node, state, config } = companionStatus(resource.body);
      if (state !== 'disabled') return;
      ctx.report({
        node,
        message: node
          ? `S3 bucket versioning "${resource.name}" sets status = ${JSON.stringify(scalar(node))}${via(node)}, so versioning is off: set status = "Enabled".`
          : `S3 bucket versioning "${resource.name}" sets no versioning status: set versioning_configuration { status = "Enabled" }.`,
        fix: node
          ? fix('set the versioning status to Enabled', false, replaceValue(ctx, node, 'Enabled'))
          : config
            ? fix('set the versioning status to Enabled', false, ctx.fix.addEntries(config, [{ attr: 'status', value: 'Enabled' }]))
            : undefined,
      });
      return;
    }

    // aws_s3_bucket: companions first (they win over the deprecated inline block).
    const { found, ambiguous } = bucketCompanions(ctx, resource, VERSIONING);
    if (found.length || ambiguous) return; // a disabled companion is reported on itself
    if (hasDynamicBlock(resource.body, 'versioning')) return;
    const inline = blocks(resource.body, 'versioning');
    if (inline.length) {
      const block = inline[inline.length - 1];
      const enabled = boolAttr(block, 'enabled');
      if (enabled.state === true || enabled.state === 'unknown') return;
      ctx.report({
        node: enabled.node ?? block,
        message: `${describeBucket(resource)} has versioning disabled: set enabled = true in its versioning block.`,
        fix: fix(
          'enable versioning',
          false,
          enabled.node ? replaceValue(ctx, enabled.node, true) : ctx.fix.addEntries(block, [{ attr: 'enabled', value: true }]),
        ),
      });
      return;
    }
    if (resource.body.entries.has('versioning')) return; // written as an expression
    const text = companionResource(ctx, resource, VERSIONING, 'bucket', ['versioning_configuration {', '  status = "Enabled"', '}']);
    ctx.report({
      message: `${describeBucket(resource)} has no versioning: add an ${VERSIONING} resource with status "Enabled".`,
      fix: fix(`add an ${VERSIONING} resource with status Enabled`, false, ctx.fix.insertAfterResource(resource, text)),
    });
  },
});
