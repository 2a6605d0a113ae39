/**
 * Bracket recovery by indentation, used only when a file does not parse cleanly.
 *
 * A half-typed file often has one unclosed `{` in the middle; bracket matching alone then swallows
 * every following block into it. Here an opening bracket that is unmatched, or whose closing bracket
 * sits at a different indentation than the line that opened it, is closed implicitly before the next
 * line that starts with an identifier at (or left of) that line's indentation. The parser then sees
 * balanced brackets and recovers every following block. Well-formed files never reach this code.
 */
import type { HclParseDiagnostic } from './ast';
import type { PositionFactory } from './positions';
import { Tok, TokFlag, type TokenStream } from './tokens';

// Module-level copies of the token kinds (see tokens.ts).
const {
  NEWLINE: T_NEWLINE, IDENT: T_IDENT, OQUOTE: T_OQUOTE, CQUOTE: T_CQUOTE, OHEREDOC: T_OHEREDOC,
  CHEREDOC: T_CHEREDOC, INTERP: T_INTERP, CONTROL: T_CONTROL, SEQEND: T_SEQEND, OBRACE: T_OBRACE,
  CBRACE: T_CBRACE, OBRACK: T_OBRACK, CBRACK: T_CBRACK, OPAREN: T_OPAREN, CPAREN: T_CPAREN,
} = Tok;
const {
  SYNTHETIC: F_SYNTHETIC,
} = TokFlag;


function closerOf(t: number): Tok {
  switch (t) {
    case T_OBRACE:
      return T_CBRACE;
    case T_OBRACK:
      return T_CBRACK;
    case T_OPAREN:
      return T_CPAREN;
    default:
      return T_SEQEND;
  }
}

function isOpener(t: number): boolean {
  return t === T_OBRACE || t === T_OBRACK || t === T_OPAREN || t === T_INTERP || t === T_CONTROL;
}

function isCloser(t: number): boolean {
  return t === T_CBRACE || t === T_CBRACK || t === T_CPAREN || t === T_SEQEND;
}

function matches(opener: number, closer: number): boolean {
  return closerOf(opener) === closer;
}

