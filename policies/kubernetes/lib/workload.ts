/**
 * What every Kubernetes workload policy needs: the workload kinds, each container with where it
 * sits in the pod spec, and positions to report at. Policies read pod specs only through here,
 * so Pods, Deployments, CronJobs ... are all checked alike.
 */
import type { MapNode, ModelNode, Resource } from '../../../server/src/engine/core/model';
import { getPath, isList, isMap, scalar } from '../../../server/src/engine/core/model';
import type { SourceRange } from '../../../server/src/engine/core/range';
import { WORKLOAD_KINDS as ADAPTER_WORKLOAD_KINDS, containersOf, podSpecOf } from '../../../server/src/engine/formats/structured/kubernetes';

/**
 * Knative Serving objects (`serving.knative.dev`) run containers from a pod spec too; KICS checks
 * them with the same queries. `Service` is shared with core Kubernetes, so the API group decides.
 */
const KNATIVE_POD_SPEC_PATHS: Record<string, string[]> = {
  Service: ['spec', 'template', 'spec'],
  Configuration: ['spec', 'template', 'spec'],
  Revision: ['spec'],
};

/** Kinds whose documents carry a pod spec: the adapter's workload kinds plus the Knative ones. */
export const WORKLOAD_KINDS: string[] = [...ADAPTER_WORKLOAD_KINDS, ...Object.keys(KNATIVE_POD_SPEC_PATHS)];

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface Container {
  node: MapNode;
  group: ContainerGroup;
  /** `name:` of the container, or `#<n>` (1-based) when it has none. */
  name: string;
}

function isKnative(resource: Resource): boolean {
  const apiVersion = scalar(resource.body.entries.get('apiVersion'));
  return typeof apiVersion === 'string' && apiVersion.startsWith('serving.knative.dev/');
}

/** The pod spec of a workload: `spec` (Pod), `spec.template.spec`, `spec.jobTemplate.spec.template.spec` (CronJob). */
export function podSpec(resource: Resource): MapNode | undefined {
  if (isKnative(resource)) {
    const path = KNATIVE_POD_SPEC_PATHS[resource.type];
    const spec = path ? getPath(resource.body, ...path) : undefined;
    return isMap(spec) ? spec : undefined;
  }
  return podSpecOf(resource);
}

const GROUP_OF = { container: 'containers', initContainer: 'initContainers', ephemeralContainer: 'ephemeralContainers' } as const;

/** Every container of the pod spec: containers, init containers, then ephemeral containers. */
export function containers(resource: Resource): Container[] {
  const found: { container: MapNode; group: ContainerGroup }[] = [];
  if (isKnative(resource)) {
    const spec = podSpec(resource);
    for (const group of ['containers', 'initContainers'] as const) {
      const list = spec?.entries.get(group);
      if (isList(list)) for (const item of list.items) if (isMap(item)) found.push({ container: item, group });
    }
  } else {
    for (const { container, kind } of containersOf(resource)) found.push({ container, group: GROUP_OF[kind] });
  }
  const counters = new Map<ContainerGroup, number>();
  return found.map(({ container, group }) => {
    const index = counters.get(group) ?? 0;
    counters.set(group, index + 1);
    const name = scalar(container.entries.get('name'));
    return { node: container, group, name: typeof name === 'string' && name ? name : `#${index + 1}` };
  });
}

/** `Deployment "web"` for messages. */
export function describeWorkload(resource: Resource): string {
  return `${resource.type} "${resource.name}"`;
}

/** `container "app"`, `init container "setup"`, `ephemeral container "debug"` for messages. */
export function describeContainer(container: Container): string {
  const prefix = container.group === 'initContainers' ? 'init container' : container.group === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${prefix} "${container.name}"`;
}

/**
 * Where to report something a container lacks: its first entry (the `- name: app` line), so the
 * finding sits on the container without underlining all of it.
 */
export function containerStart(container: Container): SourceRange {
  const first = container.node.entries.values().next().value as ModelNode | undefined;
  return first?.entryRange ?? first?.keyRange ?? container.node.range;
}

/** A map entry's key range when it has one (`securityContext:`), else the node's own range. */
export function keyOrRange(node: ModelNode): SourceRange {
  return node.keyRange ?? node.range;
}

/** The container's `securityContext` map, if it is written as a map. */
export function securityContext(node: MapNode | undefined): MapNode | undefined {
  const sc = node?.entries.get('securityContext');
  return isMap(sc) ? sc : undefined;
}
