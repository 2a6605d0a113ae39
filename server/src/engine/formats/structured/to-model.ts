/**
 * Raw tree (offsets) -> neutral model nodes (core/model.ts) with line/column ranges.
 * Format adapters plug in `intercept` to turn some raw nodes into something else
 * (CloudFormation intrinsics become resolved scalars or unknown nodes).
 */
import type { ListNode, MapNode, ModelNode, ScalarNode } from '../../core/model';
import type { LineIndex, SourceRange } from '../../core/range';
import type { RawMap, RawNode } from './raw';

export interface ModelContext {
  file: string;
  text: string;
  lines: LineIndex;
  /** Returns a replacement for a raw node, or undefined to convert it as data. */
  intercept?: (raw: RawNode, ctx: ModelContext) => ModelNode | undefined;
}

export function rangeOf(ctx: ModelContext, start: number, end: number): SourceRange {
  return ctx.lines.range(start, end);
}

export function toModel(raw: RawNode, ctx: ModelContext): ModelNode {
  if (ctx.intercept) {
    const replaced = ctx.intercept(raw, ctx);
    if (replaced) return replaced;
  }
  const range = ctx.lines.range(raw.start, raw.end);
  switch (raw.kind) {
    case 'scalar': {
      const node: ScalarNode = { kind: 'scalar', value: raw.value, file: ctx.file, range };
      return node;
    }
    case 'list': {
      const node: ListNode = { kind: 'list', items: raw.items.map((item) => toModel(item, ctx)), file: ctx.file, range };
      return node;
    }
    case 'map':
      return mapToModel(raw, ctx, range);
  }
}

export function mapToModel(raw: RawMap, ctx: ModelContext, range: SourceRange = ctx.lines.range(raw.start, raw.end)): MapNode {
  const entries = new Map<string, ModelNode>();
  for (const entry of raw.entries) {
    const value = toModel(entry.value, ctx);
    const keyRange = ctx.lines.range(entry.keyStart, entry.keyEnd);
    // A value reached through an alias / merge key was converted from shared raw nodes, but the
    // model node is new each time, so decorating it here never leaks into another entry.
    value.keyRange = keyRange;
    value.entryRange = { start: keyRange.start, end: value.range.end.offset >= keyRange.end.offset ? value.range.end : keyRange.end };
    if (value.kind === 'map') value.headerRange = keyRange;
    entries.set(entry.key, value);
  }
  return { kind: 'map', entries, file: ctx.file, range };
}

/** An empty map standing in for something absent (e.g. a CloudFormation resource without Properties). */
export function emptyMap(file: string, range: SourceRange): MapNode {
  return { kind: 'map', entries: new Map(), file, range };
}
