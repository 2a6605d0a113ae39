/**
 * Values on both sides of the comparison: what the code sets to a resolved literal, and whether
 * it equals what the state holds, with Terraform's own conversions ("true" == true, "80" == 80)
 * and sets compared without order (the state may list a set's elements in any order).
 */
import type { ModelNode } from '../core/model';
import { SENSITIVE } from './state';

/** Marks "the code does not say" (unknown, null, dynamic): such attributes are never compared. */
export const NOT_LITERAL: unique symbol = Symbol('not literal');

/** The node as plain JSON when it is fully resolved: scalars, lists and object expressions of them. */
export function literalValue(node: ModelNode | undefined): unknown | typeof NOT_LITERAL {
  if (!node) return NOT_LITERAL;
  switch (node.kind) {
    case 'unknown':
      return NOT_LITERAL;
    case 'scalar':
      // `x = null` means "unset": the provider decides, so there is nothing to compare.
      return node.value === null ? NOT_LITERAL : node.value;
    case 'list': {
      const items: unknown[] = [];
      for (const item of node.items) {
        const value = literalValue(item);
        if (value === NOT_LITERAL) return NOT_LITERAL;
        items.push(value);
      }
      return items;
    }
    case 'map': {
      if (node.isBlock || node.dynamicBlocks?.length) return NOT_LITERAL;
      const out: Record<string, unknown> = {};
      for (const [key, child] of node.entries) {
        const value = literalValue(child);
        if (value === NOT_LITERAL) return NOT_LITERAL;
        out[key] = value;
      }
      return out;
    }
  }
}

export function containsSensitive(value: unknown): boolean {
  if (value === SENSITIVE) return true;
  if (Array.isArray(value)) return value.some(containsSensitive);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsSensitive);
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalars as Terraform converts them: a string "true" equals true, "80" equals 80. */
function scalarEqual(code: unknown, state: unknown): boolean {
  if (code === state) return true;
  if (typeof code === 'string' && typeof state === 'string') return jsonTextEqual(code, state);
  if (typeof code === 'boolean' && typeof state === 'string') return String(code) === state.toLowerCase();
  if (typeof state === 'boolean' && typeof code === 'string') return String(state) === code.toLowerCase();
  if (typeof code === 'number' || typeof state === 'number') {
    const other = typeof code === 'number' ? state : code;
    const number = typeof code === 'number' ? code : (state as number);
    return typeof other === 'string' && other.trim() !== '' && Number(other) === number;
  }
  return false;
}

/** Policies and other JSON documents come back from providers re-serialised: compare their meaning. */
function jsonTextEqual(a: string, b: string): boolean {
  const first = a.trimStart()[0];
  if ((first !== '{' && first !== '[') || b.trimStart()[0] !== first) return false;
  try {
    return deepEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Whether the code's literal and the state's value mean the same. */
export function valuesEqual(code: unknown, state: unknown): boolean {
  if (Array.isArray(code)) {
    if (!Array.isArray(state) || state.length !== code.length) return false;
    if (code.every((c, i) => valuesEqual(c, state[i]))) return true;
    // Sets: same elements in another order.
    const unused = [...state];
    return code.every((c) => {
      const at = unused.findIndex((s) => valuesEqual(c, s));
      if (at < 0) return false;
      unused.splice(at, 1);
      return true;
    });
  }
  if (isObject(code)) {
    // An attribute assigned as an object may be stored as a one-element list (nested block types).
    const target = Array.isArray(state) && state.length === 1 ? state[0] : state;
    if (!isObject(target)) return false;
    const stateKeys = Object.keys(target).filter((k) => target[k] !== null);
    const codeKeys = Object.keys(code).filter((k) => code[k] !== null);
    if (stateKeys.length !== codeKeys.length) return false;
    return codeKeys.every((k) => k in target && valuesEqual(code[k], target[k]));
  }
  return scalarEqual(code, state);
}

/** Providers normalise absent values (null -> {} / [] / ""), and re-serialise JSON documents: neither is drift. */
function sameMeaning(a: unknown, b: unknown): boolean {
  if (deepEqual(a, b) || (isEmpty(a) && isEmpty(b))) return true;
  return typeof a === 'string' && typeof b === 'string' && jsonTextEqual(a, b);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/** Paths (`tags.Env`, `ingress.0.from_port`) where two JSON values differ; '' when they differ as wholes. */
export function differingPaths(before: unknown, after: unknown, path = '', out: string[] = []): string[] {
  if (sameMeaning(before, after)) return out;
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      differingPaths(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && path) {
    before.forEach((b, i) => differingPaths(b, after[i], `${path}.${i}`, out));
    return out;
  }
  out.push(path);
  return out;
}

/** The value at a dotted path (`ingress.0.from_port`), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path ? path.split('.') : []) {
    if (Array.isArray(current)) current = current[Number(step)];
    else if (isObject(current)) current = current[step];
    else return undefined;
  }
  return current;
}
