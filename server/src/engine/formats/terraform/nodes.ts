/**
 * Small constructors and copies of model nodes used while converting Terraform syntax.
 * Converted nodes are never mutated once another node may share them, so every value reached
 * through a reference is copied (shallowly) before it gets the usage site's range.
 */
import type { ListNode, MapNode, ModelNode, NodeOrigin, ScalarNode, UnknownNode } from '../../core/model';
import type { SourceRange } from '../../core/range';

/** A file as the converter sees it: its path (for nodes) and text (for unknown expressions' source). */
export interface FileCtx {
  path: string;
  text: string;
  /** JSON syntax (`.tf.json`): a block body's map is the `{...}` object, not the whole entry. */
  json?: boolean;
}

export function scalarNode(file: string, range: SourceRange, value: ScalarNode['value']): ScalarNode {
  return { kind: 'scalar', file, range, value };
}

/** Computes the refs of an expression on demand (the converter). */
export interface RefsSource<E> {
  refsOf(expr: E): string[];
}

/**
 * An unknown value whose `refs` are computed on first read: following references through locals
 * and module inputs costs time and memory, and most unknown values are never asked for theirs.
 * A class (not an object literal with a getter) so that no closure is allocated per node; note
 * that `refs` lives on the prototype, so `{ ...node }` does not copy it.
 */
export class LazyUnknownNode<E = unknown> implements UnknownNode {
  readonly kind = 'unknown' as const;
  declare keyRange?: SourceRange;
  declare entryRange?: SourceRange;
  declare origin?: NodeOrigin;
  #refs: string[] | undefined;
  #source: RefsSource<E> | undefined;
  #expr: E | undefined;
  #from: UnknownNode | undefined;

  constructor(
    public file: string,
    public range: SourceRange,
    public text: string,
    refs: string[] | { source: RefsSource<E>; expr: E } | { from: UnknownNode },
  ) {
    if (Array.isArray(refs)) this.#refs = refs;
    else if ('from' in refs) this.#from = refs.from;
    else {
      this.#source = refs.source;
      this.#expr = refs.expr;
    }
  }

  get refs(): string[] {
    if (!this.#refs) {
      this.#refs = this.#from ? (this.#from.refs ?? []) : this.#source ? this.#source.refsOf(this.#expr as E) : [];
      this.#from = this.#source = this.#expr = undefined;
    }
    return this.#refs;
  }

  set refs(value: string[]) {
    this.#refs = value;
  }
}

export function unknownNode<E>(file: FileCtx, range: SourceRange, refs: string[] | { source: RefsSource<E>; expr: E }, text?: string): UnknownNode {
  return new LazyUnknownNode(file.path, range, text ?? file.text.slice(range.start.offset, range.end.offset), refs);
}

/**
 * The value `node` (written elsewhere) as seen at a usage site: the usage's file and range,
 * and `origin` pointing at where it was defined. `via` names the hop (`var.env (terraform.tfvars)`);
 * an existing origin is kept and the hop is prepended (`local.name → var.env (terraform.tfvars)`).
 */
export function atUsage(node: ModelNode, file: string, range: SourceRange, via?: string): ModelNode {
  let origin: NodeOrigin | undefined = node.origin;
  if (via !== undefined) {
    origin = origin ? { file: origin.file, range: origin.range, via: `${via} → ${origin.via}` } : { file: node.file, range: node.range, via };
  }
  // Built field by field (no spread + delete): `delete` would put nodes in V8's slow mode.
  let copy: ModelNode;
  switch (node.kind) {
    case 'scalar':
      copy = { kind: 'scalar', file, range, value: node.value };
      break;
    case 'unknown':
      copy = new LazyUnknownNode(file, range, node.text, { from: node });
      break;
    case 'list':
      copy = { kind: 'list', file, range, items: node.items };
      break;
    case 'map':
      copy = { kind: 'map', file, range, entries: node.entries };
      if (node.isBlock) copy.isBlock = true;
      if (node.headerRange) copy.headerRange = node.headerRange;
      if (node.dynamicBlocks) copy.dynamicBlocks = node.dynamicBlocks;
      break;
  }
  if (origin) copy.origin = origin;
  return copy;
}

export function mapNode(file: string, range: SourceRange, entries: Map<string, ModelNode>): MapNode {
  return { kind: 'map', file, range, entries };
}

export function listNode(file: string, range: SourceRange, items: ModelNode[]): ListNode {
  return { kind: 'list', file, range, items };
}

/** True when the node holds no unknown value at any depth. */
export function isFullyKnown(node: ModelNode): boolean {
  switch (node.kind) {
    case 'scalar':
      return true;
    case 'unknown':
      return false;
    case 'list':
      return node.items.every(isFullyKnown);
    case 'map':
      for (const value of node.entries.values()) if (!isFullyKnown(value)) return false;
      return !node.dynamicBlocks?.length;
  }
}

/** Structural equality of two fully known values (unknowns are never equal to anything). */
export function sameValue(a: ModelNode, b: ModelNode): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.value === b.value;
  if (a.kind === 'list' && b.kind === 'list') return a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]));
  if (a.kind === 'map' && b.kind === 'map') {
    if (a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) {
      const other = b.entries.get(key);
      if (!other || !sameValue(value, other)) return false;
    }
    return true;
  }
  return false;
}

