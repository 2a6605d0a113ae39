import { definePolicy, type CheckContext } from '../../../server/src/engine/core/policy';
import { blocks, isUnknown, scalar, type ModelNode, type Resource } from '../../../server/src/engine/core/model';

const PUBLIC_PRINCIPALS = new Set(['allusers', 'allauthenticatedusers']);
/** Canned bucket ACLs that grant every (authenticated) Google user access. */
const PUBLIC_PREDEFINED_ACLS = new Set(['publicread', 'publicreadwrite', 'authenticatedread']);

function publicMembers(node: ModelNode | undefined): { node: ModelNode; value: string }[] {
  if (!node) return [];
  const items = node.kind === 'list' ? node.items : [node];
  const out: { node: ModelNode; value: string }[] = [];
  for (const item of items) {
    const v = scalar(item);
    if (typeof v === 'string' && PUBLIC_PRINCIPALS.has(v.trim().toLowerCase())) out.push({ node: item, value: v.trim() });
  }
  return out;
}

/** `READER:allUsers` style entries of `role_entity`. */
function publicRoleEntities(node: ModelNode | undefined): { node: ModelNode; value: string }[] {
  if (!node || node.kind !== 'list') return [];
  const out: { node: ModelNode; value: string }[] = [];
  for (const item of node.items) {
    const v = scalar(item);
    if (typeof v !== 'string') continue;
    const entity = v.slice(v.indexOf(':') + 1).trim().toLowerCase();
    if (PUBLIC_PRINCIPALS.has(entity)) out.push({ node: item, value: v });
  }
  return out;
}

/** `policy_data = data.google_iam_policy.x.policy_data`: the bindings of that data source. */
function checkIamPolicy(resource: Resource, ctx: CheckContext): void {
  const policyData = resource.body.entries.get('policy_data');
  if (!isUnknown(policyData)) return;
  const refs = policyData.refs ?? [];
  for (const source of ctx.resources('google_iam_policy')) {
    if (source.kind !== 'data' || !refs.some((r) => r === source.address || r.startsWith(`${source.address}.`))) continue;
    for (const binding of blocks(source.body, 'binding')) {
      const role = scalar(binding.entries.get('role'));
      for (const member of publicMembers(binding.entries.get('members'))) {
        ctx.report({
          node: member.node,
          message: `Bucket IAM policy "${resource.name}" grants ${typeof role === 'string' ? role : 'a role'} to ${member.value} through ${source.address}: remove ${member.value} from the binding.`,
        });
      }
    }
  }
}

export default definePolicy({
  id: 'IAC-GCP-GCS-001',
  title: 'GCS bucket is publicly accessible',
  severity: 'high',
  description:
    'A Cloud Storage bucket grants access to `allUsers` (anyone on the internet) or `allAuthenticatedUsers` (any Google account) through `google_storage_bucket_iam_member` / `_binding` / `_policy`, a public `predefined_acl`, or a `role_entity` of `google_storage_bucket_acl` / `google_storage_default_object_acl`.',
  rationale:
    '`allUsers` makes the granted objects readable (or writable) without authentication; `allAuthenticatedUsers` is just as public, since anyone can create a Google account. Public buckets are a leading cause of cloud data leaks.',
  remediation:
    'Remove `allUsers` / `allAuthenticatedUsers` from the bucket\'s IAM members and ACLs and grant access to specific users, groups or service accounts; serve public content through Cloud CDN or signed URLs.',
  compliance: [
    { framework: 'CIS GCP Foundations 2.0', control: '5.1' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'HIPAA', control: '164.312(a)(1)' },
    { framework: 'PCI DSS 4.0', control: '7.2.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'AC-3' },
  ],
  aliases: {
    checkov: ['CKV_GCP_28'],
    kics: ['a6cd52a1-3056-4910-96a5-894de9f3f3b3', 'c010082c-76e0-4b91-91d9-6e8439e455dd'],
    trivy: ['AVD-GCP-0001', 'google-storage-no-public-access'],
  },
  deviations: [
    'An IAM binding with an empty `members` list is not reported (nothing is granted); KICS a6cd52a1 reports it.',
    'Each public member is reported at its own list item rather than at the `members` attribute.',
    'Object-level ACLs (`google_storage_object_acl`) are out of scope: this policy is about bucket-wide access.',
  ],
  formats: ['terraform'],
  resourceTypes: {
    terraform: [
      'google_storage_bucket_iam_member',
      'google_storage_bucket_iam_binding',
      'google_storage_bucket_iam_policy',
      'google_storage_bucket_acl',
      'google_storage_default_object_acl',
    ],
  },
  check(resource, ctx) {
    const body = resource.body;
    switch (resource.type) {
      case 'google_storage_bucket_iam_member':
      case 'google_storage_bucket_iam_binding': {
        const role = scalar(body.entries.get('role'));
        const roleText = typeof role === 'string' ? role : 'a role';
        // `members` on an iam_member is invalid but seen in the wild (and in KICS tests); read both.
        for (const key of ['member', 'members']) {
          for (const member of publicMembers(body.entries.get(key))) {
            ctx.report({
              node: member.node,
              message: `Bucket IAM ${resource.type.endsWith('binding') ? 'binding' : 'member'} "${resource.name}" grants ${roleText} to ${member.value}: grant it to specific users, groups or service accounts instead.`,
            });
          }
        }
        return;
      }
      case 'google_storage_bucket_iam_policy':
        checkIamPolicy(resource, ctx);
        return;
      default: {
        // google_storage_bucket_acl, google_storage_default_object_acl
        const predefined = body.entries.get('predefined_acl');
        const acl = scalar(predefined);
        if (predefined && typeof acl === 'string' && PUBLIC_PREDEFINED_ACLS.has(acl.toLowerCase())) {
          ctx.report({
            node: predefined,
            message: `Bucket ACL "${resource.name}" uses the public predefined ACL "${acl}": use "private" or "projectPrivate".`,
          });
        }
        for (const entry of publicRoleEntities(body.entries.get('role_entity'))) {
          ctx.report({
            node: entry.node,
            message: `${resource.type === 'google_storage_bucket_acl' ? 'Bucket ACL' : 'Default object ACL'} "${resource.name}" grants "${entry.value}": remove the allUsers / allAuthenticatedUsers entry.`,
          });
        }
      }
    }
  },
});
