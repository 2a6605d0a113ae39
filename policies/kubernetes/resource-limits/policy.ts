import type { MapNode, ModelNode, Resource } from '../../../server/src/engine/core/model';
import { blocks, getPath, isMap, scalar } from '../../../server/src/engine/core/model';
import type { CheckContext, Snippet, TextEdit } from '../../../server/src/engine/core/policy';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { NSA_K8S } from '../lib/compliance';
import { WORKLOAD_KINDS, containerStart, containers, describeContainer, describeWorkload, keyOrRange } from '../lib/workload';

type Limit = 'cpu' | 'memory';
const LIMITS: Limit[] = ['cpu', 'memory'];
const LABEL: Record<Limit, string> = { cpu: 'CPU', memory: 'memory' };

/** Set means written with some value; `cpu:` with nothing after it or `""` is not a limit. */
function isSet(node: ModelNode | undefined): boolean {
  if (!node) return false;
  if (node.kind !== 'scalar') return true;
  return node.value !== null && node.value !== '';
}

function namespaceOf(resource: Resource): string {
  const ns = scalar(getPath(resource.body, 'metadata', 'namespace'));
  return typeof ns === 'string' && ns ? ns : 'default';
}

/** Limits a LimitRange in the same file gives containers of the namespace by default. */
function defaultLimits(resource: Resource, ctx: CheckContext): Set<Limit> {
  const out = new Set<Limit>();
  const namespace = namespaceOf(resource);
  for (const range of ctx.resources('LimitRange')) {
    if (namespaceOf(range) !== namespace) continue;
    for (const item of blocks(getPath(range.body, 'spec'), 'limits')) {
      if (scalar(item.entries.get('type')) !== 'Container') continue;
      for (const limit of LIMITS) if (isSet(getPath(item, 'default', limit))) out.add(limit);
    }
  }
  return out;
}

/**
 * The fix copies requests into limits (the container gets exactly what it asked for), so it is
 * only offered when every missing limit has a request to copy.
 */
function copyRequests(ctx: CheckContext, resources: MapNode | undefined, missing: Limit[]): TextEdit[] | undefined {
  if (!resources) return undefined;
  const requests = resources.entries.get('requests');
  if (!isMap(requests)) return undefined;
  const snippets: Snippet[] = [];
  for (const limit of missing) {
    const value = scalar(requests.entries.get(limit));
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    if (value === '') return undefined;
    snippets.push({ attr: limit, value });
  }
  const limits = resources.entries.get('limits');
  if (isMap(limits) && limits.entries.size) return ctx.fix.addEntries(limits, snippets);
  if (limits) return undefined; // `limits:` written empty or as something else: leave it to a human
  return ctx.fix.addEntries(resources, [{ block: 'limits', body: snippets }]);
}

export default definePolicy({
  id: 'IAC-K8S-POD-005',
  title: 'Container has no CPU or memory limit',
  severity: 'low',
  fixable: true,
  description: 'A container (or init container) does not set `resources.limits.cpu` and/or `resources.limits.memory`, and no LimitRange in the same file provides a default.',
  rationale:
    'Without limits a single container can use all CPU and memory of its node: a memory leak, a traffic spike or a compromised container ' +
    '(crypto-mining) starves every other pod on the node and can get them evicted. Limits bound the blast radius and make scheduling predictable.',
  remediation: 'Set `resources.limits.cpu` and `resources.limits.memory` on every container, or give the namespace a LimitRange with default limits.',
  compliance: [
    { framework: NSA_K8S, control: 'Pod security (resource limits)' },
    { framework: 'SOC 2', control: 'A1.1' },
    { framework: 'NIST 800-53', control: 'SC-5' },
    { framework: 'NIST 800-53', control: 'SC-6' },
  ],
  aliases: {
    checkov: ['CKV_K8S_11', 'CKV_K8S_13'],
    kics: [
      '4ac0e2b7-d2d2-4af7-8799-e8de6721ccda', // CPU Limits Not Set
      'b14d1bc4-a208-45db-92f0-e21f8e2588e9', // Memory Limits Not Defined
    ],
    trivy: ['AVD-KSV-0011', 'KSV011', 'AVD-KSV-0018', 'KSV018'],
  },
  deviations: [
    'CPU and memory are one policy: a container missing both gets one finding naming both. It is reported on `limits:` when that exists, else on `resources:`, else on the container; KICS reports a missing memory limit on the container even when `resources:` exists.',
    'Because CPU and memory are one policy, the KICS negative samples that set only the other limit (cpu_limits_not_set/test/negative.yaml lacks a memory limit, memory_limits_not_defined/test/negative1.yaml a CPU limit) are reported.',
    'Ephemeral containers are not checked: Kubernetes does not allow resources on them.',
    'A LimitRange with `default` limits for type Container in the same file and namespace counts as setting them (the tools above ignore LimitRanges here).',
    'The fix (needs review) copies the requests into the limits, and is only offered when every missing limit has a request; it never invents numbers.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    const defaults = defaultLimits(resource, ctx);
    for (const container of containers(resource)) {
      if (container.group === 'ephemeralContainers') continue;
      const resourcesNode = container.node.entries.get('resources');
      const resources = isMap(resourcesNode) ? resourcesNode : undefined;
      if (resourcesNode && !resources && resourcesNode.kind !== 'scalar') continue; // not readable
      const limitsNode = resources?.entries.get('limits');
      const limits = isMap(limitsNode) ? limitsNode : undefined;
      if (limitsNode && !limits && limitsNode.kind !== 'scalar') continue;
      const missing = LIMITS.filter((l) => !isSet(limits?.entries.get(l)) && !defaults.has(l));
      if (!missing.length) continue;
      const names = missing.map((l) => LABEL[l]).join(' and ');
      const paths = missing.map((l) => `resources.limits.${l}`).join(' and ');
      const edits = copyRequests(ctx, resources, missing);
      ctx.report({
        range: limitsNode ? keyOrRange(limitsNode) : resourcesNode ? keyOrRange(resourcesNode) : containerStart(container),
        message: `${describeWorkload(resource)}: ${describeContainer(container)} has no ${names} limit: set ${paths}.`,
        fix: edits?.length ? { description: `set ${names} limits equal to the requests`, safe: false, edits } : undefined,
      });
    }
  },
});
