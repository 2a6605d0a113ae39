import { definePolicy, type CheckContext } from '../../../server/src/engine/core/policy';
import { isList, isMap, scalar, type MapNode, type ModelNode } from '../../../server/src/engine/core/model';

const SENSITIVE_TCP_PORTS: { port: number; service: string }[] = [
  { port: 22, service: 'SSH (22)' },
  { port: 3389, service: 'RDP (3389)' },
];

function openSource(rule: MapNode): { node: ModelNode; value: string } | undefined {
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const node = rule.entries.get(key);
    const value = scalar(node);
    // Any `/0` prefix is the whole address space (`0.0.0.0/0`, `::/0`, or a non-canonical `10.0.0.0/0`).
    if (node && typeof value === 'string' && value.trim().endsWith('/0')) return { node, value: value.trim() };
  }
  return undefined;
}

function port(node: ModelNode | undefined): number | undefined {
  const v = scalar(node);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** What an ingress rule exposes, in words; undefined when nothing this policy cares about (or unknown). */
function exposure(rule: MapNode): string | undefined {
  const rawProtocol = scalar(rule.entries.get('IpProtocol'));
  if (rawProtocol === undefined || rawProtocol === null || typeof rawProtocol === 'boolean') return undefined;
  const protocol = String(rawProtocol).trim().toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'all ports and protocols';
  const isTcp = protocol === 'tcp' || protocol === '6';
  const isUdp = protocol === 'udp' || protocol === '17';
  if (!isTcp && !isUdp) return undefined;
  const from = port(rule.entries.get('FromPort'));
  const to = port(rule.entries.get('ToPort'));
  if (from === undefined || to === undefined) return undefined;
  // -1 as a TCP/UDP port range means every port.
  const allPorts = (from <= 0 && to >= 65535) || (from === -1 && to === -1);
  if (allPorts) return `all ${isTcp ? 'TCP' : 'UDP'} ports`;
  if (!isTcp) return undefined;
  const hits = SENSITIVE_TCP_PORTS.filter((p) => from <= p.port && p.port <= to).map((p) => p.service);
  return hits.length ? hits.join(' and ') : undefined;
}

function checkRule(rule: MapNode, ctx: CheckContext, label: string): void {
  const source = openSource(rule);
  if (!source) return;
  const exposed = exposure(rule);
  if (!exposed) return;
  ctx.report({
    node: source.node,
    message: `${label} allows ${exposed} from ${source.value}: restrict the CIDR to known addresses (or use SSM Session Manager / a bastion for administration).`,
  });
}

export default definePolicy({
  id: 'IAC-CFN-EC2-001',
  title: 'Security group allows SSH, RDP or all ports from the internet',
  severity: 'high',
  description:
    'An ingress rule of an `AWS::EC2::SecurityGroup` (`SecurityGroupIngress`) or an `AWS::EC2::SecurityGroupIngress` resource accepts traffic from `0.0.0.0/0` or `::/0` on TCP port 22 (SSH) or 3389 (RDP), on every TCP or UDP port, or for all protocols (`IpProtocol: -1`).',
  rationale:
    'Remote administration ports open to the internet are scanned and brute-forced continuously, and "all traffic" rules expose every service on the instance, including ones never meant to be reachable.',
  remediation:
    'Limit `CidrIp` / `CidrIpv6` to known address ranges or reference a security group (`SourceSecurityGroupId`); administer instances through SSM Session Manager, EC2 Instance Connect Endpoint or a bastion instead of open SSH/RDP.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '5.2' },
    { framework: 'CIS AWS Foundations 1.5', control: '5.3' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(e)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.3.1' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
    { framework: 'NIST 800-53', control: 'AC-17' },
  ],
  aliases: {
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'],
    kics: ['6e856af2-62d7-4ba2-adc1-73b62cef9cc1', '3ae83918-7ec7-4cb8-80db-b91ef0f94002', 'adcd0082-e90b-4b63-862b-21899f6e6a48'],
    trivy: ['AVD-AWS-0107', 'aws-ec2-no-public-ingress-sgr'],
  },
  deviations: [
    'One policy for the ports that should never face the internet (SSH, RDP) and for all-port rules. Other open ports (HTTP, databases) are not reported: a public web port is often intended. KICS "Unrestricted Security Group Ingress" (4a1e6b34) and "EC2 Sensitive Port Is Publicly Exposed" (494b03d3) are therefore not mapped.',
    'The finding is on the open `CidrIp` / `CidrIpv6` value; KICS reports the `SecurityGroupIngress` line (SSH/RDP) or the CIDR line (all ports) of the same rule.',
    'Rules with a port range written FromPort > ToPort, or with unresolvable ports, are not judged.',
  ],
  formats: ['cloudformation'],
  resourceTypes: { cloudformation: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'] },
  check(resource, ctx) {
    if (resource.type === 'AWS::EC2::SecurityGroupIngress') {
      checkRule(resource.body, ctx, `Security group ingress "${resource.name}"`);
      return;
    }
    const rules = resource.body.entries.get('SecurityGroupIngress');
    const items = isList(rules) ? rules.items : isMap(rules) ? [rules] : [];
    for (const rule of items) if (isMap(rule)) checkRule(rule, ctx, `Security group "${resource.name}"`);
  },
});
