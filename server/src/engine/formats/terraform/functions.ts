/**
 * The few Terraform functions and operators evaluated statically. Each one is evaluated only
 * when its inputs are known and the result is exactly what Terraform computes; anything else
 * returns undefined, which the caller turns into an unknown value (never a guess).
 */
import type { ModelNode } from '../../core/model';
import type { SourceRange } from '../../core/range';
import { isFullyKnown, listNode, mapNode, scalarNode } from './nodes';

type Evaluator = (args: ModelNode[], file: string, range: SourceRange) => ModelNode | undefined;

function stringArg(node: ModelNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

const FUNCTIONS: Record<string, Evaluator> = {
  lower: (args, file, range) => {
    const s = args.length === 1 ? stringArg(args[0]) : undefined;
    return s === undefined ? undefined : scalarNode(file, range, s.toLowerCase());
  },
  upper: (args, file, range) => {
    const s = args.length === 1 ? stringArg(args[0]) : undefined;
    return s === undefined ? undefined : scalarNode(file, range, s.toUpperCase());
  },
  tostring: (args, file, range) => {
    const a = args.length === 1 ? args[0] : undefined;
    if (a?.kind !== 'scalar') return undefined;
    return scalarNode(file, range, a.value === null ? null : String(a.value));
  },
  tobool: (args, file, range) => {
    const a = args.length === 1 ? args[0] : undefined;
    if (a?.kind !== 'scalar') return undefined;
    if (a.value === null || typeof a.value === 'boolean') return scalarNode(file, range, a.value);
    if (a.value === 'true' || a.value === 'false') return scalarNode(file, range, a.value === 'true');
    return undefined;
  },
  tonumber: (args, file, range) => {
    const a = args.length === 1 ? args[0] : undefined;
    if (a?.kind !== 'scalar') return undefined;
    if (a.value === null || typeof a.value === 'number') return scalarNode(file, range, a.value);
    if (typeof a.value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(a.value)) return scalarNode(file, range, Number(a.value));
    return undefined;
  },
  merge: (args, file, range) => {
    // Later arguments win, as in Terraform. Entries keep their own nodes (and ranges).
    const entries = new Map<string, ModelNode>();
    for (const arg of args) {
      if (arg.kind === 'scalar' && arg.value === null) continue;
      if (arg.kind !== 'map' || arg.dynamicBlocks?.length) return undefined;
      for (const [key, value] of arg.entries) {
        entries.delete(key);
        entries.set(key, value);
      }
    }
    return mapNode(file, range, entries);
  },
  concat: (args, file, range) => {
    const items: ModelNode[] = [];
    for (const arg of args) {
      if (arg.kind !== 'list') return undefined;
      items.push(...arg.items);
    }
    return listNode(file, range, items);
  },
  lookup: (args) => {
    if (args.length < 2 || args.length > 3 || args[0].kind !== 'map' || args[0].dynamicBlocks?.length) return undefined;
    const key = stringArg(args[1]);
    if (key === undefined) return undefined;
    return args[0].entries.get(key) ?? args[2];
  },
  jsonencode: (args, file, range) => {
    if (args.length !== 1 || !isFullyKnown(args[0])) return undefined;
    const json = toJson(args[0]);
    return json === undefined ? undefined : scalarNode(file, range, json);
  },
};

/** `name(args...)` when it can be computed exactly; `args` are already converted. */
export function evaluateCall(name: string, args: ModelNode[], file: string, range: SourceRange): ModelNode | undefined {
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn?.(args, file, range);
}

/** Terraform's jsonencode: object keys sorted, and Go's HTML-safe escapes for `<`, `>`, `&`. */
function toJson(node: ModelNode): string | undefined {
  switch (node.kind) {
    case 'scalar':
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) return undefined;
      return goEscape(JSON.stringify(node.value));
    case 'list': {
      const parts: string[] = [];
      for (const item of node.items) {
        const part = toJson(item);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return `[${parts.join(',')}]`;
    }
    case 'map': {
      const parts: string[] = [];
      for (const key of [...node.entries.keys()].sort()) {
        const part = toJson(node.entries.get(key)!);
        if (part === undefined) return undefined;
        parts.push(`${goEscape(JSON.stringify(key))}:${part}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Unary and binary operators over known scalars of matching types. */
export function evaluateOperation(operator: string, operands: ModelNode[], file: string, range: SourceRange): ModelNode | undefined {
  if (!operands.every((o) => o.kind === 'scalar')) return undefined;
  const values = operands.map((o) => (o.kind === 'scalar' ? o.value : undefined));
  if (values.length === 1) {
    const [v] = values;
    if (operator === '!' && typeof v === 'boolean') return scalarNode(file, range, !v);
    if (operator === '-' && typeof v === 'number') return scalarNode(file, range, -v);
    return undefined;
  }
  if (values.length !== 2) return undefined;
  const [a, b] = values;
  switch (operator) {
    case '==':
    case '!=': {
      // Terraform compares type and value; mixed types would need its conversion rules, so stay unknown.
      if (a !== null && b !== null && typeof a !== typeof b) return undefined;
      return scalarNode(file, range, operator === '==' ? a === b : a !== b);
    }
    case '&&':
    case '||':
      if (typeof a !== 'boolean' || typeof b !== 'boolean') return undefined;
      return scalarNode(file, range, operator === '&&' ? a && b : a || b);
  }
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (operator) {
    case '+':
      return scalarNode(file, range, a + b);
    case '-':
      return scalarNode(file, range, a - b);
    case '*':
      return scalarNode(file, range, a * b);
    case '/':
      return b === 0 ? undefined : scalarNode(file, range, a / b);
    case '%':
      return b === 0 ? undefined : scalarNode(file, range, a % b);
    case '<':
      return scalarNode(file, range, a < b);
    case '>':
      return scalarNode(file, range, a > b);
    case '<=':
      return scalarNode(file, range, a <= b);
    case '>=':
      return scalarNode(file, range, a >= b);
  }
  return undefined;
}
