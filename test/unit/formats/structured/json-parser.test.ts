import { strict as assert } from 'node:assert';
import { parseJsonWithRanges } from '../../../../server/src/engine/formats/structured';
import type { RawNode } from '../../../../server/src/engine/formats/structured';

function toJs(node: RawNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'list') return node.items.map(toJs);
  return Object.fromEntries(node.entries.map((e) => [e.key, toJs(e.value)]));
}

describe('structured: JSON parser with ranges', () => {
  it('gives every value and key its exact offsets', () => {
    const text = '{\n  "a": [1, -2.5e3, true],\n  "b\\"q": {"c": null}\n}';
    const { value, errors } = parseJsonWithRanges(text);
    assert.deepEqual(errors, []);
    assert.ok(value && value.kind === 'map');
    assert.equal(text.slice(value.start, value.end), text);
    const [a, b] = value.entries;
    assert.equal(text.slice(a.keyStart, a.keyEnd), '"a"');
    assert.equal(text.slice(a.value.start, a.value.end), '[1, -2.5e3, true]');
    assert.ok(a.value.kind === 'list');
    assert.deepEqual(
      a.value.items.map((i) => text.slice(i.start, i.end)),
      ['1', '-2.5e3', 'true'],
    );
    assert.equal(b.key, 'b"q');
    assert.equal(text.slice(b.keyStart, b.keyEnd), '"b\\"q"');
    assert.equal(text.slice(b.value.start, b.value.end), '{"c": null}');
    assert.deepEqual(toJs(value), { a: [1, -2500, true], 'b"q': { c: null } });
  });

  it('agrees with JSON.parse on escapes, unicode and numbers', () => {
    const samples = ['"a\\u00e9\\n\\t\\\\\\/b"', '[0, -0, 1.5, 1e-7, 123456789012]', '{"é": "ü", "x": ""}', '"\ud83d\ude00 plain"', '[[], {}, [{}]]'];
    for (const text of samples) {
      const { value, errors } = parseJsonWithRanges(text);
      assert.deepEqual(errors, [], text);
      assert.deepEqual(toJs(value), JSON.parse(text), text);
    }
  });

  it('skips a byte order mark', () => {
    const { value, errors } = parseJsonWithRanges('\ufeff{"a": 1}');
    assert.deepEqual(errors, []);
    assert.deepEqual(toJs(value), { a: 1 });
    assert.equal(value!.start, 1);
  });

  it('reports the first syntax error with its range', () => {
    const cases: [string, string, number, number][] = [
      ['{"a": 1,}', "Unexpected '}', expected a property name in double quotes", 8, 9],
      ['{"a" 1}', "Unexpected '1', expected ':'", 5, 6],
      ['[1, 2', 'Unexpected end of JSON, expected \',\' or \']\'', 5, 5],
      ['{"a": "unterminated', 'Unterminated string', 6, 19],
      ['{"a": tru}', "Unexpected 't', expected a value", 6, 7],
      ['{"a": 01}', "Unexpected '1', expected ',' or '}'", 7, 8],
      ['{} {}', "Unexpected '{', expected end of input", 3, 4],
      ['', 'Empty JSON document', 0, 0],
      ['{"a": "\\x"}', 'Invalid escape sequence', 7, 9],
      ['// comment\n{}', "Unexpected '/', expected a value", 0, 1],
    ];
    for (const [text, message, start, end] of cases) {
      const { value, errors } = parseJsonWithRanges(text);
      assert.equal(value, undefined, text);
      assert.deepEqual(errors, [{ message, start, end }], text);
    }
  });

  it('bounds nesting instead of overflowing the stack', () => {
    const text = '['.repeat(5000) + ']'.repeat(5000);
    const { value, errors } = parseJsonWithRanges(text);
    assert.equal(value, undefined);
    assert.match(errors[0].message, /nested deeper than 1000 levels/);
  });
});
