/** Shared helpers for the YAML/JSON adapter tests. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelNode } from '../../../../server/src/engine/core/model';
import type { SourceRange } from '../../../../server/src/engine/core/range';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The text a range covers. */
export function slice(text: string, range: SourceRange | undefined): string {
  assert.ok(range, 'range is missing');
  return text.slice(range.start.offset, range.end.offset);
}

/** `[startLine, startColumn, endLine, endColumn]`, 0-based, for compact exact assertions. */
export function lc(range: SourceRange | undefined): [number, number, number, number] {
  assert.ok(range, 'range is missing');
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

export { applyEdits } from '../../../../server/src/engine/core/edits';

/** A node's plain JavaScript value (unknown nodes become `{ unknown: text }`). */
export function plain(node: ModelNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'unknown':
      return { unknown: node.text, refs: node.refs ?? [] };
    case 'list':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, plain(v)]));
  }
}
