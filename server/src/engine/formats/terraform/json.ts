/**
 * Terraform JSON syntax (`.tf.json`, `.tfvars.json`) read into the same HCL syntax tree as
 * native files, so the module builder handles both alike.
 *
 * JSON strings are templates in Terraform: a string whose `${...}` parts are plain references
 * (`${var.env}`, `${aws_s3_bucket.b.id}`) becomes a template of traversals and resolves like
 * native syntax; any other interpolation or directive makes the string an opaque expression
 * (kept as a `for`-kind node carrying its text, which the converter treats as unknown and scans
 * for references). Nested JSON objects in a block body are objects, not blocks: JSON does not
 * say which is which without the provider schema, and `blocks()` reads both.
 */
import { LineIndex, type SourceRange } from '../../core/range';
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclTemplate, HclTraversal } from '../../parsers/hcl/ast';
import { parseJsonWithRanges } from '../structured/json-parser';
import type { RawEntry, RawMap, RawNode } from '../structured/raw';

export interface JsonDocument {
  /** Top-level blocks (`.tf.json`) or attributes (`.tfvars.json`). */
  body: HclBody;
  errors: { message: string; range: SourceRange }[];
}

/** Top-level keys whose value is blocks with that many labels. */
const BLOCK_LABELS = new Map<string, number>([
  ['resource', 2],
  ['data', 2],
  ['module', 1],
  ['provider', 1],
  ['variable', 1],
  ['output', 1],
  ['locals', 0],
  ['terraform', 0],
]);

export function parseTerraformJson(text: string, kind: 'tf.json' | 'tfvars.json'): JsonDocument {
  const lines = new LineIndex(text);
  const parsed = parseJsonWithRanges(text);
  const errors = parsed.errors.map((e) => ({ message: e.message, range: lines.range(e.start, e.end) }));
  const root = parsed.value;
  const body: HclBody = { items: [], range: lines.range(0, text.length) };
  if (!root) return { body, errors };
  if (root.kind !== 'map') {
    errors.push({ message: `A Terraform JSON file must hold an object`, range: lines.range(root.start, root.end) });
    return { body, errors };
  }
  const reader = new JsonReader(lines);
  if (kind === 'tfvars.json') body.items = reader.attributes(root);
  else {
    for (const entry of root.entries) {
      const labels = BLOCK_LABELS.get(entry.key);
      if (labels === undefined) continue;
      reader.blocks(entry.key, labels, entry, [], body.items as HclBlock[]);
    }
  }
  return { body, errors };
}

const SIMPLE_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\$%]*"\])*$/;

class JsonReader {
  constructor(private readonly lines: LineIndex) {}

  private range(start: number, end: number): SourceRange {
    return this.lines.range(start, end);
  }

  /**
   * Blocks of `type` under `entry`: one object level per label (a list of objects may stand for
   * any object, as Terraform allows), then the body.
   */
  blocks(type: string, labelsLeft: number, entry: RawEntry, labels: HclBlock['labels'], out: HclBlock[], node: RawNode = entry.value): void {
    if (node.kind === 'list') {
      for (const item of node.items) this.blocks(type, labelsLeft, entry, labels, out, item);
      return;
    }
    if (node.kind !== 'map') return;
    if (labelsLeft > 0) {
      for (const child of node.entries) {
        if (child.key === '//') continue;
        const label = { value: child.key, range: this.range(child.keyStart, child.keyEnd) };
        this.blocks(type, labelsLeft - 1, child, [...labels, label], out);
      }
      return;
    }
    out.push(this.block(type, labels, entry, node));
  }

