import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, stringItems, type MapNode, type ModelNode } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { boolAttr, via } from '../lib/common';
import { fix, replaceValue } from '../lib/fixes';
import { isRegistryModule } from '../lib/modules';

/** Canned ACLs that grant access to everyone (AllUsers) or to every AWS account (AuthenticatedUsers). */
const PUBLIC_CANNED: Record<string, string> = {
  'public-read': 'lets anyone on the internet list and read objects',
  'public-read-write': 'lets anyone on the internet read, write and delete objects',
  'authenticated-read': 'lets every AWS account in the world read objects',
};

const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'everyone (AllUsers)',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'every AWS account (AuthenticatedUsers)',
};

function checkCannedAcl(ctx: CheckContext, owner: string, map: MapNode): void {
  const node = map.entries.get('acl');
  if (node?.kind !== 'scalar' || typeof node.value !== 'string') return;
  const effect = PUBLIC_CANNED[node.value];
  if (!effect) return;
  ctx.report({
    node,
    message: `${owner} uses the canned ACL "${node.value}"${via(node)}, which ${effect}: set acl = "private" and grant access through a bucket policy or CloudFront.`,
    fix: fix('set the ACL to private', false, replaceValue(ctx, node, 'private')),
  });
}

/** `grant { uri = ... }` (inline, v3) and `grantee { uri = ... }` (aws_s3_bucket_acl). */
function checkGrant(ctx: CheckContext, owner: string, uriHolder: MapNode, permissionHolder: MapNode): void {
  const uri: ModelNode | undefined = uriHolder.entries.get('uri');
  if (uri?.kind !== 'scalar' || typeof uri.value !== 'string') return;
  const who = PUBLIC_GROUPS[uri.value];
  if (!who) return;
  const permissions = permissionHolder.entries.get('permissions') ?? permissionHolder.entries.get('permission');
  const names = stringItems(permissions).map((p) => p.value);
  const text = names.length ? ` ${names.join(', ')}` : '';
  ctx.report({
    node: uri,
    message: `${owner} grants${text} access to ${who}: remove this grant.`,
  });
}

export default definePolicy({
  id: 'IAC-AWS-S3-004',
  title: 'S3 bucket ACL grants public access',
  severity: 'high',
  fixable: true,
  description:
    'An S3 bucket (or its aws_s3_bucket_acl) uses the canned ACL public-read, public-read-write or authenticated-read, ' +
    'or grants a permission to the AllUsers or AuthenticatedUsers group.',
  rationale:
    'Public ACLs expose every object in the bucket to the internet (or to anyone with any AWS account); ' +
    'public-read-write also lets strangers upload, overwrite and delete data at the owner\'s expense. ' +
    'Misconfigured public buckets are among the most common causes of cloud data breaches.',
  remediation:
    'Use acl = "private" (or, better, disable ACLs with object ownership BucketOwnerEnforced) and publish ' +
    'content deliberately through a bucket policy scoped to a CloudFront origin access control.',
  compliance: [
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.4.1' },
    { framework: 'PCI DSS 4.0', control: '7.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
    { framework: 'NIST 800-53', control: 'AC-21' },
  ],
  aliases: {
    checkov: ['CKV_AWS_20', 'CKV_AWS_57'],
    kics: ['38c5ee0d-7f22-4260-ab72-5073048df100', '57b9893d-33b1-4419-bcea-a717ea87e139'],
    trivy: ['AVD-AWS-0092', 'aws-s3-no-public-access-with-acl'],
  },
  deviations: [
    'authenticated-read is reported like public-read: "authenticated" means any AWS account, not the owner\'s users.',
    'Explicit grants to the AllUsers / AuthenticatedUsers groups are reported too (without a fix).',
    'A public ACL is reported even when a public access block would neutralise it: the configuration still asks ' +
      'for public access, and AWS rejects it when block_public_acls is on.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_s3_bucket', 'aws_s3_bucket_acl', 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      if (!isRegistryModule(resource, 's3-bucket') || boolAttr(resource.body, 'create_bucket').state === false) return;
      checkCannedAcl(ctx, `Module "${resource.name}" (terraform-aws-modules/s3-bucket)`, resource.body);
      return;
    }
    const owner = resource.type === 'aws_s3_bucket' ? `S3 bucket "${resource.name}"` : `S3 bucket ACL "${resource.name}"`;
    checkCannedAcl(ctx, owner, resource.body);
    if (resource.type === 'aws_s3_bucket') {
      for (const grant of blocks(resource.body, 'grant')) checkGrant(ctx, owner, grant, grant);
      return;
    }
    for (const policy of blocks(resource.body, 'access_control_policy')) {
      for (const grant of blocks(policy, 'grant')) {
        for (const grantee of blocks(grant, 'grantee')) checkGrant(ctx, owner, grantee, grant);
      }
    }
  },
});
