/**
 * Projects an HCL syntax tree to the JSON shape `@cdktf/hcl2json` produces (tmccombs/hcl2json's
 * converter, in the cdktf fork), so the parser can be checked against that reference file by file.
 *
 * The rules, as the reference applies them:
 * - a body is an object: each block nests under its type and then each label, and its body is
 *   appended to an array there; attributes are set after all blocks (an attribute wins over a block
 *   of the same name);
 * - number, bool and null literals are JSON values, and so is `-`/`!` applied to one;
 * - tuples and objects are converted element by element; object keys that are plain traversals
 *   (`a`, `a.b`) are their source text, other keys are converted like template parts;
 * - a template is a string: literal text with `${` and `%{` re-escaped as `$${` / `%%{`, each
 *   interpolated expression as `${<source>}` (literals inlined, nested templates flattened,
 *   conditionals and directives as `%{if ...}...%{endif}` / `%{for ...}...%{endfor}`);
 *   `"${x}"` alone is x converted as an expression;
 * - any other expression is `${<its exact source text>}`.
 * Structures the reference rejects (a block type used both with and without labels) throw.
 */
import type { HclBlock, HclBody, HclExpression, HclFile, HclTemplate, HclTraversal } from './ast';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function hclToJson(file: HclFile): unknown {
  return new Projector(file.text).body(file.body);
}

/** Sets a key without letting `__proto__` reach the prototype. */
function setKey(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function has(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function escapeTemplate(s: string): string {
  if (s.indexOf('{') < 0) return s;
  return s.split('${').join('$${').split('%{').join('%%{');
}

/** Decimal text of a number literal without exponent, as big.Float.Text('f', -1) prints it. */
export function numberLiteralText(src: string): string {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(src);
  if (!m) return String(Number(src));
  let digits = (m[1] ?? '') + (m[2] ?? '');
  let point = (m[1] ?? '').length + (m[3] ? parseInt(m[3], 10) : 0);
  // Strip leading zeros (moving the point) and trailing zeros.
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits.length === 0) return '0';
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}

type TemplateNode =
  | { t: 'text'; value: string }
  | { t: 'expr'; expr: HclExpression }
  | { t: 'if'; cond: HclExpression | undefined; then: TemplateNode[]; else: TemplateNode[] }
  | { t: 'for'; keyVar?: string; valueVar?: string; coll: HclExpression | undefined; body: TemplateNode[] };

class Projector {
  constructor(private readonly text: string) {}

  body(body: HclBody): JsonObject {
    const out: JsonObject = {};
    for (const item of body.items) if (item.type === 'block') this.block(item, out);
    for (const item of body.items) if (item.type === 'attribute') setKey(out, item.name, this.expression(item.value));
    return out;
  }

  private block(block: HclBlock, root: JsonObject): void {
    let out = root;
    let key = block.blockType;
    const path = () => [block.blockType, ...block.labels.map((l) => l.value)].join('.');
    for (const label of block.labels) {
      if (has(out, key)) {
        const inner = out[key];
        if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw new Error(`Unable to convert Block to JSON: ${path()}`);
        out = inner;
      } else {
        const obj: JsonObject = {};
        setKey(out, key, obj);
        out = obj;
      }
      key = label.value;
    }
    const value = this.body(block.body);
    if (has(out, key)) {
      const current = out[key];
      if (!Array.isArray(current)) {
        throw new Error(`invalid HCL detected for "${block.blockType}" block, cannot have blocks with and without labels`);
      }
      current.push(value);
    } else setKey(out, key, [value]);
  }

  /** Source text of a range; like the reference, a `)` right after it is included. */
  private source(expr: HclExpression): string {
    const { start, end } = expr.range;
    let e = end.offset;
    if (this.text.charCodeAt(e) === 41) e++;
    return this.text.slice(start.offset, e);
  }

  private wrap(expr: HclExpression): string {
    return '${' + this.source(expr) + '}';
  }

  expression(expr: HclExpression): Json {
    switch (expr.kind) {
      case 'literal':
        return typeof expr.value === 'string' ? escapeTemplate(expr.value) : expr.value;
      case 'operation':
        if (expr.operands.length === 1 && expr.operands[0].kind === 'literal') return this.unaryLiteral(expr.operator, expr.operands[0].value);
        return this.wrap(expr);
      case 'template':
        if (expr.wrap && expr.parts.length === 1 && expr.parts[0].kind === 'interpolation') return this.expression(expr.parts[0].expression);
        return this.template(expr);
      case 'tuple':
        return expr.items.map((item) => this.expression(item));
      case 'object': {
        const out: JsonObject = {};
        for (const item of expr.items) setKey(out, this.key(item.key), this.expression(item.value));
        return out;
      }
      default:
        return this.wrap(expr);
    }
  }

  private unaryLiteral(op: string, value: string | number | boolean | null): Json {
    if (op === '-') {
      if (typeof value === 'number') return -value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return -Number(value);
      throw new Error('Unsupported operand for "-": a number is required');
    }
    if (typeof value === 'boolean') return !value;
    if (value === 'true' || value === 'false') return value !== 'true';
    throw new Error('Unsupported operand for "!": a bool is required');
  }

  private key(key: HclExpression): string {
    if (key.kind === 'traversal' && isScopeTraversal(key)) return this.source(key);
    return this.stringPart(key);
  }

  private template(t: HclTemplate): string {
    const parts = t.parts;
    if (parts.length === 1 && parts[0].kind === 'text') return escapeTemplate(parts[0].value);
    return this.nodes(buildTemplateTree(t));
  }

  private nodes(nodes: TemplateNode[]): string {
    let out = '';
    for (const node of nodes) out += this.node(node);
    return out;
  }

  private node(node: TemplateNode): string {
    switch (node.t) {
      case 'text':
        return escapeTemplate(node.value);
      case 'expr':
        return this.stringPart(node.expr);
      case 'if': {
        let out = '%{if ' + (node.cond ? this.source(node.cond) : '') + '}' + this.nodes(node.then);
        const otherwise = this.nodes(node.else);
        if (otherwise.length > 0) out += '%{else}' + otherwise;
        return out + '%{endif}';
      }
      case 'for': {
        let out = '%{for ';
        if (node.keyVar) out += node.keyVar + ', ';
        out += (node.valueVar ?? '') + ' in ' + (node.coll ? this.source(node.coll) : '') + '}';
        return out + this.nodes(node.body) + '%{endfor}';
      }
    }
  }

  /** An expression inside a template (the reference's convertStringPart). */
  private stringPart(expr: HclExpression): string {
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null) return 'null';
        if (typeof expr.value === 'number') return numberLiteralText(this.source(expr));
        return typeof expr.value === 'string' ? escapeTemplate(expr.value) : String(expr.value);
      case 'template':
        if (expr.wrap && expr.parts.length === 1 && expr.parts[0].kind === 'interpolation') return this.stringPart(expr.parts[0].expression);
        return this.template(expr);
      case 'conditional': {
        let out = '%{if ' + this.source(expr.condition) + '}' + this.stringPart(expr.then);
        const otherwise = this.stringPart(expr.else);
        if (otherwise.length > 0) out += '%{else}' + otherwise;
        return out + '%{endif}';
      }
      default:
        return this.wrap(expr);
    }
  }
}