export function insertImpliedClosers(
  ts: TokenStream,
  text: string,
  pf: PositionFactory,
  diagnostics: HclParseDiagnostic[],
): TokenStream {
  const { count, type, start, line } = ts;
  const starts = pf.lineStarts;
  const indentCache = new Map<number, number>();
  const indentOf = (l: number): number => {
    let v = indentCache.get(l);
    if (v === undefined) {
      let i = starts[l];
      while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      v = i - starts[l];
      indentCache.set(l, v);
    }
    return v;
  };
  const column = (k: number): number => start[k] - starts[line[k]];

  // Pass 1: which openers are suspicious (unmatched, or closed at another indentation).
  const suspicious = new Uint8Array(count);
  const stack: number[] = [];
  let any = false;
  for (let k = 0; k < count; k++) {
    const t = type[k];
    if (isOpener(t)) stack.push(k);
    else if (isCloser(t)) {
      let m = stack.length - 1;
      while (m >= 0 && !matches(type[stack[m]], t)) m--;
      if (m < 0) continue;
      while (stack.length - 1 > m) {
        suspicious[stack.pop()!] = 1;
        any = true;
      }
      const o = stack.pop()!;
      const col = column(k);
      if (t === T_CBRACE && indentOf(line[k]) === col && col !== indentOf(line[o])) {
        suspicious[o] = 1;
        any = true;
      }
    }
  }
  for (const o of stack) {
    suspicious[o] = 1;
    any = true;
  }
  if (!any) return ts;

  // Pass 2: copy the stream, inserting zero-width closers where brackets were left open.
  const out = new Builder(count + 16);
  const open: number[] = [];
  let templateDepth = 0;
  let pendingFrom = -1; // first buffered NEWLINE token index
  let lastReal = -1; // last emitted non-newline token index (in the input)
  const closeDownTo = (depth: number, k: number): void => {
    // Closers go right after the last real token, before buffered line breaks, so a closed block
    // is still followed by its newline.
    const at = lastReal >= 0 ? ts.end[lastReal] : start[k];
    const atLine = lastReal >= 0 ? ts.endLine[lastReal] : line[k];
    while (open.length > depth) {
      const o = open.pop()!;
      const opener = text.slice(start[o], ts.end[o]);
      const closer = type[o] === T_OBRACE ? '}' : type[o] === T_OBRACK ? ']' : type[o] === T_OPAREN ? ')' : '}';
      diagnostics.push({ message: `Unclosed "${opener}": no matching "${closer}"`, range: pf.rangeOf(start[o], ts.end[o]) });
      out.push(closerOf(type[o]), F_SYNTHETIC, at, at, atLine, atLine);
    }
  };
  for (let k = 0; k < count; k++) {
    const t = type[k];
    if (t === T_NEWLINE) {
      if (pendingFrom < 0) pendingFrom = k;
      continue;
    }
    if (t === T_IDENT && templateDepth === 0 && open.length > 0 && indentOf(line[k]) === column(k)) {
      // A line starting at or left of the indentation of an open suspicious bracket's line ends it.
      const col = column(k);
      for (let s = 0; s < open.length; s++) {
        const o = open[s];
        if (suspicious[o] && indentOf(line[o]) >= col) {
          closeDownTo(s, k);
          break;
        }
      }
    } else if (isCloser(t)) {
      // A closer for an outer bracket closes every bracket still open inside it.
      let m = open.length - 1;
      while (m >= 0 && !matches(type[open[m]], t)) m--;
      if (m >= 0 && m < open.length - 1) closeDownTo(m + 1, k);
      else if (m >= 0 && templateDepth === 0 && indentOf(line[k]) === column(k)) {
        // A `}` alone on its line, left of a suspicious brace's line but level with an outer
        // one's, closes the outer one: the inner brace is the one left open.
        const col = column(k);
        let target = m;
        while (target > 0 && suspicious[open[target]] && indentOf(line[open[target]]) > col) {
          let below = target - 1;
          while (below >= 0 && !matches(type[open[below]], t)) below--;
          if (below < 0 || indentOf(line[open[below]]) < col) break;
          target = below;
          if (indentOf(line[open[below]]) === col) break;
        }
        if (target < m) closeDownTo(target + 1, k);
      }
    }
    if (pendingFrom >= 0) {
      for (let p = pendingFrom; p < k; p++) out.copy(ts, p);
      pendingFrom = -1;
    }
    out.copy(ts, k);
    lastReal = k;
    if (t === T_OQUOTE || t === T_OHEREDOC) templateDepth++;
    else if (t === T_CQUOTE || t === T_CHEREDOC) templateDepth--;
    else if (isOpener(t)) open.push(k);
    else if (isCloser(t)) {
      let m = open.length - 1;
      while (m >= 0 && !matches(type[open[m]], t)) m--;
      if (m >= 0) open.length = m;
    }
  }
  if (pendingFrom >= 0) for (let p = pendingFrom; p < count; p++) out.copy(ts, p);
  return out.finish();
}

class Builder {
  count = 0;
  type: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  endLine: Int32Array;

  constructor(cap: number) {
    this.type = new Uint8Array(cap);
    this.flags = new Uint8Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.line = new Int32Array(cap);
    this.endLine = new Int32Array(cap);
  }

  push(type: number, flags: number, start: number, end: number, line: number, endLine: number): void {
    if (this.count === this.type.length) this.grow();
    const k = this.count++;
    this.type[k] = type;
    this.flags[k] = flags;
    this.start[k] = start;
    this.end[k] = end;
    this.line[k] = line;
    this.endLine[k] = endLine;
  }

  copy(ts: TokenStream, k: number): void {
    this.push(ts.type[k], ts.flags[k], ts.start[k], ts.end[k], ts.line[k], ts.endLine[k]);
  }

  private grow(): void {
    const cap = this.type.length * 2;
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.type = grow8(this.type);
    this.flags = grow8(this.flags);
    this.start = grow32(this.start);
    this.end = grow32(this.end);
    this.line = grow32(this.line);
    this.endLine = grow32(this.endLine);
  }

  finish(): TokenStream {
    return {
      count: this.count,
      type: this.type,
      flags: this.flags,
      start: this.start,
      end: this.end,
      line: this.line,
      endLine: this.endLine,
    };
  }
}
