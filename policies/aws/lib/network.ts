/**
 * Ingress rules of AWS security groups, however they are written: inline `ingress` blocks of
 * aws_security_group / aws_default_security_group, aws_security_group_rule (type = "ingress"),
 * aws_vpc_security_group_ingress_rule, and calls of the terraform-aws-modules/security-group
 * registry module. Each rule says which protocol and ports it opens and from which CIDRs, with
 * the nodes to report. Unknown values make a rule match nothing (never a guessed violation).
 */
import { blocks, isMap, scalar, stringItems, type MapNode, type ModelNode, type Resource } from '../../../server/src/engine/core/model';
import { itemOrUsage, portAttr, stringAttr } from './common';
import { isRegistryModule } from './modules';

export type Protocol = 'all' | 'tcp' | 'udp' | 'other' | 'unknown';

export interface IngressRule {
  /** How messages name the rule's owner: `Security group "web"`. */
  owner: string;
  protocol: Protocol;
  /** Port range; undefined when unknown (protocol `all` ignores ports). */
  from?: number;
  to?: number;
  /** Internet-wide sources of the rule, each with the node to report. */
  openSources: { cidr: string; node: ModelNode }[];
}

/** 0.0.0.0/0 and ::/0 (in any spelling of the all-zero IPv6 address). */
export function isInternetCidr(value: string): boolean {
  const cidr = value.trim().toLowerCase();
  if (cidr === '0.0.0.0/0') return true;
  const m = /^([0-9a-f:]+)\/0$/.exec(cidr);
  return !!m && m[1].includes(':') && /^[0:]+$/.test(m[1]);
}

export function normalizeProtocol(node: ModelNode | undefined): Protocol {
  if (!node) return 'unknown';
  const value = scalar(node);
  if (value === undefined || value === null) return 'unknown';
  const text = String(value).trim().toLowerCase();
  if (text === '-1' || text === 'all') return 'all';
  if (text === 'tcp' || text === '6') return 'tcp';
  if (text === 'udp' || text === '17') return 'udp';
  return 'other';
}

function openSourcesOf(map: MapNode, keys: string[]): IngressRule['openSources'] {
  const out: IngressRule['openSources'] = [];
  for (const key of keys) {
    const attr = map.entries.get(key);
    for (const { value, node } of stringItems(attr)) {
      // Items of a list reached through a variable live in another file (tfvars): report at the usage.
      if (isInternetCidr(value)) out.push({ cidr: value.trim(), node: itemOrUsage(node, attr) });
    }
  }
  return out;
}

function knownPort(map: MapNode, key: string): number | undefined {
  const port = portAttr(map, key);
  return typeof port === 'number' ? port : undefined;
}

function ruleFrom(owner: string, map: MapNode, protocolKey: string, cidrKeys: string[]): IngressRule {
  return {
    owner,
    protocol: normalizeProtocol(map.entries.get(protocolKey)),
    from: knownPort(map, 'from_port'),
    to: knownPort(map, 'to_port'),
    openSources: openSourcesOf(map, cidrKeys),
  };
}

/** Named rules of terraform-aws-modules/security-group that matter to our checks. */
const MODULE_RULES: Record<string, { protocol: Protocol; from: number; to: number }> = {
  'ssh-tcp': { protocol: 'tcp', from: 22, to: 22 },
  'rdp-tcp': { protocol: 'tcp', from: 3389, to: 3389 },
  'rdp-udp': { protocol: 'udp', from: 3389, to: 3389 },
  'all-all': { protocol: 'all', from: -1, to: -1 },
  'all-tcp': { protocol: 'tcp', from: 0, to: 65535 },
  'all-udp': { protocol: 'udp', from: 0, to: 65535 },
};

/** Submodules that open fixed rules to `ingress_cidr_blocks`. */
const MODULE_SUBMODULE_RULES: Record<string, string[]> = { 'modules/ssh': ['ssh-tcp'], 'modules/rdp': ['rdp-tcp', 'rdp-udp'] };

