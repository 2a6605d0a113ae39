/**
 * HCL parser: exact ranges, templates and heredocs, comments, expressions, and error recovery on
 * the half-typed files an editor sends on every keystroke.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, type SourceRange } from '../../../server/src/engine/core/range';
import type {
  HclAttribute,
  HclBlock,
  HclBody,
  HclExpression,
  HclFile,
  HclTemplate,
  HclTraversal,
} from '../../../server/src/engine/parsers/hcl/ast';
import { parseHcl } from '../../../server/src/engine/parsers/hcl/parser';

/** [startLine, startColumn, endLine, endColumn], 0-based. */
function at(r: SourceRange): [number, number, number, number] {
  return [r.start.line, r.start.column, r.end.line, r.end.column];
}

function src(file: HclFile, r: SourceRange): string {
  return file.text.slice(r.start.offset, r.end.offset);
}

function block(body: HclBody, i: number): HclBlock {
  const item = body.items[i];
  assert.equal(item?.type, 'block', `item ${i} is not a block`);
  return item as HclBlock;
}

function attr(body: HclBody, name: string): HclAttribute {
  const item = body.items.find((i): i is HclAttribute => i.type === 'attribute' && i.name === name);
  assert.ok(item, `no attribute ${name}`);
  return item;
}

function value<K extends HclExpression['kind']>(body: HclBody, name: string, kind: K): Extract<HclExpression, { kind: K }> {
  const v = attr(body, name).value;
  assert.equal(v.kind, kind, `${name} is ${v.kind}, not ${kind}`);
  return v as Extract<HclExpression, { kind: K }>;
}

function diags(file: HclFile): [string, [number, number, number, number]][] {
  return file.diagnostics.map((d) => [d.message, at(d.range)]);
}

/** Summary of the blocks and attributes, for recovery tests. */
function outline(body: HclBody): string[] {
  const out: string[] = [];
  for (const item of body.items) {
    if (item.type === 'attribute') out.push(`${item.name}=${item.value.kind}`);
    else out.push(`${[item.blockType, ...item.labels.map((l) => l.value)].join(' ')}{${outline(item.body).join(',')}}${item.closeBrace ? '' : '!'}`);
  }
  return out;
}

