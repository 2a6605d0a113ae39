/**
 * Fix helpers shared by the AWS policies: set a boolean attribute whether it is written with the
 * wrong value or missing, and write a companion resource after a bucket.
 */
import type { MapNode, ModelNode, Resource } from '../../../server/src/engine/core/model';
import type { CheckContext, Fix, SnippetValue, TextEdit } from '../../../server/src/engine/core/policy';

/**
 * Replaces a written value. A value that came through a variable or local (`origin`) is not
 * rewritten: replacing `var.x` at the usage would silently drop the indirection, and changing the
 * definition would change every other usage, so that is left to a human (no fix).
 */
export function replaceValue(ctx: CheckContext, node: ModelNode, value: SnippetValue): TextEdit[] {
  return node.origin ? [] : ctx.fix.setValue(node, value);
}

/** Sets `key` in `map` to `value`: replaces the written value, or adds the attribute at the end. */
export function setAttr(ctx: CheckContext, map: MapNode, key: string, value: SnippetValue, existing?: ModelNode): TextEdit[] {
  const node = existing ?? map.entries.get(key);
  return node ? replaceValue(ctx, node, value) : ctx.fix.addEntries(map, [{ attr: key, value }]);
}

export function fix(description: string, safe: boolean, edits: Fix['edits']): Fix | undefined {
  return edits.length ? { description, safe, edits } : undefined;
}

/**
 * A companion resource for `target` (e.g. the encryption configuration of a bucket), as HCL text.
 * The companion follows the target's `count` / `for_each`, so it configures every instance.
 * `body` lines are written one level deep (two spaces; the fix builder re-indents to the file).
 */
export function companionResource(ctx: CheckContext, target: Resource, type: string, attribute: string, body: string[]): string {
  const name = freeName(ctx, type, target.name);
  const ref = target.address.replace(/^(module\.[^.]+\.)+/, '');
  let head: [string, string][];
  if (target.body.entries.has('for_each')) head = [['for_each', ref], [attribute, 'each.value.id']];
  else if (target.body.entries.has('count')) head = [['count', `length(${ref})`], [attribute, `${ref}[count.index].id`]];
  else head = [[attribute, `${ref}.id`]];
  // Aligned like `terraform fmt` aligns consecutive attributes.
  const width = Math.max(...head.map(([k]) => k.length));
  const lines = [`resource "${type}" "${name}" {`, ...head.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`)];
  lines.push('', ...body.map((l) => (l ? `  ${l}` : '')), '}');
  return lines.join('\n');
}

/** `base`, or `base_2`, `base_3`... when a resource of that type already has the name. */
function freeName(ctx: CheckContext, type: string, base: string): string {
  const taken = new Set(ctx.resources(type).map((r) => r.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
