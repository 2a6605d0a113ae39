/**
 * Reading IAM policy documents wherever Terraform writes them:
 *  - a JSON string (heredoc, quoted string, or a `jsonencode({...})` the adapter could evaluate);
 *  - a `jsonencode({...})` the adapter could not evaluate because some value is unknown (an ARN of
 *    another resource, a variable): its source text is re-parsed as HCL and read conservatively,
 *    every non-literal value staying unknown, so the statements that are fully literal can still
 *    be judged and reported at their exact position;
 *  - `data "aws_iam_policy_document"` statement blocks (read from the model directly).
 */
import type { ModelNode, UnknownNode } from '../../../server/src/engine/core/model';
import type { Position, SourceRange } from '../../../server/src/engine/core/range';
import type { HclExpression } from '../../../server/src/engine/parsers/hcl/ast';
import { parseHcl } from '../../../server/src/engine/parsers/hcl/parser';

/** JSON with positions: every value may carry the source range to report at. */
export type PValue =
  | { kind: 'string'; value: string; range?: SourceRange }
  | { kind: 'other'; range?: SourceRange }
  | { kind: 'unknown'; range?: SourceRange }
  | { kind: 'array'; items: PValue[]; range?: SourceRange }
  | { kind: 'object'; entries: Map<string, PValue>; range?: SourceRange };

/** A policy statement that allows every action on every resource. */
export interface AdminStatement {
  /** `Sid` or the statement's position (1-based) in the document. */
  label: string;
  /** Where to report: the `"*"` action when its position is known. */
  range?: SourceRange;
}

// ----------------------------------------------------------------------------- JSON strings

function fromJson(value: unknown): PValue {
  if (typeof value === 'string') return { kind: 'string', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(fromJson) };
  if (value && typeof value === 'object') {
    const entries = new Map<string, PValue>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) entries.set(k, fromJson(v));
    return { kind: 'object', entries };
  }
  return { kind: 'other' };
}

// ----------------------------------------------------------------------------- model nodes

function fromModel(node: ModelNode): PValue {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string' ? { kind: 'string', value: node.value, range: node.range } : { kind: 'other', range: node.range };
    case 'unknown':
      return { kind: 'unknown', range: node.range };
    case 'list':
      return { kind: 'array', items: node.items.map(fromModel), range: node.range };
    case 'map': {
      const entries = new Map<string, PValue>();
      for (const [k, v] of node.entries) entries.set(k, fromModel(v));
      return { kind: 'object', entries, range: node.range };
    }
  }
}

// ----------------------------------------------------------------------------- unknown jsonencode(...)

const WRAP = '__iac_audit_policy = ';

/** Maps offsets of `text` (written at `start`) to positions in the file. */
function positionMapper(text: string, start: Position): (offset: number) => Position {
  const newlines: number[] = [];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) newlines.push(i);
  return (offset) => {
    let line = 0;
    while (line < newlines.length && newlines[line] < offset) line++;
    const column = line === 0 ? start.column + offset : offset - newlines[line - 1] - 1;
    return { line: start.line + line, column, offset: start.offset + offset };
  };
}

function literalText(expr: HclExpression): string | undefined {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind === 'template' && !expr.heredoc && expr.parts.every((p) => p.kind === 'text')) {
    return expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  }
  return undefined;
}

function fromHcl(expr: HclExpression, at: (range: SourceRange) => SourceRange): PValue {
  const range = at(expr.range);
  if (expr.kind === 'parens') return fromHcl(expr.expression, at);
  const text = literalText(expr);
  if (text !== undefined) return { kind: 'string', value: text, range };
  if (expr.kind === 'literal') return { kind: 'other', range };
  if (expr.kind === 'tuple') return { kind: 'array', items: expr.items.map((item) => fromHcl(item, at)), range };
  if (expr.kind === 'object') {
    const entries = new Map<string, PValue>();
    for (const item of expr.items) {
      const key = item.key.kind === 'traversal' && item.key.steps.length === 0 ? item.key.root : literalText(item.key);
      if (key === undefined) return { kind: 'unknown', range }; // computed keys: the object is not known
      entries.set(key, fromHcl(item.value, at));
    }
    return { kind: 'object', entries, range };
  }
  return { kind: 'unknown', range };
}

/** The document inside an unknown `jsonencode({...})`, or undefined when it is something else. */
function fromJsonencodeText(node: UnknownNode): PValue | undefined {
  // Only the expression's own source text can be mapped back to positions.
  if (node.origin || !/^\s*jsonencode\s*\(/.test(node.text)) return undefined;
  if (node.text.length !== node.range.end.offset - node.range.start.offset) return undefined;
  let parsed;
  try {
    parsed = parseHcl('<policy>', WRAP + node.text);
  } catch {
    return undefined;
  }
  const item = parsed.body.items[0];
  if (parsed.diagnostics.length || !item || item.type !== 'attribute') return undefined;
  const call = item.value;
  if (call.kind !== 'call' || call.name !== 'jsonencode' || call.args.length !== 1) return undefined;
  const map = positionMapper(node.text, node.range.start);
  const at = (r: SourceRange): SourceRange => ({ start: map(r.start.offset - WRAP.length), end: map(r.end.offset - WRAP.length) });
  return fromHcl(call.args[0], at);
}

// ----------------------------------------------------------------------------- analysis

/** Reads a `policy` attribute's value as a document; undefined when it cannot be read at all. */
export function policyDocument(node: ModelNode | undefined): PValue | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') {
    if (typeof node.value !== 'string') return undefined;
    try {
      return fromJson(JSON.parse(node.value));
    } catch {
      return undefined; // not JSON (a half-typed heredoc, a template): nothing to judge
    }
  }
  if (node.kind === 'map') return fromModel(node);
  if (node.kind === 'unknown') return fromJsonencodeText(node);
  return undefined;
}

function items(value: PValue | undefined): PValue[] {
  if (!value) return [];
  return value.kind === 'array' ? value.items : [value];
}

/** The `"*"` item of an Action/Resource value, if there is one (unknown items never count). */
function wildcard(value: PValue | undefined): PValue | undefined {
  return items(value).find((v) => v.kind === 'string' && v.value.trim() === '*');
}

/** Statements that Allow Action "*" on Resource "*". */
export function adminStatements(document: PValue): AdminStatement[] {
  if (document.kind !== 'object') return [];
  const out: AdminStatement[] = [];
  items(document.entries.get('Statement')).forEach((statement, index) => {
    if (statement.kind !== 'object') return;
    const effect = statement.entries.get('Effect');
    if (effect?.kind !== 'string' || effect.value !== 'Allow') return;
    const action = wildcard(statement.entries.get('Action'));
    if (!action || !wildcard(statement.entries.get('Resource'))) return;
    const sid = statement.entries.get('Sid');
    const label = sid?.kind === 'string' && sid.value ? `statement "${sid.value}"` : `statement ${index + 1}`;
    out.push({ label, range: action.range });
  });
  return out;
}
