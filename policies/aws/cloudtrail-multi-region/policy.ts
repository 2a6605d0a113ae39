import { definePolicy } from '../../../server/src/engine/core/policy';
import { boolAttr, via } from '../lib/common';
import { fix, setAttr, replaceValue } from '../lib/fixes';

export default definePolicy({
  id: 'IAC-AWS-CT-001',
  title: 'CloudTrail trail is not multi-region',
  severity: 'medium',
  fixable: true,
  description:
    'An aws_cloudtrail does not set is_multi_region_trail = true (default false), or turns off ' +
    'include_global_service_events, so API activity in other regions or of global services (IAM, STS, CloudFront) ' +
    'is not recorded.',
  rationale:
    'Attackers use the regions nobody watches: resources created (crypto-mining instances, exfiltration buckets) or ' +
    'changes made outside the trail\'s region leave no audit record, and IAM changes are only logged with global ' +
    'service events.',
  remediation: 'Set is_multi_region_trail = true and leave include_global_service_events at its default (true).',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '3.1' },
    { framework: 'SOC 2', control: 'CC7.2' },
    { framework: 'HIPAA', control: '164.312(b)' },
    { framework: 'PCI DSS 4.0', control: '10.2.1' },
    { framework: 'NIST 800-53', control: 'AU-2' },
    { framework: 'NIST 800-53', control: 'AU-12' },
  ],
  aliases: {
    checkov: ['CKV_AWS_67'],
    kics: ['8173d5eb-96b5-4aa6-a71b-ecfa153c123d'],
    trivy: ['AVD-AWS-0014', 'aws-cloudtrail-enable-all-regions'],
  },
  deviations: [
    'include_global_service_events = false is reported too (on that attribute), as KICS does; Checkov only looks at ' +
      'is_multi_region_trail.',
    'The fix is marked safe: it only widens what is recorded (at the cost of more log volume).',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_cloudtrail'] },
  check(resource, ctx) {
    const what = `CloudTrail trail "${resource.name}"`;
    const multi = boolAttr(resource.body, 'is_multi_region_trail');
    if (multi.state === false || multi.state === 'absent') {
      ctx.report({
        node: multi.state === false ? multi.node : undefined,
        message:
          multi.state === false
            ? `${what} sets is_multi_region_trail = false${via(multi.node)}, so other regions are not logged: set it to true.`
            : `${what} records only its own region: add is_multi_region_trail = true.`,
        fix: fix('make the trail multi-region', true, setAttr(ctx, resource.body, 'is_multi_region_trail', true, multi.node)),
      });
    }
    const global = boolAttr(resource.body, 'include_global_service_events');
    if (global.state === false && global.node) {
      ctx.report({
        node: global.node,
        message: `${what} sets include_global_service_events = false${via(global.node)}, so IAM and other global API calls are not logged: set it to true.`,
        fix: fix('log global service events', true, replaceValue(ctx, global.node, true)),
      });
    }
  },
});