  private block(type: string, labels: HclBlock['labels'], entry: RawEntry, node: RawMap): HclBlock {
    const items: (HclAttribute | HclBlock)[] = [];
    for (const child of node.entries) {
      if (child.key === '//') continue;
      if (child.key === 'dynamic' && child.value.kind === 'map') {
        // `"dynamic": {"ingress": {...}}`: its content is not expanded, only its presence matters.
        for (const dyn of child.value.entries) {
          const label = { value: dyn.key, range: this.range(dyn.keyStart, dyn.keyEnd) };
          this.blocks('dynamic', 0, dyn, [label], items as HclBlock[]);
        }
        continue;
      }
      items.push(this.attribute(child));
    }
    // The header of a JSON block is the key that names it (the last label, or the block type).
    const keyStart = node === entry.value ? entry.keyStart : node.start;
    const keyEnd = node === entry.value ? entry.keyEnd : node.start + 1;
    return {
      type: 'block',
      blockType: type,
      typeRange: this.range(keyStart, keyEnd),
      labels,
      body: { items, range: this.range(node.start, node.end) },
      range: this.range(keyStart, node.end),
      openBrace: this.range(node.start, node.start + 1),
      closeBrace: this.range(node.end - 1, node.end),
    };
  }

  attributes(node: RawMap): HclAttribute[] {
    return node.entries.filter((e) => e.key !== '//').map((e) => this.attribute(e));
  }

  private attribute(entry: RawEntry): HclAttribute {
    return {
      type: 'attribute',
      name: entry.key,
      nameRange: this.range(entry.keyStart, entry.keyEnd),
      value: this.expression(entry.value),
      range: this.range(entry.keyStart, entry.value.end),
    };
  }

  private expression(node: RawNode): HclExpression {
    const range = this.range(node.start, node.end);
    switch (node.kind) {
      case 'list':
        return { kind: 'tuple', range, items: node.items.map((i) => this.expression(i)) };
      case 'map':
        return {
          kind: 'object',
          range,
          items: node.entries
            .filter((e) => e.key !== '//')
            .map((e) => ({
              key: { kind: 'literal', value: e.key, range: this.range(e.keyStart, e.keyEnd) } as HclExpression,
              value: this.expression(e.value),
              range: this.range(e.keyStart, e.value.end),
            })),
        };
      case 'scalar':
        if (typeof node.value === 'string') return this.template(node.value, range);
        return { kind: 'literal', value: node.value, range };
    }
  }

  /** A JSON string as a Terraform template (see the file comment). */
  private template(value: string, range: SourceRange): HclExpression {
    if (!value.includes('${') && !value.includes('%{')) return { kind: 'literal', value, range };
    const parts: HclTemplate['parts'] = [];
    let text = '';
    let i = 0;
    while (i < value.length) {
      if ((value.startsWith('$${', i) || value.startsWith('%%{', i))) {
        text += value.slice(i + 1, i + 3);
        i += 3;
        continue;
      }
      if (value.startsWith('%{', i)) return { kind: 'for', range, text: value };
      if (value.startsWith('${', i)) {
        const close = value.indexOf('}', i + 2);
        if (close < 0) return { kind: 'for', range, text: value };
        const inner = value.slice(i + 2, close).replace(/^~/, '').replace(/~$/, '').trim();
        const traversal = SIMPLE_REFERENCE.test(inner) ? this.traversal(inner, range) : undefined;
        if (!traversal) return { kind: 'for', range, text: value };
        if (text) parts.push({ kind: 'text', value: text, range });
        text = '';
        parts.push({ kind: 'interpolation', expression: traversal, range });
        i = close + 1;
        continue;
      }
      text += value[i++];
    }
    if (text) parts.push({ kind: 'text', value: text, range });
    return { kind: 'template', range, parts };
  }

  private traversal(text: string, range: SourceRange): HclTraversal {
    const root = /^[A-Za-z_][\w-]*/.exec(text)![0];
    const steps: HclTraversal['steps'] = [];
    const re = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
    re.lastIndex = root.length;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[1] !== undefined) steps.push({ kind: 'attr', name: m[1] });
      else steps.push({ kind: 'index', key: { kind: 'literal', value: m[2] !== undefined ? Number(m[2]) : m[3], range } });
    }
    return { kind: 'traversal', range, root, steps };
  }
}
