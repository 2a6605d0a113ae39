/**
 * HCL expressions -> model nodes, resolving `var.*`, `local.*` and `module.*.*` statically.
 *
 * What is known becomes a scalar / list / map; everything else becomes an UnknownNode with its
 * source text and the addresses it refers to (`refs`), so that cross-resource links still work
 * and a policy never sees a guessed value. Refs are absolute: inside module `x` they start with
 * `module.x.`, like the addresses of the resources there.
 */
import type { ModelNode, UnknownNode } from '../../core/model';
import type { HclExpression, HclObject, HclTemplate, HclTraversal } from '../../parsers/hcl/ast';
import { evaluateCall, evaluateOperation } from './functions';
import { atUsage, listNode, mapNode, scalarNode, unknownNode, type FileCtx, type RefsSource } from './nodes';

/** A value reached through a reference, and how to describe the hop (`var.env (terraform.tfvars)`). */
export interface Resolution {
  node: ModelNode;
  via: string;
}

/** What the converter asks the module about; every answer is computed lazily and memoized there. */
export interface Resolver {
  /** `''` for the root module, `module.x.` inside module `x`. */
  readonly prefix: string;
  /** undefined: no value can be known (undeclared, no default, or depends on the command line). */
  variable(name: string): Resolution | undefined;
  local(name: string): Resolution | undefined;
  moduleOutput(module: string, output: string): Resolution | undefined;
  /** Whether a resource of this type is declared in the module (to read refs out of `for` text). */
  isResourceType(name: string): boolean;
}

/** Roots that never name a resource. */
const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'self', 'path', 'terraform']);

/** The address a reference names, relative to its module: `aws_s3_bucket.b`, `var.x`, `data.t.n`. */
function referenceAddress(root: string, names: (string | undefined)[]): string | undefined {
  const [first, second] = names;
  switch (root) {
    case 'var':
    case 'local':
    case 'module':
      return first === undefined ? undefined : `${root}.${first}`;
    case 'data':
      return first === undefined || second === undefined ? undefined : `data.${first}.${second}`;
    case 'each':
    case 'count':
    case 'self':
    case 'path':
    case 'terraform':
      return undefined;
    default:
      return first === undefined ? undefined : `${root}.${first}`;
  }
}

function attrName(step: HclTraversal['steps'][number] | undefined): string | undefined {
  return step?.kind === 'attr' ? step.name : undefined;
}

