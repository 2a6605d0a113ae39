/**
 * Kubernetes objects (one YAML document, a JSON object, or the items of a `List`) -> Resources,
 * plus the uniform view of pod specs and containers that workload policies use.
 */
import { getPath, isList, isMap } from '../../core/model';
import type { MapNode, Resource } from '../../core/model';
import { rawGet } from './raw';
import type { RawMap, RawNode } from './raw';
import { mapToModel } from './to-model';
import type { ModelContext } from './to-model';

/** Kinds that run pods, and so have a pod spec and containers. */
export const WORKLOAD_KINDS: readonly string[] = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
];

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** A map with string `apiVersion` and `kind`. */
export function isKubernetesObject(raw: RawNode | undefined): raw is RawMap {
  if (!raw || raw.kind !== 'map') return false;
  const apiVersion = rawGet(raw, 'apiVersion');
  const kind = rawGet(raw, 'kind');
  return apiVersion?.kind === 'scalar' && typeof apiVersion.value === 'string' && kind?.kind === 'scalar' && typeof kind.value === 'string' && kind.value !== '';
}

/** `kind: List` (or `DeploymentList` & co. from `kubectl get -o yaml`) with an `items` sequence. */
function isListObject(raw: RawMap): boolean {
  const kind = rawGet(raw, 'kind');
  return kind?.kind === 'scalar' && typeof kind.value === 'string' && kind.value.endsWith('List') && rawGet(raw, 'items')?.kind === 'list';
}

/**
 * The Resources of one Kubernetes document. `index` (1-based document number) names objects that
 * have neither `metadata.name` nor `metadata.generateName`.
 */
export function kubernetesResources(raw: RawMap, ctx: ModelContext, index: number): Resource[] {
  if (isListObject(raw)) {
    const items = rawGet(raw, 'items');
    const out: Resource[] = [];
    if (items?.kind === 'list') {
      items.items.forEach((item, i) => {
        if (isKubernetesObject(item) && !isListObject(item)) out.push(objectResource(item, ctx, `${index}.${i + 1}`));
      });
    }
    return out;
  }
  return [objectResource(raw, ctx, String(index))];
}

function objectResource(raw: RawMap, ctx: ModelContext, index: string): Resource {
  const body = mapToModel(raw, ctx);
  const kind = String(getScalar(body, 'kind'));
  const name = stringOf(getScalar(body, 'metadata', 'name')) ?? stringOf(getScalar(body, 'metadata', 'generateName')) ?? '';
  const namespace = stringOf(getScalar(body, 'metadata', 'namespace')) || 'default';
  const kindNode = body.entries.get('kind')!;
  const resource: Resource = {
    format: 'kubernetes',
    kind: 'resource',
    type: kind,
    name,
    address: `${kind}/${namespace}/${name || `unnamed-${index}`}`,
    file: ctx.file,
    range: body.range,
    headerRange: kindNode.entryRange ?? kindNode.range,
    body,
  };
  const annotations = getPath(body, 'metadata', 'annotations');
  if (isMap(annotations)) resource.metadata = annotations;
  return resource;
}

function getScalar(node: MapNode, ...path: string[]): unknown {
  const found = getPath(node, ...path);
  return found?.kind === 'scalar' ? found.value : undefined;
}

function stringOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** The pod spec of a workload (Pod: `spec`; Deployment & co.: `spec.template.spec`; CronJob: `spec.jobTemplate.spec.template.spec`). */
export function podSpecOf(resource: Resource): MapNode | undefined {
  if (resource.format !== 'kubernetes') return undefined;
  const path = POD_SPEC_PATHS[resource.type];
  if (!path) return undefined;
  const spec = getPath(resource.body, ...path);
  return isMap(spec) ? spec : undefined;
}

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

/** Every container of a workload's pod spec: `containers`, `initContainers`, `ephemeralContainers`. */
export function containersOf(resource: Resource): { container: MapNode; kind: ContainerKind }[] {
  const spec = podSpecOf(resource);
  if (!spec) return [];
  const out: { container: MapNode; kind: ContainerKind }[] = [];
  const groups: [string, ContainerKind][] = [
    ['containers', 'container'],
    ['initContainers', 'initContainer'],
    ['ephemeralContainers', 'ephemeralContainer'],
  ];
  for (const [key, kind] of groups) {
    const list = spec.entries.get(key);
    if (!isList(list)) continue;
    for (const item of list.items) if (isMap(item)) out.push({ container: item, kind });
  }
  return out;
}
