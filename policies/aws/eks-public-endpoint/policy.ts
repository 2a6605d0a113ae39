import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, stringItems } from '../../../server/src/engine/core/model';
import { boolAttr, hasDynamicBlock, itemOrUsage } from '../lib/common';
import { isInternetCidr } from '../lib/network';

export default definePolicy({
  id: 'IAC-AWS-EKS-001',
  title: 'EKS cluster API endpoint is public to the internet',
  severity: 'high',
  description:
    'An aws_eks_cluster leaves its Kubernetes API endpoint public (vpc_config endpoint_public_access is true by ' +
    'default) without restricting public_access_cidrs, or lists 0.0.0.0/0 in public_access_cidrs.',
  rationale:
    'An API server reachable from anywhere is exposed to credential stuffing with leaked kubeconfigs or tokens and ' +
    'to Kubernetes API vulnerabilities; anyone on the internet can also probe it for anonymous access.',
  remediation:
    'Set endpoint_private_access = true and endpoint_public_access = false and reach the API through the VPC (VPN, ' +
    'bastion, CI runners inside the VPC), or keep the public endpoint but list only your egress CIDRs in ' +
    'public_access_cidrs.',
  compliance: [
    { framework: 'CIS Amazon EKS 1.4', control: '5.4.2' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-17' },
    { framework: 'NSA Kubernetes Hardening', control: 'Network separation and hardening' },
  ],
  aliases: {
    checkov: ['CKV_AWS_39', 'CKV_AWS_38'],
    kics: ['42f4b905-3736-4213-bfe9-c0660518cda8', '61cf9883-1752-4768-b18c-0d57f2737709'],
    trivy: ['AVD-AWS-0040', 'aws-eks-no-public-cluster-access', 'AVD-AWS-0041', 'aws-eks-no-public-cluster-access-to-cidr'],
  },
  deviations: [
    'A public endpoint whose public_access_cidrs are all specific (no 0.0.0.0/0) is compliant: the endpoint is not ' +
      'open to the internet. KICS "EKS Cluster Has Public Access" and Checkov CKV_AWS_39 still report it.',
    'public_access_cidrs that are unknown (a variable without a value) make the cluster not reported.',
    'There is no automatic fix: turning the public endpoint off cuts off every client outside the VPC.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_eks_cluster'] },
  check(resource, ctx) {
    if (hasDynamicBlock(resource.body, 'vpc_config')) return;
    const config = blocks(resource.body, 'vpc_config')[0];
    const what = `EKS cluster "${resource.name}"`;
    const publicAccess = boolAttr(config, 'endpoint_public_access');
    if (publicAccess.state === false || publicAccess.state === 'unknown') return;
    const cidrs = config?.entries.get('public_access_cidrs');
    if (cidrs) {
      if (cidrs.kind !== 'list' || cidrs.items.some((item) => item.kind !== 'scalar')) return; // not fully known
      const open = stringItems(cidrs).find((c) => isInternetCidr(c.value));
      if (!open) return; // restricted to specific sources
      ctx.report({
        node: itemOrUsage(open.node, cidrs),
        message: `${what} allows its public API endpoint from ${open.value.trim()}: list only your own CIDRs in public_access_cidrs, or set endpoint_public_access = false.`,
      });
      return;
    }
    ctx.report({
      node: publicAccess.node ?? config,
      message:
        publicAccess.state === true
          ? `${what} has a public API endpoint open to the internet (no public_access_cidrs): set endpoint_public_access = false, or restrict public_access_cidrs.`
          : `${what} has a public API endpoint open to the internet (endpoint_public_access defaults to true): set endpoint_public_access = false, or restrict public_access_cidrs.`,
    });
  },
});