const REFERENCE_IN_TEXT = /(?<![\w.\-"])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)+)/g;

export class ExpressionConverter implements RefsSource<HclExpression> {
  constructor(private readonly resolver: Resolver) {}

  convert(expr: HclExpression, file: FileCtx): ModelNode {
    switch (expr.kind) {
      case 'literal':
        return scalarNode(file.path, expr.range, expr.value);
      case 'template':
        return this.template(expr, file);
      case 'tuple':
        return listNode(
          file.path,
          expr.range,
          expr.items.map((item) => this.convert(item, file)),
        );
      case 'object':
        return this.object(expr, file);
      case 'traversal':
        return this.traversal(expr, file);
      case 'parens':
        return atUsage(this.convert(expr.expression, file), file.path, expr.range);
      case 'call': {
        const args = expr.expandFinal ? undefined : expr.args.map((a) => this.convert(a, file));
        const result = args && evaluateCall(expr.name, args, file.path, expr.range);
        return result ? atUsage(result, file.path, expr.range) : this.unknown(expr, file);
      }
      case 'conditional': {
        const condition = this.convert(expr.condition, file);
        const value = condition.kind === 'scalar' ? condition.value : undefined;
        const chosen = value === true || value === 'true' ? expr.then : value === false || value === 'false' ? expr.else : undefined;
        // The chosen branch keeps its own range: that is where the value is written.
        return chosen ? this.convert(chosen, file) : this.unknown(expr, file);
      }
      case 'operation': {
        const operands = expr.operands.map((o) => this.convert(o, file));
        return evaluateOperation(expr.operator, operands, file.path, expr.range) ?? this.unknown(expr, file);
      }
      case 'index': {
        const target = this.convert(expr.target, file);
        const key = typeof expr.key === 'string' ? expr.key : this.scalarKey(expr.key, file);
        const child = key === undefined ? undefined : step(target, key);
        if (!child || child.kind === 'unknown') return this.unknown(expr, file);
        return atUsage(child, file.path, expr.range, target.origin ? target.origin.via : undefined);
      }
      case 'for':
      case 'splat':
        return this.unknown(expr, file, expr.text);
      case 'invalid':
      default:
        return this.unknown(expr, file);
    }
  }

  /** An unknown value for `expr`, with every address it refers to (directly or through locals). */
  unknown(expr: HclExpression, file: FileCtx, text?: string): UnknownNode {
    return unknownNode(file, expr.range, { source: this, expr }, text);
  }

  /** The absolute addresses `expr` refers to (computed when an unknown node's refs are read). */
  refsOf(expr: HclExpression): string[] {
    const refs = new Set<string>();
    this.collectRefs(expr, refs);
    return [...refs];
  }

  private template(expr: HclTemplate, file: FileCtx): ModelNode {
    const { parts } = expr;
    if (parts.length === 1 && parts[0].kind === 'interpolation') {
      // `"${x}"` is x itself, whatever its type.
      const inner = this.convert(parts[0].expression, file);
      return inner.kind === 'unknown' ? this.unknown(expr, file) : atUsage(inner, file.path, expr.range);
    }
    let text = '';
    const vias: string[] = [];
    for (const part of parts) {
      if (part.kind === 'text') text += part.value;
      else if (part.kind === 'directive') return this.unknown(expr, file);
      else {
        const value = this.convert(part.expression, file);
        if (value.kind !== 'scalar' || value.value === null) return this.unknown(expr, file);
        text += String(value.value);
        if (value.origin) vias.push(value.origin.via);
      }
    }
    const node = scalarNode(file.path, expr.range, text);
    // The string is composed here; the origin only says which references went into it.
    if (vias.length) node.origin = { file: file.path, range: expr.range, via: vias.join(', ') };
    return node;
  }

  private object(expr: HclObject, file: FileCtx): ModelNode {
    const entries = new Map<string, ModelNode>();
    for (const item of expr.items) {
      const key = this.objectKey(item.key, file);
      // An object whose keys are not known is not known either.
      if (key === undefined) return this.unknown(expr, file);
      const value = this.convert(item.value, file);
      value.keyRange = item.key.range;
      value.entryRange = item.range;
      entries.set(key, value);
    }
    return mapNode(file.path, expr.range, entries);
  }

  private objectKey(key: HclExpression, file: FileCtx): string | undefined {
    // A bare identifier key (`{ env = "x" }`) is written like a one-step traversal.
    if (key.kind === 'traversal' && key.steps.length === 0) return key.root;
    const value = this.scalarKey(key, file);
    return value === undefined ? undefined : String(value);
  }

  private scalarKey(key: HclExpression, file: FileCtx): string | number | undefined {
    const node = this.convert(key, file);
    if (node.kind !== 'scalar') return undefined;
    if (typeof node.value === 'string' || typeof node.value === 'number') return node.value;
    if (typeof node.value === 'boolean') return String(node.value);
    return undefined;
  }

  private traversal(expr: HclTraversal, file: FileCtx): ModelNode {
    const resolved = this.resolveRoot(expr);
    if (!resolved) return this.unknown(expr, file);
    let node: ModelNode | undefined = resolved.resolution.node;
    for (const s of expr.steps.slice(resolved.consumed)) {
      if (!node || node.kind === 'unknown') break;
      if (s.kind === 'splat') node = undefined;
      else if (s.kind === 'attr') node = step(node, s.name);
      else {
        const key = this.scalarKey(s.key, file);
        node = key === undefined ? undefined : step(node, key);
      }
    }
    if (!node || node.kind === 'unknown') return this.unknown(expr, file);
    return atUsage(node, file.path, expr.range, resolved.resolution.via);
  }

  private resolveRoot(expr: HclTraversal): { resolution: Resolution; consumed: number } | undefined {
    const first = attrName(expr.steps[0]);
    if (first === undefined) return undefined;
    let resolution: Resolution | undefined;
    let consumed = 1;
    if (expr.root === 'var') resolution = this.resolver.variable(first);
    else if (expr.root === 'local') resolution = this.resolver.local(first);
    else if (expr.root === 'module') {
      const output = attrName(expr.steps[1]);
      if (output !== undefined) resolution = this.resolver.moduleOutput(first, output);
      consumed = 2;
    }
    return resolution ? { resolution, consumed } : undefined;
  }

  /** Adds the absolute addresses `expr` refers to, following var/local/module values to theirs. */
  collectRefs(expr: HclExpression, out: Set<string>): void {
    switch (expr.kind) {
      case 'traversal': {
        const names = expr.steps.slice(0, 2).map(attrName);
        this.addReference(expr.root, names, out);
        for (const s of expr.steps) if (s.kind === 'index') this.collectRefs(s.key, out);
        return;
      }
      case 'template':
        for (const part of expr.parts) if (part.kind === 'interpolation') this.collectRefs(part.expression, out);
        return;
      case 'tuple':
        for (const item of expr.items) this.collectRefs(item, out);
        return;
      case 'object':
        for (const item of expr.items) {
          if (!(item.key.kind === 'traversal' && item.key.steps.length === 0)) this.collectRefs(item.key, out);
          this.collectRefs(item.value, out);
        }
        return;
      case 'call':
        for (const arg of expr.args) this.collectRefs(arg, out);
        return;
      case 'conditional':
        this.collectRefs(expr.condition, out);
        this.collectRefs(expr.then, out);
        this.collectRefs(expr.else, out);
        return;
      case 'operation':
        for (const operand of expr.operands) this.collectRefs(operand, out);
        return;
      case 'index':
        this.collectRefs(expr.target, out);
        if (typeof expr.key !== 'string') this.collectRefs(expr.key, out);
        return;
      case 'parens':
        this.collectRefs(expr.expression, out);
        return;
      case 'splat':
        this.collectRefs(expr.target, out);
        this.collectRefsInText(expr.text, out);
        return;
      case 'for':
        this.collectRefsInText(expr.text, out);
        return;
      default:
        return;
    }
  }

  /** `for` expressions are kept as text by the parser: find references in it by pattern. */
  private collectRefsInText(text: string, out: Set<string>): void {
    REFERENCE_IN_TEXT.lastIndex = 0;
    for (let m = REFERENCE_IN_TEXT.exec(text); m; m = REFERENCE_IN_TEXT.exec(text)) {
      const root = m[1];
      // An iterator variable (`s.id` in `for s in ...`) looks like a reference; only keep real ones.
      if (!NON_RESOURCE_ROOTS.has(root) && !this.resolver.isResourceType(root)) continue;
      this.addReference(root, m[2].slice(1).split('.').slice(0, 2), out);
    }
  }

  private addReference(root: string, names: (string | undefined)[], out: Set<string>): void {
    const address = referenceAddress(root, names);
    if (!address) return;
    out.add(this.resolver.prefix + address);
    // Follow values that are themselves unknown, so `bucket = local.b` (b = aws_s3_bucket.x.id) links to x.
    let resolution: Resolution | undefined;
    if (root === 'var') resolution = this.resolver.variable(names[0]!);
    else if (root === 'local') resolution = this.resolver.local(names[0]!);
    else if (root === 'module' && names[1] !== undefined) resolution = this.resolver.moduleOutput(names[0]!, names[1]);
    if (resolution) for (const ref of resolutionRefs(resolution)) out.add(ref);
  }
}

const resolutionRefsMemo = new WeakMap<Resolution, readonly string[] | typeof IN_PROGRESS>();
const IN_PROGRESS = Symbol('in progress');

/** Every ref of the unknown values inside a resolved value; memoized, and empty on a cycle. */
function resolutionRefs(resolution: Resolution): readonly string[] {
  const memo = resolutionRefsMemo.get(resolution);
  if (memo === IN_PROGRESS) return [];
  if (memo) return memo;
  resolutionRefsMemo.set(resolution, IN_PROGRESS);
  const out = new Set<string>();
  collectNodeRefs(resolution.node, out);
  const refs = [...out];
  resolutionRefsMemo.set(resolution, refs);
  return refs;
}

/** The refs of every unknown value inside a node. */
export function collectNodeRefs(node: ModelNode, out: Set<string>): void {
  if (node.kind === 'unknown') {
    if (node.refs) for (const ref of node.refs) out.add(ref);
  } else if (node.kind === 'list') for (const item of node.items) collectNodeRefs(item, out);
  else if (node.kind === 'map') for (const value of node.entries.values()) collectNodeRefs(value, out);
}

/** One traversal step into a known value; undefined when it does not exist or is not known. */
function step(node: ModelNode, key: string | number): ModelNode | undefined {
  if (node.kind === 'map') {
    if (node.dynamicBlocks?.length) return undefined;
    return node.entries.get(String(key));
  }
  if (node.kind === 'list') {
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    return Number.isInteger(index) ? node.items[index] : undefined;
  }
  return undefined;
}