/** Every range in the tree, for consistency checks. */
function allRanges(file: HclFile): SourceRange[] {
  const out: SourceRange[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if ('start' in node && 'end' in node && typeof (node as SourceRange).start === 'object') {
      out.push(node as SourceRange);
      return;
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(file.body);
  walk(file.comments);
  walk(file.diagnostics);
  return out;
}

function assertRangesMatchLineIndex(file: HclFile): void {
  const index = new LineIndex(file.text);
  for (const r of allRanges(file)) {
    for (const p of [r.start, r.end]) {
      assert.deepEqual(p, index.position(p.offset), `position at offset ${p.offset}`);
    }
    assert.ok(r.start.offset <= r.end.offset && r.end.offset <= file.text.length, 'range within the text');
  }
}

describe('HCL parser', () => {
  describe('ranges', () => {
    const text = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n  acl    = var.acl\n\n  versioning {\n    enabled = true\n  }\n}\n';
    const file = parseHcl('main.tf', text);

    it('parses without diagnostics', () => {
      assert.deepEqual(file.diagnostics, []);
      assert.equal(file.path, 'main.tf');
      assert.equal(file.text, text);
    });

    it('block: type, labels (with quotes), braces, body and whole range', () => {
      const b = block(file.body, 0);
      assert.equal(b.blockType, 'resource');
      assert.deepEqual(at(b.typeRange), [0, 0, 0, 8]);
      assert.deepEqual(b.labels.map((l) => l.value), ['aws_s3_bucket', 'logs']);
      assert.deepEqual(b.labels.map((l) => at(l.range)), [
        [0, 9, 0, 24],
        [0, 25, 0, 31],
      ]);
      assert.equal(src(file, b.labels[0].range), '"aws_s3_bucket"');
      assert.deepEqual(at(b.openBrace), [0, 32, 0, 33]);
      assert.deepEqual(at(b.closeBrace!), [7, 0, 7, 1]);
      assert.deepEqual(at(b.body.range), [0, 32, 7, 1]);
      assert.deepEqual(at(b.range), [0, 0, 7, 1]);
      assert.equal(b.range.start.offset, 0);
      assert.equal(b.range.end.offset, text.length - 1);
    });

    it('attributes: name, value and whole range', () => {
      const body = block(file.body, 0).body;
      const bucket = attr(body, 'bucket');
      assert.deepEqual(at(bucket.nameRange), [1, 2, 1, 8]);
      assert.deepEqual(at(bucket.value.range), [1, 11, 1, 17]);
      assert.deepEqual(at(bucket.range), [1, 2, 1, 17]);
      assert.equal(src(file, bucket.value.range), '"logs"');
      const acl = value(body, 'acl', 'traversal');
      assert.equal(acl.root, 'var');
      assert.deepEqual(acl.steps, [{ kind: 'attr', name: 'acl' }]);
      assert.deepEqual(at(acl.range), [2, 11, 2, 18]);
    });

    it('nested blocks', () => {
      const v = block(block(file.body, 0).body, 2);
      assert.equal(v.blockType, 'versioning');
      assert.deepEqual(v.labels, []);
      assert.deepEqual(at(v.range), [4, 2, 6, 3]);
      const enabled = attr(v.body, 'enabled');
      assert.deepEqual(enabled.value, { kind: 'literal', value: true, range: enabled.value.range });
      assert.deepEqual(at(enabled.value.range), [5, 14, 5, 18]);
    });

    it('one-line blocks and bare labels', () => {
      const f = parseHcl('x.tf', 'provider aws { region = "eu-west-1" }\nempty {}\n');
      assert.deepEqual(f.diagnostics, []);
      const p = block(f.body, 0);
      assert.deepEqual(p.labels.map((l) => [l.value, at(l.range)]), [['aws', [0, 9, 0, 12]]]);
      assert.deepEqual(at(attr(p.body, 'region').range), [0, 15, 0, 35]);
      assert.deepEqual(at(p.closeBrace!), [0, 36, 0, 37]);
      const e = block(f.body, 1);
      assert.deepEqual([e.blockType, e.body.items.length, at(e.range)], ['empty', 0, [1, 0, 1, 8]]);
    });

    it('columns count UTF-16 code units; \\r\\n and a lone \\r end lines like LineIndex', () => {
      const f = parseHcl('u.tf', 'a = "🎉é"\r\nb = 1\rc = [\r\n  2,\n]\n');
      assert.deepEqual(at(attr(f.body, 'a').value.range), [0, 4, 0, 9]);
      assert.deepEqual(at(attr(f.body, 'b').range), [1, 0, 1, 5]);
      assert.deepEqual(at(attr(f.body, 'c').value.range), [2, 4, 4, 1]);
      assertRangesMatchLineIndex(f);
    });

    it('every range in every fixture equals LineIndex positions', () => {
      const dir = join(__dirname, 'hcl-fixtures');
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
        const f = parseHcl(name, readFileSync(join(dir, name), 'utf8'));
        assert.deepEqual(f.diagnostics, [], name);
        assertRangesMatchLineIndex(f);
      }
    });
  });

  describe('templates', () => {
    it('literal strings decode escapes', () => {
      const f = parseHcl('s.tf', 'a = "q\\" \\\\ \\n \\t \\u00e9 \\U0001F600 $${x} %%{y}"\n');
      const t = value(f.body, 'a', 'template');
      assert.deepEqual(t.parts.map((p) => [p.kind, p.kind === 'text' ? p.value : '']), [['text', 'q" \\ \n \t é 😀 ${x} %{y}']]);
      assert.equal(t.wrap, undefined);
    });

    it('interpolation parts with exact ranges, nested braces and strings', () => {
      const text = 'a = "x-${var.name}-${lookup(m, "}", { k = "v" })}${"in${y}"}"\n';
      const f = parseHcl('s.tf', text);
      assert.deepEqual(f.diagnostics, []);
      const t = value(f.body, 'a', 'template');
      assert.deepEqual(
        t.parts.map((p) => [p.kind, src(f, p.range)]),
        [
          ['text', 'x-'],
          ['interpolation', '${var.name}'],
          ['text', '-'],
          ['interpolation', '${lookup(m, "}", { k = "v" })}'],
          ['interpolation', '${"in${y}"}'],
        ],
      );
      const first = t.parts[1];
      assert.equal(first.kind, 'interpolation');
      if (first.kind === 'interpolation') {
        assert.equal(first.expression.kind, 'traversal');
        assert.equal(src(f, first.expression.range), 'var.name');
      }
      const call = t.parts[3];
      assert.ok(call.kind === 'interpolation' && call.expression.kind === 'call');
      if (call.kind === 'interpolation' && call.expression.kind === 'call') {
        assert.equal(call.expression.name, 'lookup');
        assert.deepEqual(call.expression.args.map((x) => x.kind), ['traversal', 'template', 'object']);
      }
      const nested = t.parts[4];
      assert.ok(nested.kind === 'interpolation' && nested.expression.kind === 'template');
    });

    it('"${x}" alone is a wrapped expression', () => {
      const f = parseHcl('s.tf', 'a = "${var.x}"\nb = "${var.x} "\nc = "${var.x~} "\n');
      assert.equal(value(f.body, 'a', 'template').wrap, true);
      assert.equal(value(f.body, 'b', 'template').wrap, undefined);
      // `~}` trims the space away, but the template still has a (now empty) literal part.
      const c = value(f.body, 'c', 'template');
      assert.equal(c.wrap, undefined);
      assert.deepEqual(c.parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['interpolation', '']);
    });

    it('~ strip markers trim the neighbouring literal white space', () => {
      const f = parseHcl('s.tf', 'a = "x  ${~ y ~}  z"\n');
      const t = value(f.body, 'a', 'template');
      assert.deepEqual(t.parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['x', 'interpolation', 'z']);
    });

    it('directives are flat markers with their parsed pieces', () => {
      const f = parseHcl('s.tf', 'a = "%{ if c }y%{ else }n%{ endif }"\nb = "%{ for k, v in m ~}${k}%{ endfor }"\n');
      assert.deepEqual(f.diagnostics, []);
      const a = value(f.body, 'a', 'template');
      assert.deepEqual(
        a.parts.map((p) => (p.kind === 'directive' ? `${p.keyword}:${p.text}` : p.kind === 'text' ? p.value : p.kind)),
        ['if:%{ if c }', 'y', 'else:%{ else }', 'n', 'endif:%{ endif }'],
      );
      const cond = a.parts[0];
      assert.ok(cond.kind === 'directive' && cond.condition?.kind === 'traversal');
      const b = value(f.body, 'b', 'template');
      const loop = b.parts[0];
      assert.ok(loop.kind === 'directive');
      if (loop.kind === 'directive') {
        assert.deepEqual([loop.keyword, loop.keyVar, loop.valueVar, loop.collection?.kind], ['for', 'k', 'v', 'traversal']);
        assert.equal(src(f, loop.range), '%{ for k, v in m ~}');
      }
    });

    it('reports unbalanced directives', () => {
      const f = parseHcl('s.tf', 'a = "%{ if c }y"\nb = "x%{ endfor }"\n');
      assert.deepEqual(diags(f), [
        ['The %{if} directive has no matching %{endif}', [0, 5, 0, 14]],
        ['Unexpected %{endfor} directive', [1, 6, 1, 17]],
      ]);
    });
  });

  describe('heredocs', () => {
    it('<<EOT keeps its content and range', () => {
      const text = 'a = <<EOT\n  keep ${x}\n    indentation\nEOT\nb = 1\n';
      const f = parseHcl('h.tf', text);
      assert.deepEqual(f.diagnostics, []);
      const t = value(f.body, 'a', 'template');
      assert.deepEqual(t.heredoc, { marker: 'EOT', indented: false });
      assert.deepEqual(t.parts.map((p) => (p.kind === 'text' ? p.value : src(f, p.range))), ['  keep ', '${x}', '\n    indentation\n']);
      assert.deepEqual(at(t.range), [0, 4, 3, 3]);
      assert.deepEqual(at(attr(f.body, 'b').range), [4, 0, 4, 5]);
    });

    it('<<-EOT strips the smallest indentation of its non-blank lines, as HCL does', () => {
      const text = 'a = <<-EOT\n    hello ${name}\n      world\n\n    EOT\n';
      const f = parseHcl('h.tf', text);
      assert.deepEqual(f.diagnostics, []);
      const t = value(f.body, 'a', 'template');
      assert.deepEqual(t.heredoc, { marker: 'EOT', indented: true });
      assert.deepEqual(t.parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['hello ', 'interpolation', '\n  world\n\n']);
      // The first literal starts after the removed indentation.
      assert.deepEqual(at(t.parts[0].range), [1, 4, 1, 10]);
      assert.deepEqual(at(t.parts[1].range), [1, 10, 1, 17]);
      assert.deepEqual(at(t.parts[2].range), [1, 17, 4, 0]);
      assert.deepEqual(at(t.range), [0, 4, 4, 7]);
    });

    it('tabs count as one character each; a line starting with an interpolation is not indented', () => {
      const f = parseHcl('h.tf', 'a = <<-EOT\n\t\tx\n\t\t  y\n\t\tEOT\nb = <<-EOT\n    x\n${y}\n    EOT\n');
      assert.deepEqual(value(f.body, 'a', 'template').parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['x\n  y\n']);
      assert.deepEqual(value(f.body, 'b', 'template').parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['    x\n', 'interpolation', '\n']);
    });

    it('backslashes are literal; $${ and %%{ are escapes', () => {
      const f = parseHcl('h.tf', 'a = <<EOT\n\\n "q" $${x} %%{y}\nEOT\n');
      assert.deepEqual(value(f.body, 'a', 'template').parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['\\n "q" ${x} %{y}\n']);
    });
  });

  describe('expressions', () => {
    const parse1 = (expr: string): { f: HclFile; e: HclExpression } => {
      const f = parseHcl('e.tf', `x = ${expr}\n`);
      assert.deepEqual(f.diagnostics, [], expr);
      return { f, e: attr(f.body, 'x').value };
    };
    const shape = (e: HclExpression): unknown => {
      switch (e.kind) {
        case 'literal':
          return e.value;
        case 'traversal':
          return [e.root, ...e.steps.map((s) => (s.kind === 'attr' ? s.name : s.kind === 'splat' ? '*' : [shape(s.key)]))].join('.');
        case 'operation':
          return [e.operator, ...e.operands.map(shape)];
        case 'conditional':
          return ['?', shape(e.condition), shape(e.then), shape(e.else)];
        case 'parens':
          return ['()', shape(e.expression)];
        case 'call':
          return [`${e.name}()`, ...e.args.map(shape), ...(e.expandFinal ? ['...'] : [])];
        case 'index':
          return ['[]', shape(e.target), typeof e.key === 'string' ? e.key : shape(e.key)];
        case 'splat':
          return ['splat', shape(e.target), e.text];
        case 'tuple':
          return e.items.map(shape);
        case 'object':
          return Object.fromEntries(e.items.map((i) => [JSON.stringify(shape(i.key)), shape(i.value)]));
        case 'template':
          return e.parts.map((p) => (p.kind === 'text' ? p.value : p.kind));
        default:
          return e.kind;
      }
    };

    it('numbers, bools, null', () => {
      assert.deepEqual(
        ['42', '3.14', '1e3', '2.5E+2', '1e-7', '007', '1.e5', 'true', 'false', 'null'].map((s) => shape(parse1(s).e)),
        [42, 3.14, 1000, 250, 1e-7, 7, 100000, true, false, null],
      );
    });

    it('operator precedence and associativity follow HCL', () => {
      assert.deepEqual(shape(parse1('1 + 2 * 3 - 4').e), ['-', ['+', 1, ['*', 2, 3]], 4]);
      assert.deepEqual(shape(parse1('a || b && c == d').e), ['||', 'a', ['&&', 'b', ['==', 'c', 'd']]]);
      assert.deepEqual(shape(parse1('a < b == c >= d').e), ['==', ['<', 'a', 'b'], ['>=', 'c', 'd']]);
      assert.deepEqual(shape(parse1('-a + !b').e), ['+', ['-', 'a'], ['!', 'b']]);
      assert.deepEqual(shape(parse1('(1 + 2) * 3').e), ['*', ['()', ['+', 1, 2]], 3]);
      assert.deepEqual(shape(parse1('a ? b : c ? d : e').e), ['?', 'a', 'b', ['?', 'c', 'd', 'e']]);
    });

    it('traversals collect attribute, index and splat steps', () => {
      assert.deepEqual(shape(parse1('a.b[0]["k"][each.key].*.c[*].d').e), 'a.b.0.k.each.key.*.c.*.d');
      const { f, e } = parse1('aws_instance.web.0.id');
      assert.deepEqual((e as HclTraversal).steps, [
        { kind: 'attr', name: 'web' },
        { kind: 'index', key: { kind: 'literal', value: 0, range: ((e as HclTraversal).steps[1] as { key: HclExpression }).key.range } },
        { kind: 'attr', name: 'id' },
      ]);
      assert.equal(src(f, e.range), 'aws_instance.web.0.id');
    });

    it('index, attribute and splat on other expressions', () => {
      assert.deepEqual(shape(parse1('f(x)[0].y').e), ['[]', ['[]', ['f()', 'x'], 0], 'y']);
      assert.deepEqual(shape(parse1('f(x)[*].id').e), ['splat', ['f()', 'x'], 'f(x)[*].id']);
      assert.deepEqual(shape(parse1('(a).b').e), ['[]', ['()', 'a'], 'b']);
    });

    it('function calls: provider functions, expansion, newlines and trailing commas', () => {
      assert.deepEqual(shape(parse1('provider::aws::arn_parse("x")').e), ['provider::aws::arn_parse()', ['x']]);
      assert.deepEqual(shape(parse1('concat(a, b...)').e), ['concat()', 'a', 'b', '...']);
      assert.deepEqual(shape(parse1('f(\n  1,\n  2,\n)').e), ['f()', 1, 2]);
    });

    it('tuples and objects: key forms, separators, trailing commas', () => {
      assert.deepEqual(shape(parse1('[1, "a", [true],]').e), [1, ['a'], [true]]);
      const { e } = parse1('{\n  a = 1, "b" = 2\n  (c) = 3\n  d: 4\n}');
      assert.deepEqual(shape(e), { '"a"': 1, '["b"]': 2, '["()","c"]': 3, '"d"': 4 });
    });

    it('for expressions keep their parts and source text', () => {
      const { f, e } = parse1('{ for k, v in var.m : upper(k) => v... if v != null }');
      assert.equal(e.kind, 'for');
      if (e.kind === 'for') {
        assert.equal(e.text, '{ for k, v in var.m : upper(k) => v... if v != null }');
        assert.deepEqual([e.keyVar, e.valueVar, e.grouped], ['k', 'v', true]);
        assert.deepEqual([shape(e.collection!), shape(e.key!), shape(e.value!), shape(e.condition!)], ['var.m', ['upper()', 'k'], 'v', ['!=', 'v', null]]);
        assert.equal(src(f, e.range), e.text);
      }
      const t = parse1('[for s in list : s if s != ""]').e;
      assert.ok(t.kind === 'for' && t.keyVar === undefined && t.valueVar === 's' && t.key === undefined && !t.grouped);
    });

    it('newlines end attributes but not bracketed expressions', () => {
      const f = parseHcl('e.tf', 'a = [\n  1,\n  2\n]\nb = (\n  1 +\n  2\n)\nc = 1\n');
      assert.deepEqual(f.diagnostics, []);
      assert.deepEqual(outline(f.body), ['a=tuple', 'b=parens', 'c=literal']);
      // Outside brackets a line break ends the attribute: `+` is left without its operand.
      const g = parseHcl('e.tf', 'a = 1 +\n  2\n');
      assert.deepEqual(diags(g), [
        ['Expected an expression, found the end of the line', [0, 7, 0, 7]],
        ['Expected an argument or block definition, found number', [1, 2, 1, 3]],
      ]);
    });
  });

  describe('comments', () => {
    it('collects #, // and /* */ comments with their ranges, wherever they are', () => {
      const text = '# top\nresource "a" /* lbl */ "b" { // brace\n  x = [1, # item\n    2]\n  /* multi\n  line */\n  s = "# not // a comment"\n}\n';
      const f = parseHcl('c.tf', text);
      assert.deepEqual(f.diagnostics, []);
      assert.deepEqual(
        f.comments.map((c) => [c.text, at(c.range)]),
        [
          ['# top', [0, 0, 0, 5]],
          ['/* lbl */', [1, 13, 1, 22]],
          ['// brace', [1, 29, 1, 37]],
          ['# item', [2, 10, 2, 16]],
          ['/* multi\n  line */', [4, 2, 5, 9]],
        ],
      );
      assert.deepEqual(outline(f.body), ['resource a b{x=tuple,s=template}']);
    });

    it('a comment at the end of a file without a newline', () => {
      const f = parseHcl('c.tf', 'a = 1 # end');
      assert.deepEqual(f.diagnostics, []);
      assert.deepEqual(f.comments.map((c) => c.text), ['# end']);
    });
  });

  describe('error recovery', () => {
    it('`x = ` with nothing after it, mid-file: every block is kept, the broken one with its other attributes', () => {
      const text = 'resource "a" "one" {\n  x = 1\n}\n\nresource "a" "two" {\n  y = 1\n  x = \n  z = 3\n}\n\nresource "a" "three" {\n  w = 4\n}\n';
      const f = parseHcl('r.tf', text);
      assert.deepEqual(outline(f.body), ['resource a one{x=literal}', 'resource a two{y=literal,x=invalid,z=literal}', 'resource a three{w=literal}']);
      assert.deepEqual(diags(f), [['Expected an expression, found the end of the line', [6, 6, 6, 6]]]);
      const x = attr(block(f.body, 1).body, 'x');
      assert.deepEqual(at(x.nameRange), [6, 2, 6, 3]);
      assert.deepEqual(at(x.value.range), [6, 6, 6, 6]);
    });

    it('`x = ` at the very end of the file', () => {
      const f = parseHcl('r.tf', 'a = 1\nb = ');
      assert.deepEqual(outline(f.body), ['a=literal', 'b=invalid']);
      assert.deepEqual(diags(f), [['Expected an expression, found the end of the file', [1, 4, 1, 4]]]);
    });

    it('unclosed brace at the end of the file', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  x = 1\n}\nresource "a" "two" {\n  y = 2\n  nested {\n    z = 3\n  }\n');
      assert.deepEqual(outline(f.body), ['resource a one{x=literal}', 'resource a two{y=literal,nested{z=literal}}!']);
      assert.deepEqual(diags(f), [['Unclosed block "resource": no closing "}" before the end of the file', [3, 19, 3, 20]]]);
      const two = block(f.body, 1);
      assert.equal(two.closeBrace, undefined);
      assert.deepEqual(at(two.range), [3, 0, 7, 3]);
    });

    it('unclosed brace in the middle of the file: the next top-level block closes it', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  x = 1\n\nresource "a" "two" {\n  y = 2\n}\n\nresource "a" "three" {\n  z = 3\n}\n');
      assert.deepEqual(outline(f.body), ['resource a one{x=literal}!', 'resource a two{y=literal}', 'resource a three{z=literal}']);
      assert.deepEqual(diags(f), [['Unclosed "{": no matching "}"', [0, 19, 0, 20]]]);
      assert.deepEqual(at(block(f.body, 0).range), [0, 0, 1, 7]);
    });

    it('unclosed object, list and call inside a block', () => {
      const f = parseHcl(
        'r.tf',
        'resource "a" "one" {\n  tags = {\n    Name = "x"\n  list = [1, 2\n  c = merge(a,\n  other = 3\n}\nresource "a" "two" {}\n',
      );
      assert.deepEqual(outline(f.body), ['resource a one{tags=object,list=tuple,c=call,other=literal}', 'resource a two{}']);
      assert.deepEqual(
        diags(f).map(([m, r]) => [m, r[0]]),
        [
          ['Unclosed "{": no matching "}"', 1],
          ['Unclosed "[": no matching "]"', 3],
          ['Unclosed "(": no matching ")"', 4],
        ],
      );
    });

    it('a nested block left open is the one blamed, not its parent', () => {
      const f = parseHcl('r.tf', 'resource "a" "b" {\n  x = 1\n  versioning {\n    enabled = true\n}\n\nresource "a" "c" {}\n');
      assert.deepEqual(outline(f.body), ['resource a b{x=literal,versioning{enabled=literal}!}', 'resource a c{}']);
      assert.deepEqual(diags(f), [['Unclosed "{": no matching "}"', [2, 13, 2, 14]]]);
    });

    it('an unterminated block comment being typed does not hide the following blocks', () => {
      const f = parseHcl('r.tf', 'resource "a" "b" {\n  /* comment\n}\n\nresource "a" "c" {\n  y = 1\n}\n');
      assert.deepEqual(outline(f.body), ['resource a b{}', 'resource a c{y=literal}']);
      assert.deepEqual(diags(f), [['Unterminated comment: missing "*/"', [1, 2, 1, 4]]]);
    });

    it('unclosed string: ends at the end of its line', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  name = "abc\n  other = 2\n}\nresource "a" "two" {}\n');
      assert.deepEqual(outline(f.body), ['resource a one{name=template,other=literal}', 'resource a two{}']);
      assert.deepEqual(diags(f), [['Unterminated string: missing closing quote', [1, 9, 1, 13]]]);
      assert.deepEqual(value(block(f.body, 0).body, 'name', 'template').parts.map((p) => (p.kind === 'text' ? p.value : p.kind)), ['abc']);
    });

    it('unclosed interpolation in a string being typed', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  name = "x-${var.\n  other = 2\n}\nresource "a" "two" {}\n');
      assert.deepEqual(outline(f.body), ['resource a one{name=template,other=literal}', 'resource a two{}']);
      assert.deepEqual(diags(f), [['Unclosed template interpolation: missing "}"', [1, 12, 1, 14]]]);
    });

    it('garbage lines inside a block and at top level are skipped', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  x = 1\n  @@@ garbage !!\n  y = 2\n}\n%%% more garbage\nresource "a" "two" {}\n');
      assert.deepEqual(outline(f.body), ['resource a one{x=literal,y=literal}', 'resource a two{}']);
      assert.deepEqual(diags(f), [
        ['Expected an argument or block definition, found invalid character "@@@"', [2, 2, 2, 5]],
        ["Expected an argument or block definition, found '%'", [5, 0, 5, 1]],
      ]);
    });

    it('a stray closing brace', () => {
      const f = parseHcl('r.tf', 'a {\n  x = 1\n}\n}\nb {}\n');
      assert.deepEqual(outline(f.body), ['a{x=literal}', 'b{}']);
      assert.deepEqual(diags(f), [['Unexpected "}": there is no block to close here', [3, 0, 3, 1]]]);
    });

    it('a block header still being typed (no brace yet)', () => {
      const f = parseHcl('r.tf', 'resource "aws_s3_bucket" "b"\nresource "a" "two" {\n  z = 1\n}\n');
      assert.deepEqual(outline(f.body), ['resource a two{z=literal}']);
      assert.deepEqual(diags(f), [['Block "resource" has no body: expected "{" on the same line', [0, 28, 0, 28]]]);
    });

    it('an object item without a value keeps the items after it', () => {
      const f = parseHcl('r.tf', 'locals {\n  tags = {\n    Name = \n    Env = "prod"\n  }\n  after = 1\n}\n');
      const tags = value(block(f.body, 0).body, 'tags', 'object');
      assert.deepEqual(tags.items.map((i) => [(i.key as HclTraversal).root, i.value.kind]), [
        ['Name', 'invalid'],
        ['Env', 'template'],
      ]);
      assert.deepEqual(outline(f.body), ['locals{tags=object,after=literal}']);
    });

    it('a trailing dot keeps the partial reference range (for completion)', () => {
      const f = parseHcl('r.tf', 'locals {\n  a = var.\n  b = 2\n}\n');
      const a = attr(block(f.body, 0).body, 'a');
      assert.equal(a.value.kind, 'invalid');
      assert.equal(src(f, a.value.range), 'var.');
      assert.deepEqual(diags(f), [['Expected an attribute name after ".", found newline', [1, 10, 1, 10]]]);
      assert.deepEqual(outline(f.body), ['locals{a=invalid,b=literal}']);
    });

    it('an unterminated heredoc does not swallow the rest of the file', () => {
      const f = parseHcl('r.tf', 'resource "a" "one" {\n  script = <<EOT\necho hi\n  other = 2\n}\nresource "a" "two" {}\n');
      assert.deepEqual(outline(f.body), ['resource a one{script=template,other=literal}', 'resource a two{}']);
      assert.deepEqual(diags(f), [['Unterminated heredoc: no closing "EOT" line', [1, 11, 1, 16]]]);
    });

    it('a broken file keeps unusual but valid formatting elsewhere intact', () => {
      // The closing-by-indentation heuristic would misread this continuation style; the strict
      // result recovers as many top-level items with fewer diagnostics, so it is kept.
      const text =
        'variable "v" {\n  type = map(object({\n    a = optional(object({\n      x = string\n      }), {\n      x = "d"\n    })\n  }))\n}\nlocals {\n  broken = \n}\n';
      const f = parseHcl('r.tf', text);
      assert.deepEqual(outline(f.body), ['variable v{type=call}', 'locals{broken=invalid}']);
      assert.deepEqual(diags(f), [['Expected an expression, found the end of the line', [10, 11, 10, 11]]]);
    });

    it('duplicate attributes are reported; the first is kept', () => {
      const f = parseHcl('r.tf', 'a = 1\na = 2\n');
      assert.deepEqual(outline(f.body), ['a=literal']);
      assert.deepEqual(diags(f), [['Attribute redefined: "a" was already set on line 1; each argument may be set only once', [1, 0, 1, 1]]]);
    });

    it('NUL bytes and binary input produce diagnostics, not crashes', () => {
      const f = parseHcl('r.tf', 'a = 1\n\u0000\u0001\u0002 binary\u0000\nb = 2\n');
      assert.deepEqual(outline(f.body), ['a=literal', 'b=literal']);
      assert.deepEqual(diags(f), [['Expected an argument or block definition, found invalid character "\\u0000\\u0001\\u0002"', [1, 0, 1, 3]]]);
      let seed = 42;
      const bytes: string[] = [];
      for (let i = 0; i < 20000; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
        bytes.push(String.fromCharCode(seed % 256));
      }
      const g = parseHcl('bin.tf', bytes.join(''));
      assert.ok(g.diagnostics.length > 0);
      assert.ok(!g.diagnostics.some((d) => d.message.startsWith('Internal')));
    });

    it('deep nesting is reported, not a stack overflow', function () {
      this.timeout(30_000);
      // Nesting this deep would overflow the JavaScript stack without the parser's depth guard.
      for (const text of ['a = ' + '['.repeat(20000), 'a = ' + '('.repeat(20000) + '1', 'a = ' + '{ b = '.repeat(10000), 'a ' + '{\nb '.repeat(10000), 'a = ' + '-'.repeat(20000) + '1', 'a = "' + '${"'.repeat(10000)]) {
        const f = parseHcl('deep.tf', text);
        assert.ok(f.diagnostics.length > 0);
        assert.ok(!f.diagnostics.some((d) => d.message.startsWith('Internal')), f.diagnostics[0]?.message);
      }
    });

    it('never throws, always terminates, and keeps ranges inside the text on mutated input', function () {
      this.timeout(60_000);
      const dir = join(__dirname, 'hcl-fixtures');
      const sources = readdirSync(dir)
        .filter((n) => n.endsWith('.tf'))
        .map((n) => readFileSync(join(dir, n), 'utf8'));
      const pieces = ['{', '}', '"', '${', '%{', '[', ']', '(', ')', '\n', '<<EOT\n', '<<-X\n', '=', '#', '/*', '\\', '~}', '.', '*', ',', ':', '?', '...', '\u0000', '\r', 'for ', 'EOT\n'];
      let seed = 7;
      const rnd = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
        return seed % n;
      };
      for (let i = 0; i < 300; i++) {
        let t = sources[rnd(sources.length)];
        for (let m = 1 + rnd(5); m > 0; m--) {
          const pos = rnd(t.length + 1);
          const kind = rnd(3);
          if (kind === 0) t = t.slice(0, pos) + t.slice(pos + 1 + rnd(15));
          else if (kind === 1) t = t.slice(0, pos) + pieces[rnd(pieces.length)] + t.slice(pos);
          else t = t.slice(0, pos);
        }
        const f = parseHcl('m.tf', t);
        assert.ok(!f.diagnostics.some((d) => d.message.startsWith('Internal')), `internal error on mutation ${i}`);
        assertRangesMatchLineIndex(f);
      }
    });

    it('a valid file has no diagnostics and the same tree in lenient mode', () => {
      const text = readFileSync(join(__dirname, 'hcl-fixtures', 'expressions.tf'), 'utf8');
      const strict = parseHcl('e.tf', text);
      const lenient = parseHcl('e.tf', text, { lenient: true });
      assert.deepEqual(strict.diagnostics, []);
      assert.deepEqual(lenient, strict);
    });
  });

  it('empty and comment-only files', () => {
    for (const text of ['', '\n\n', '# only a comment', '/* block */\n']) {
      const f = parseHcl('e.tf', text);
      assert.deepEqual([f.body.items, f.diagnostics], [[], []]);
      assert.deepEqual(at(f.body.range), at(new LineIndex(text).range(0, text.length)));
    }
  });

  it('templates: heredoc marker and flag are recorded', () => {
    const f = parseHcl('h.tf', 'a = <<-JSON\n  {}\n  JSON\n');
    const t: HclTemplate = value(f.body, 'a', 'template');
    assert.deepEqual(t.heredoc, { marker: 'JSON', indented: true });
  });
});