/** Plain references (`a`, `a.b`, `a[0]`, `a["k"]`): what HCL parses as a ScopeTraversalExpr. */
function isScopeTraversal(t: HclTraversal): boolean {
  for (const step of t.steps) {
    if (step.kind === 'splat') return false;
    if (step.kind === 'index') {
      const k = step.key;
      if (k.kind === 'literal') continue;
      if (k.kind === 'template' && !k.wrap && k.parts.length === 1 && k.parts[0].kind === 'text') continue;
      return false;
    }
  }
  return true;
}

/** Nests the flat directive markers of a template (HCL's templateParser). */
function buildTemplateTree(t: HclTemplate): TemplateNode[] {
  const parts = t.parts;
  let i = 0;
  const seq = (): TemplateNode[] => {
    const out: TemplateNode[] = [];
    while (i < parts.length) {
      const p = parts[i];
      if (p.kind === 'text') {
        out.push({ t: 'text', value: p.value });
        i++;
      } else if (p.kind === 'interpolation') {
        out.push({ t: 'expr', expr: p.expression });
        i++;
      } else if (p.keyword === 'if') {
        i++;
        const then = seq();
        let otherwise: TemplateNode[] = [];
        const q = parts[i];
        if (q && q.kind === 'directive' && q.keyword === 'else') {
          i++;
          otherwise = seq();
        }
        const r = parts[i];
        if (r && r.kind === 'directive' && r.keyword === 'endif') i++;
        out.push({ t: 'if', cond: p.condition, then, else: otherwise });
      } else if (p.keyword === 'for') {
        i++;
        const body = seq();
        const r = parts[i];
        if (r && r.kind === 'directive' && r.keyword === 'endfor') i++;
        out.push({ t: 'for', keyVar: p.keyVar, valueVar: p.valueVar, coll: p.collection, body });
      } else return out; // else / endif / endfor end the current sequence
    }
    return out;
  };
  const nodes: TemplateNode[] = [];
  while (i < parts.length) {
    nodes.push(...seq());
    if (i < parts.length) i++; // unbalanced end marker: skip it
  }
  return nodes;
}
