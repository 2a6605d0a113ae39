/**
 * `referencing(target, type, attribute)`: which resources point at a target resource, either by
 * an expression (`bucket = aws_s3_bucket.b.id`, also through locals and module inputs, since refs
 * follow them) or by a literal equal to the target's own name (`bucket = "my-logs"`).
 */
import type { ModelNode, Resource } from '../../core/model';

/** Attributes that carry a resource's literal identity (S3 `bucket`, most others `name`). */
const IDENTITY_ATTRIBUTES = ['bucket', 'name'];

export function createReferenceIndex(resources: readonly Resource[]): (target: Resource, type: string, attribute: string) => Resource[] {
  let byType: Map<string, Resource[]> | undefined;
  return (target, type, attribute) => {
    if (!byType) {
      byType = new Map();
      for (const r of resources) {
        if (r.kind !== 'resource' && r.kind !== 'data') continue;
        const list = byType.get(r.type);
        if (list) list.push(r);
        else byType.set(r.type, [r]);
      }
    }
    const names: string[] = [];
    for (const key of IDENTITY_ATTRIBUTES) {
      const node = target.body.entries.get(key);
      if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value !== '') names.push(node.value);
    }
    return (byType.get(type) ?? []).filter((r) => r !== target && refersTo(r.body.entries.get(attribute), target.address, names));
  };
}

function refersTo(node: ModelNode | undefined, address: string, names: string[]): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'unknown':
      return node.refs?.includes(address) ?? false;
    case 'scalar':
      return typeof node.value === 'string' && names.includes(node.value);
    case 'list':
      return node.items.some((item) => refersTo(item, address, names));
    default:
      return false;
  }
}
