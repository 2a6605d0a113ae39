/**
 * Small readers shared by the AWS policies. They all follow the engine's rule: an unknown value
 * (variable without a default, function call, attribute known after apply) is never a violation,
 * so every reader distinguishes "absent", "known" and "unknown".
 */
import { asBool, isMap, isUnknown, scalar, type MapNode, type ModelNode, type Resource } from '../../../server/src/engine/core/model';

export type Tri = true | false | 'unknown' | 'absent';

/** A boolean attribute as written: true/false (also "true"/"false"), unknown, or absent. */
export function boolAttr(map: MapNode | undefined, key: string): { state: Tri; node?: ModelNode } {
  const node = map?.entries.get(key);
  if (!node) return { state: 'absent' };
  if (node.kind === 'scalar' && node.value === null) return { state: 'absent', node };
  const value = asBool(node);
  if (value === undefined) return { state: 'unknown', node };
  return { state: value, node };
}

/** A string attribute's value; undefined for absent, null, unknown or non-string values. */
export function stringAttr(map: MapNode | undefined, key: string): string | undefined {
  const value = scalar(map?.entries.get(key));
  return typeof value === 'string' ? value : undefined;
}

/** True when the attribute is written with a value we cannot know. */
export function isUnknownAttr(map: MapNode | undefined, key: string): boolean {
  return isUnknown(map?.entries.get(key));
}

/** True when the attribute is present with a non-null value (known or not). */
export function hasAttr(map: MapNode | undefined, key: string): boolean {
  const node = map?.entries.get(key);
  return node !== undefined && !(node.kind === 'scalar' && node.value === null);
}

/**
 * The content of nested blocks cannot be judged when some of them are `dynamic` (their content is
 * not expanded): a policy looking for a block that may be generated must stay quiet.
 */
export function hasDynamicBlock(map: MapNode | undefined, name: string): boolean {
  return map?.dynamicBlocks?.includes(name) ?? false;
}

/** A port number attribute (written as a number or a numeric string). */
export function portAttr(map: MapNode | undefined, key: string): number | undefined | 'unknown' {
  const node = map?.entries.get(key);
  if (!node) return undefined;
  if (node.kind !== 'scalar') return 'unknown';
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim())) return Number(node.value.trim());
  return node.value === null ? undefined : 'unknown';
}

/** `name` of a resource for messages: `S3 bucket "logs"`. */
export function quoted(resource: Resource): string {
  return `"${resource.name}"`;
}

/** The resource's body, or a nested map when `node` is one. */
export function asMap(node: ModelNode | undefined): MapNode | undefined {
  return isMap(node) ? node : undefined;
}

/**
 * The node to report for an item of a list: the item itself, or the list's usage when the list
 * was reached through a variable and its items are written in another file (a tfvars file).
 */
export function itemOrUsage(item: ModelNode, container: ModelNode | undefined): ModelNode {
  return container && item.file !== container.file ? container : item;
}

/** ` (from var.x (terraform.tfvars))` when a value was reached through a reference; '' otherwise. */
export function via(node: ModelNode | undefined): string {
  return node?.origin ? ` (from ${node.origin.via})` : '';
}
