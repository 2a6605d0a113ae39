/**
 * A tiny positional tree shared by the YAML reader and the JSON parser.
 *
 * Both syntaxes are first read into this tree (offsets only, no line/column yet), so the
 * CloudFormation and Kubernetes converters are written once and do not care which syntax a
 * template came in. Offsets are JavaScript string indices (UTF-16 units) into the file text.
 */

export interface RawBase {
  /** First character of the value (for a tagged YAML node: the `!Tag`). */
  start: number;
  /** Just past the last character of the value (trailing whitespace and newlines excluded). */
  end: number;
  /** A YAML local tag such as `!Ref`; absent in JSON. */
  tag?: string;
  /** True for `{...}` / `[...]` written inline (always true in JSON). */
  flow?: boolean;
}

export interface RawScalar extends RawBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

export interface RawEntry {
  key: string;
  keyStart: number;
  /** Just past the key (its closing quote included). */
  keyEnd: number;
  value: RawNode;
}

export interface RawMap extends RawBase {
  kind: 'map';
  /** In source order; a duplicate key (JSON) appears twice, lookups take the last one. */
  entries: RawEntry[];
}

export interface RawList extends RawBase {
  kind: 'list';
  items: RawNode[];
}

export type RawNode = RawScalar | RawMap | RawList;

/** A syntax error with the offsets it covers. */
export interface RawSyntaxError {
  message: string;
  start: number;
  end: number;
}

/** The value under `key` (the last one when a key is repeated). */
export function rawGet(node: RawNode | undefined, key: string): RawNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const entries = node.entries;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i].value;
  return undefined;
}

export function rawEntry(node: RawNode | undefined, key: string): RawEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const entries = node.entries;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  return undefined;
}

/** A scalar's value when it is a string (untagged), else undefined. */
export function rawString(node: RawNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && !node.tag && typeof node.value === 'string' ? node.value : undefined;
}
