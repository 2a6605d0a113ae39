/**
 * What the fix builders need to know about model maps that have no text of their own.
 *
 * A CloudFormation resource without `Properties` gets an empty body map (core/model.ts); a fix
 * that adds a property to it must write `Properties:` too. The adapter records how here, keyed by
 * the map object, so the model types stay free of editing concerns.
 */
import type { MapNode, ModelNode } from '../../core/model';

export type BodyHint =
  /** The key is missing from `parent`: adding entries means adding `key:` with them under it. */
  | { kind: 'absent-key'; parent: MapNode; key: string }
  /** `key:` is written with an empty/null value (`node`, which has a keyRange): replace that value. */
  | { kind: 'null-value'; node: ModelNode };

const hints = new WeakMap<MapNode, BodyHint>();

export function setBodyHint(map: MapNode, hint: BodyHint): void {
  hints.set(map, hint);
}

export function getBodyHint(map: MapNode): BodyHint | undefined {
  return hints.get(map);
}
