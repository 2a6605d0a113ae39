/**
 * "Which resources of type T point at this one through attribute A?" for CloudFormation and
 * Kubernetes (backs CheckContext.referencing). A reference is an unknown value whose `refs`
 * name the target's address (`!Ref MyBucket`, `!GetAtt MyBucket.Arn`, `!Sub ${MyBucket}`), or a
 * literal equal to one of the target's names (its physical `*Name` property in CloudFormation,
 * `metadata.name` in Kubernetes).
 */
import { getPath } from '../../core/model';
import type { ModelNode, Resource } from '../../core/model';

export function findReferencing(resources: readonly Resource[], target: Resource, type: string, attribute: string): Resource[] {
  const names = literalNames(target);
  const path = attribute.split('.').map((step) => (/^\d+$/.test(step) ? Number(step) : step));
  const out: Resource[] = [];
  for (const candidate of resources) {
    if (candidate === target || candidate.type !== type) continue;
    if (refersTo(getPath(candidate.body, ...path), target.address, names)) out.push(candidate);
  }
  return out;
}

function refersTo(node: ModelNode | undefined, address: string, names: Set<string>): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'unknown':
      return !!node.refs?.includes(address);
    case 'scalar':
      return typeof node.value === 'string' && names.has(node.value);
    case 'list':
      return node.items.some((item) => refersTo(item, address, names));
    case 'map':
      return false;
  }
}

/** Literal names a resource can be referred to by. */
function literalNames(target: Resource): Set<string> {
  const names = new Set<string>();
  if (target.format === 'kubernetes') {
    if (target.name) names.add(target.name);
    return names;
  }
  // CloudFormation: BucketName, QueueName, TopicName, RoleName, ... written as literals.
  for (const [key, value] of target.body.entries) {
    if (key.endsWith('Name') && value.kind === 'scalar' && typeof value.value === 'string' && value.value) names.add(value.value);
  }
  return names;
}