function moduleRules(resource: Resource): IngressRule[] {
  const owner = `Module "${resource.name}" (terraform-aws-modules/security-group)`;
  const body = resource.body;
  const sub = Object.keys(MODULE_SUBMODULE_RULES).find((path) => isRegistryModule(resource, 'security-group', path));
  if (!sub && !isRegistryModule(resource, 'security-group')) return [];
  const rules: IngressRule[] = [];
  const defaultSources = openSourcesOf(body, ['ingress_cidr_blocks', 'ingress_ipv6_cidr_blocks']);
  const named = [...stringItems(body.entries.get('ingress_rules')).map((r) => r.value), ...(sub ? MODULE_SUBMODULE_RULES[sub] : [])];
  for (const name of named) {
    const known = MODULE_RULES[name];
    if (known && defaultSources.length) rules.push({ owner, ...known, openSources: defaultSources });
  }
  for (const [key, cidrKey, fallback] of [
    ['ingress_with_cidr_blocks', 'cidr_blocks', 'ingress_cidr_blocks'],
    ['ingress_with_ipv6_cidr_blocks', 'ipv6_cidr_blocks', 'ingress_ipv6_cidr_blocks'],
  ] as const) {
    const list = body.entries.get(key);
    if (list?.kind !== 'list') continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      // The module takes CIDRs as one comma-separated string; without one, the module-wide list applies.
      const cidrs = item.entries.get(cidrKey);
      let openSources: IngressRule['openSources'];
      if (cidrs === undefined) openSources = openSourcesOf(body, [fallback]);
      else {
        const text = scalar(cidrs);
        const open = typeof text === 'string' ? text.split(',').map((c) => c.trim()).find(isInternetCidr) : undefined;
        openSources = open ? [{ cidr: open, node: cidrs }] : [];
      }
      if (!openSources.length) continue;
      const ruleName = stringAttr(item, 'rule');
      if (ruleName !== undefined) {
        const known = MODULE_RULES[ruleName];
        if (known) rules.push({ owner, ...known, openSources });
        continue;
      }
      rules.push({ ...ruleFrom(owner, item, 'protocol', []), openSources });
    }
  }
  return rules;
}

/** Every ingress rule a resource (or registry module call) declares. */
export function ingressRules(resource: Resource): IngressRule[] {
  const body = resource.body;
  switch (resource.type) {
    case 'aws_security_group':
    case 'aws_default_security_group': {
      const owner = `Security group "${resource.name}"`;
      return blocks(body, 'ingress').map((ingress) => ruleFrom(owner, ingress, 'protocol', ['cidr_blocks', 'ipv6_cidr_blocks']));
    }
    case 'aws_security_group_rule': {
      if (stringAttr(body, 'type') !== 'ingress') return [];
      return [ruleFrom(`Security group rule "${resource.name}"`, body, 'protocol', ['cidr_blocks', 'ipv6_cidr_blocks'])];
    }
    case 'aws_vpc_security_group_ingress_rule':
      return [ruleFrom(`Security group ingress rule "${resource.name}"`, body, 'ip_protocol', ['cidr_ipv4', 'cidr_ipv6'])];
    case 'module':
      return resource.kind === 'module' ? moduleRules(resource) : [];
    default:
      return [];
  }
}

/** Whether the rule certainly opens `port` for one of `protocols` (`all` always does). */
export function opensPort(rule: IngressRule, port: number, protocols: Protocol[]): boolean {
  if (rule.protocol === 'all') return true;
  if (!protocols.includes(rule.protocol)) return false;
  return rule.from !== undefined && rule.to !== undefined && rule.from <= port && port <= rule.to;
}

/** Whether the rule opens every port: protocol -1, or a TCP/UDP range 0(1)-65535. */
export function opensAllPorts(rule: IngressRule): boolean {
  if (rule.protocol === 'all') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return false;
  return rule.from !== undefined && rule.to !== undefined && rule.from <= 1 && rule.to >= 65535;
}

export const SG_RESOURCE_TYPES = [
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'module',
];

/**
 * Reports each internet-wide source of each rule that `matches`, on the source's CIDR node.
 * A CIDR shared by several matching rules (module rules applied to one list) is reported once.
 */
export function reportOpenIngress(
  resource: Resource,
  report: (options: { node: ModelNode; message: string }) => void,
  matches: (rule: IngressRule) => boolean,
  what: string,
  advice: string,
): void {
  const seen = new Set<ModelNode>();
  for (const rule of ingressRules(resource)) {
    if (!matches(rule)) continue;
    for (const { cidr, node } of rule.openSources) {
      if (seen.has(node)) continue;
      seen.add(node);
      report({ node, message: `${rule.owner} allows ${what} from ${cidr} (the whole internet): ${advice}` });
    }
  }
}
