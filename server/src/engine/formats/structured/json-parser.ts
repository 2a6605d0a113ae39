/**
 * A small strict JSON (RFC 8259) parser that keeps offsets for every value and key.
 *
 * `JSON.parse` gives no positions and `jsonc-parser` would be a dependency for ~200 lines; this
 * reads char codes in one pass. It stops at the first syntax error and reports it with its range
 * (CloudFormation and Terraform reject invalid JSON anyway, so there is nothing to recover).
 * Also used by the Terraform adapter for `.tf.json`.
 */
import type { RawList, RawMap, RawNode, RawScalar, RawSyntaxError } from './raw';

export interface JsonParseResult {
  /** The root value; undefined when the text has a syntax error. */
  value: RawNode | undefined;
  errors: RawSyntaxError[];
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Nesting deeper than this is reported instead of overflowing the stack. */
const MAX_DEPTH = 1000;

export function parseJsonWithRanges(text: string): JsonParseResult {
  const parser = new JsonParser(text);
  try {
    const value = parser.parseDocument();
    return { value, errors: [] };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { value: undefined, errors: [{ message: error.message, start: error.start, end: error.end }] };
    const message = error instanceof Error ? error.message : String(error);
    return { value: undefined, errors: [{ message: `JSON parser failure: ${message}`, start: 0, end: 0 }] };
  }
}

class JsonParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): RawNode {
    // A byte order mark is not JSON, but editors write it; skip it rather than fail.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipWhitespace();
    if (this.pos >= this.text.length) throw new JsonSyntaxError('Empty JSON document', this.pos, this.pos);
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.unexpected('end of input');
    return value;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
    this.pos = pos;
  }

  private unexpected(expected: string): JsonSyntaxError {
    if (this.pos >= this.text.length) return new JsonSyntaxError(`Unexpected end of JSON, expected ${expected}`, this.text.length, this.text.length);
    const ch = this.text[this.pos];
    const shown = ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch;
    return new JsonSyntaxError(`Unexpected '${shown}', expected ${expected}`, this.pos, this.pos + 1);
  }

  private parseValue(): RawNode {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123 /* { */:
        return this.parseObject();
      case 91 /* [ */:
        return this.parseArray();
      case 34 /* " */: {
        const start = this.pos;
        const value = this.parseString();
        return { kind: 'scalar', value, start, end: this.pos };
      }
      case 116 /* t */:
        return this.parseLiteral('true', true);
      case 102 /* f */:
        return this.parseLiteral('false', false);
      case 110 /* n */:
        return this.parseLiteral('null', null);
      default:
        if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.parseNumber();
        throw this.unexpected('a value');
    }
  }

  private parseLiteral(word: string, value: boolean | null): RawScalar {
    const start = this.pos;
    if (!this.text.startsWith(word, start)) throw this.unexpected('a value');
    this.pos += word.length;
    return { kind: 'scalar', value, start, end: this.pos };
  }

  private parseNumber(): RawScalar {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 45) pos++;
    const first = text.charCodeAt(pos);
    if (first === 48) pos++;
    else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(pos))) pos++;
    else {
      this.pos = pos;
      throw this.unexpected('a digit');
    }
    if (text.charCodeAt(pos) === 46 /* . */) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        throw this.unexpected('a digit');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69 /* e E */) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 43 || sign === 45) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        throw this.unexpected('a digit');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    this.pos = pos;
    return { kind: 'scalar', value: Number(text.slice(start, pos)), start, end: pos };
  }

  /** Reads a string starting at the opening quote; leaves `pos` after the closing quote. */
  private parseString(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    // Fast path: no escapes, the common case for keys and most values.
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        this.pos = pos + 1;
        return text.slice(start + 1, pos);
      }
      if (c === 92 /* \ */) break;
      if (c < 32 || pos >= text.length) {
        if (pos >= text.length) throw new JsonSyntaxError('Unterminated string', start, text.length);
        throw new JsonSyntaxError('Control character in string (escape it)', pos, pos + 1);
      }
      pos++;
    }
    let out = text.slice(start + 1, pos);
    for (;;) {
      if (pos >= text.length) throw new JsonSyntaxError('Unterminated string', start, text.length);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        this.pos = pos + 1;
        return out;
      }
      if (c === 92) {
        const esc = text.charCodeAt(pos + 1);
        switch (esc) {
          case 34: out += '"'; break;
          case 92: out += '\\'; break;
          case 47: out += '/'; break;
          case 98: out += '\b'; break;
          case 102: out += '\f'; break;
          case 110: out += '\n'; break;
          case 114: out += '\r'; break;
          case 116: out += '\t'; break;
          case 117 /* u */: {
            const hex = text.slice(pos + 2, pos + 6);
            if (!isHex4(hex)) throw new JsonSyntaxError('Invalid \\u escape', pos, Math.min(pos + 6, text.length));
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 6;
            continue;
          }
          default:
            throw new JsonSyntaxError('Invalid escape sequence', pos, Math.min(pos + 2, text.length));
        }
        pos += 2;
        continue;
      }
      if (c < 32) throw new JsonSyntaxError('Control character in string (escape it)', pos, pos + 1);
      // Copy a run of ordinary characters at once.
      let runEnd = pos + 1;
      for (;;) {
        const d = text.charCodeAt(runEnd);
        if (d === 34 || d === 92 || d < 32 || runEnd >= text.length) break;
        runEnd++;
      }
      out += text.slice(pos, runEnd);
      pos = runEnd;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new JsonSyntaxError(`JSON nested deeper than ${MAX_DEPTH} levels`, this.pos, this.pos + 1);
  }

  private parseObject(): RawMap {
    this.enter();
    const text = this.text;
    const node: RawMap = { kind: 'map', entries: [], start: this.pos, end: this.pos, flow: true };
    this.pos++;
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
      node.end = this.pos;
      this.depth--;
      return node;
    }
    for (;;) {
      if (text.charCodeAt(this.pos) !== 34) throw this.unexpected(node.entries.length ? 'a property name in double quotes' : "a property name or '}'");
      const keyStart = this.pos;
      const key = this.parseString();
      const keyEnd = this.pos;
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) !== 58 /* : */) throw this.unexpected("':'");
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue();
      node.entries.push({ key, keyStart, keyEnd, value });
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      if (c === 44 /* , */) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 125) {
        this.pos++;
        node.end = this.pos;
        this.depth--;
        return node;
      }
      throw this.unexpected("',' or '}'");
    }
  }

  private parseArray(): RawList {
    this.enter();
    const text = this.text;
    const node: RawList = { kind: 'list', items: [], start: this.pos, end: this.pos, flow: true };
    this.pos++;
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) === 93 /* ] */) {
      this.pos++;
      node.end = this.pos;
      this.depth--;
      return node;
    }
    for (;;) {
      node.items.push(this.parseValue());
      this.skipWhitespace();
      const c = text.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 93) {
        this.pos++;
        node.end = this.pos;
        this.depth--;
        return node;
      }
      throw this.unexpected("',' or ']'");
    }
  }
}

/** Four hex digits (no RegExp: compiling one deep in the recursion can abort V8 near the stack limit). */
function isHex4(s: string): boolean {
  if (s.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
