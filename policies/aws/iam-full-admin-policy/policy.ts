import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, stringItems, type ModelNode } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { itemOrUsage } from '../lib/common';
import { adminStatements, policyDocument } from '../lib/iam';

const LABELS: Record<string, string> = {
  aws_iam_policy: 'IAM policy',
  aws_iam_role_policy: 'IAM role policy',
  aws_iam_user_policy: 'IAM user policy',
  aws_iam_group_policy: 'IAM group policy',
  aws_iam_role: 'IAM role',
};

const ADVICE = 'grant only the actions and resources the principal needs (or attach a reviewed AWS managed policy).';

function checkDocument(ctx: CheckContext, node: ModelNode | undefined, owner: string): void {
  const document = policyDocument(node);
  if (!document || !node) return;
  for (const statement of adminStatements(document)) {
    ctx.report({
      // Inside a JSON string the statement has no position of its own: the policy value is the most precise range.
      range: statement.range ?? node.range,
      file: node.file,
      message: `${owner} allows every action ("*") on every resource ("*") in ${statement.label}: ${ADVICE}`,
    });
  }
}

export default definePolicy({
  id: 'IAC-AWS-IAM-001',
  title: 'IAM policy grants full administrative privileges',
  severity: 'critical',
  description:
    'An IAM policy document has a statement with Effect "Allow", Action "*" and Resource "*": in aws_iam_policy, ' +
    'aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, an aws_iam_role inline_policy, or a ' +
    'data "aws_iam_policy_document" statement.',
  rationale:
    'A principal with "*" on "*" can do anything in the account: read every secret, disable CloudTrail, create ' +
    'users and keys, and delete data. A single compromised credential or SSRF on a workload holding it becomes a ' +
    'full account takeover, and least privilege cannot be audited.',
  remediation:
    'List the actions and resources the principal actually needs (IAM Access Analyzer can generate a policy from ' +
    'CloudTrail activity). Keep administrator access for a few break-glass roles that use AWS\'s AdministratorAccess.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '1.16' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'SOC 2', control: 'CC6.3' },
    { framework: 'HIPAA', control: '164.308(a)(4)(ii)(B)' },
    { framework: 'PCI DSS 4.0', control: '7.2.1' },
    { framework: 'GDPR', control: 'Art. 25' },
    { framework: 'NIST 800-53', control: 'AC-6' },
  ],
  aliases: {
    checkov: ['CKV_AWS_62', 'CKV_AWS_1'],
    kics: ['2f37c4a3-58b9-4afe-8a87-d7f1d2286f84', '575a2155-6af1-4026-b1af-d5bc8fe2a904'],
    trivy: ['AVD-AWS-0057', 'aws-iam-no-policy-wildcards'],
  },
  deviations: [
    'Trivy AVD-AWS-0057 reports any wildcard in actions or resources; it is listed so that its suppressions apply, ' +
      'but we report only the full "*" on "*" grant.',
    'KICS "IAM Role With Full Privileges" looks at assume_role_policy (a trust policy, where "*" actions mean something ' +
      'else); it is not this check and is not listed.',
    'Statements whose Effect, Action or Resource are not literal (variables, references) are not judged. In a ' +
      'jsonencode() that also holds such values, the literal statements are still read from the source.',
    'A statement with Action "*" on Resource "*" is reported even with a Condition: the condition narrows when, not ' +
      'what, the principal may do.',
    'There is no automatic fix: the needed permissions are a decision.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: [...Object.keys(LABELS), 'aws_iam_policy_document'] },
  kinds: ['resource', 'data'],
  check(resource, ctx) {
    if (resource.kind === 'data') {
      if (resource.type !== 'aws_iam_policy_document') return;
      for (const [index, statement] of blocks(resource.body, 'statement').entries()) {
        const effect = statement.entries.get('effect');
        if (effect && !(effect.kind === 'scalar' && effect.value === 'Allow')) continue; // default Allow
        const actions = statement.entries.get('actions');
        const action = stringItems(actions).find((a) => a.value.trim() === '*');
        const resourceStar = stringItems(statement.entries.get('resources')).some((r) => r.value.trim() === '*');
        if (!action || !resourceStar) continue;
        const sid = statement.entries.get('sid');
        const label = sid?.kind === 'scalar' && sid.value ? `statement "${String(sid.value)}"` : `statement ${index + 1}`;
        ctx.report({
          node: itemOrUsage(action.node, actions),
          message: `IAM policy document "${resource.name}" allows every action ("*") on every resource ("*") in ${label}: ${ADVICE}`,
        });
      }
      return;
    }
    if (resource.type === 'aws_iam_role') {
      for (const inline of blocks(resource.body, 'inline_policy')) {
        checkDocument(ctx, inline.entries.get('policy'), `IAM role "${resource.name}" inline policy`);
      }
      return;
    }
    if (resource.type === 'aws_iam_policy_document') return;
    checkDocument(ctx, resource.body.entries.get('policy'), `${LABELS[resource.type]} "${resource.name}"`);
  },
});
