import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { hasDynamicBlock, stringAttr, via } from '../lib/common';
import { fix, replaceValue } from '../lib/fixes';

/** `aws_ec2_instance_metadata_defaults { http_tokens = "required" }` makes IMDSv2 the account default. */
function accountRequiresTokens(ctx: CheckContext): boolean {
  return ctx.resources('aws_ec2_instance_metadata_defaults').some((r) => stringAttr(r.body, 'http_tokens') === 'required');
}

const LABELS: Record<string, string> = {
  aws_instance: 'EC2 instance',
  aws_launch_template: 'Launch template',
  aws_launch_configuration: 'Launch configuration',
};

export default definePolicy({
  id: 'IAC-AWS-EC2-004',
  title: 'EC2 instance metadata service does not require IMDSv2',
  severity: 'medium',
  fixable: true,
  description:
    'An aws_instance, aws_launch_template or aws_launch_configuration does not set metadata_options { http_tokens = ' +
    '"required" }, so the instance metadata service also answers IMDSv1 requests without a session token.',
  rationale:
    'IMDSv1 answers any GET request, so a server-side request forgery (SSRF) or an open proxy on the instance lets an ' +
    'attacker read the instance role\'s temporary credentials (the Capital One breach). IMDSv2 requires a PUT-issued ' +
    'session token that such requests cannot obtain.',
  remediation:
    'Add metadata_options { http_tokens = "required" } (keep http_endpoint = "enabled" if the instance uses the ' +
    'metadata service), after checking that the software on the instance uses an AWS SDK recent enough for IMDSv2.',
  compliance: [
    { framework: 'CIS AWS Foundations 2.0', control: '5.6' },
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'PCI DSS 4.0', control: '2.2.6' },
    { framework: 'NIST 800-53', control: 'AC-3' },
    { framework: 'NIST 800-53', control: 'SC-7' },
  ],
  aliases: {
    checkov: ['CKV_AWS_79'],
    trivy: ['AVD-AWS-0028', 'aws-ec2-enforce-http-token-imds', 'AVD-AWS-0130', 'aws-ec2-enforce-launch-config-http-token-imds'],
  },
  deviations: [
    'The KICS suite we compare with has no Terraform query for IMDSv2, so no KICS alias is listed.',
    'http_endpoint = "disabled" (no metadata service at all) is compliant.',
    'An aws_ec2_instance_metadata_defaults resource with http_tokens = "required" in the module makes IMDSv2 the ' +
      'account default, so resources that leave metadata_options out are not reported.',
    'The fix is marked needs-review: software using IMDSv1 (old SDKs, some agents) stops receiving credentials.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'] },
  check(resource, ctx) {
    const what = `${LABELS[resource.type]} "${resource.name}"`;
    if (hasDynamicBlock(resource.body, 'metadata_options')) return;
    const options = blocks(resource.body, 'metadata_options');
    if (!options.length) {
      if (resource.body.entries.has('metadata_options') || accountRequiresTokens(ctx)) return;
      ctx.report({
        message: `${what} allows IMDSv1: add metadata_options { http_tokens = "required" }.`,
        fix: fix(
          'require IMDSv2 session tokens',
          false,
          ctx.fix.addEntries(resource.body, [{ block: 'metadata_options', body: [{ attr: 'http_tokens', value: 'required' }] }]),
        ),
      });
      return;
    }
    const block = options[options.length - 1];
    if (stringAttr(block, 'http_endpoint') === 'disabled') return;
    const tokens = block.entries.get('http_tokens');
    if (tokens && (tokens.kind !== 'scalar' || tokens.value === 'required')) return; // unknown, or compliant
    if (!tokens && accountRequiresTokens(ctx)) return;
    ctx.report({
      node: tokens ?? block,
      message: tokens
        ? `${what} sets http_tokens = ${JSON.stringify(tokens.kind === 'scalar' ? tokens.value : '')}${via(tokens)}, which allows IMDSv1: set http_tokens = "required".`
        : `${what} does not set http_tokens (default "optional"), which allows IMDSv1: add http_tokens = "required".`,
      fix: fix(
        'require IMDSv2 session tokens',
        false,
        tokens ? replaceValue(ctx, tokens, 'required') : ctx.fix.addEntries(block, [{ attr: 'http_tokens', value: 'required' }]),
      ),
    });
  },
});
