/**
 * Shared logic of the "NSG allows <port> from the internet" policies: which rules of an
 * `azurerm_network_security_rule` or an `azurerm_network_security_group` (inline `security_rule`)
 * let TCP traffic from any internet address reach a given port.
 */
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { blocks, scalar, type MapNode, type ModelNode, type Resource } from '../../../server/src/engine/core/model';

/** Sources Azure (and Checkov/Trivy/KICS) treat as "anyone": `*`, service tags, any `/0` prefix. */
const INTERNET_SOURCES = new Set(['*', '0.0.0.0', 'internet', 'any']);

export function isInternetSource(value: string): boolean {
  const v = value.trim().toLowerCase();
  return INTERNET_SOURCES.has(v) || v.endsWith('/0');
}

/** Does a port spec ("22", "20-30", "*", or a comma list like "21, 22-23") include `port`? */
export function portSpecCovers(spec: string | number, port: number): boolean {
  if (typeof spec === 'number') return spec === port;
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '*') return true;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      if (Number(range[1]) <= port && port <= Number(range[2])) return true;
    } else if (/^\d+$/.test(part) && Number(part) === port) return true;
  }
  return false;
}

function lower(node: ModelNode | undefined): string | undefined {
  const v = scalar(node);
  return typeof v === 'string' ? v.trim().toLowerCase() : undefined;
}

function scalarItems(node: ModelNode | undefined): { value: string | number; node: ModelNode }[] {
  if (!node) return [];
  const items = node.kind === 'list' ? node.items : [node];
  const out: { value: string | number; node: ModelNode }[] = [];
  for (const item of items) {
    const v = scalar(item);
    if (typeof v === 'string' || typeof v === 'number') out.push({ value: v, node: item });
  }
  return out;
}

export interface Exposure {
  /** The destination port value that covers the port: where the finding is reported. */
  portNode: ModelNode;
  /** The internet source as written (`*`, `Internet`, `0.0.0.0/0`). */
  source: string;
  /** The Azure rule's own `name`, when it is a known string. */
  ruleName?: string;
}

/** The exposure of one rule (a resource body or an inline `security_rule`), or undefined. */
export function ruleExposure(rule: MapNode, port: number): Exposure | undefined {
  if (lower(rule.entries.get('direction')) !== 'inbound') return undefined;
  if (lower(rule.entries.get('access')) !== 'allow') return undefined;
  const protocol = lower(rule.entries.get('protocol'));
  if (protocol !== 'tcp' && protocol !== '*' && protocol !== 'any') return undefined;

  const sources = [...scalarItems(rule.entries.get('source_address_prefix')), ...scalarItems(rule.entries.get('source_address_prefixes'))];
  const internet = sources.find((s) => typeof s.value === 'string' && isInternetSource(s.value));
  if (!internet) return undefined;

  const ports = [...scalarItems(rule.entries.get('destination_port_range')), ...scalarItems(rule.entries.get('destination_port_ranges'))];
  const covering = ports.find((p) => portSpecCovers(p.value, port));
  if (!covering) return undefined;

  const name = scalar(rule.entries.get('name'));
  return { portNode: covering.node, source: String(internet.value), ruleName: typeof name === 'string' ? name : undefined };
}

export interface ExposureCheck {
  port: number;
  /** `SSH`, `RDP`: used in messages. */
  service: string;
  /** What to do instead, ending the message. */
  advice: string;
}

export function checkNsgExposure(resource: Resource, ctx: CheckContext, check: ExposureCheck): void {
  const where = (e: Exposure) => `from the internet (source "${e.source}")`;
  if (resource.type === 'azurerm_network_security_rule') {
    const exposure = ruleExposure(resource.body, check.port);
    if (exposure) {
      ctx.report({
        node: exposure.portNode,
        message: `Network security rule "${resource.name}" allows ${check.service} (TCP ${check.port}) ${where(exposure)}: ${check.advice}`,
      });
    }
    return;
  }
  // Inline rules; `dynamic "security_rule"` blocks are not expanded, so they are never judged.
  for (const rule of blocks(resource.body, 'security_rule')) {
    const exposure = ruleExposure(rule, check.port);
    if (!exposure) continue;
    const subject = exposure.ruleName ? `rule "${exposure.ruleName}"` : 'has a rule that';
    ctx.report({
      node: exposure.portNode,
      message: `Network security group "${resource.name}" ${subject} allows ${check.service} (TCP ${check.port}) ${where(exposure)}: ${check.advice}`,
    });
  }
}
