/**
 * HCL native-syntax lexer.
 *
 * It follows the token rules of HashiCorp's scanner (hclsyntax/scan_tokens.rl) so that the parser sees
 * the same token boundaries the reference implementation sees: template literals are split at `$`/`%`
 * and (in heredocs) at line ends, `${`/`%{` push an expression mode that `}` pops when the brace depth
 * matches, heredoc markers close only on a line of their own, number literals take the greedy
 * `digit (digit | . | e[+-]digit)*` shape. Differences are all on invalid input and exist for editor
 * recovery: a quoted string ends at the end of its line, runs of invalid characters are one token, and
 * in `lenient` mode an interpolation inside a quoted string ends at a line break.
 */
import type { HclComment, HclParseDiagnostic } from './ast';
import type { PositionFactory } from './positions';
import { Tok, TokFlag, type TokenStream } from './tokens';

// Module-level copies of the token kinds (see tokens.ts).
const {
  EOF: T_EOF, NEWLINE: T_NEWLINE, IDENT: T_IDENT, NUMBER: T_NUMBER, OQUOTE: T_OQUOTE, CQUOTE: T_CQUOTE,
  QLIT: T_QLIT, HLIT: T_HLIT, OHEREDOC: T_OHEREDOC, CHEREDOC: T_CHEREDOC, INTERP: T_INTERP,
  CONTROL: T_CONTROL, SEQEND: T_SEQEND, OBRACE: T_OBRACE, CBRACE: T_CBRACE, OBRACK: T_OBRACK,
  CBRACK: T_CBRACK, OPAREN: T_OPAREN, CPAREN: T_CPAREN, DOT: T_DOT, COMMA: T_COMMA, STAR: T_STAR,
  SLASH: T_SLASH, PERCENT: T_PERCENT, PLUS: T_PLUS, MINUS: T_MINUS, EQUAL: T_EQUAL, EQEQ: T_EQEQ,
  NOTEQ: T_NOTEQ, LT: T_LT, LTE: T_LTE, GT: T_GT, GTE: T_GTE, AND: T_AND, OR: T_OR, BANG: T_BANG,
  QUESTION: T_QUESTION, COLON: T_COLON, DCOLON: T_DCOLON, ELLIPSIS: T_ELLIPSIS, FATARROW: T_FATARROW,
  INVALID: T_INVALID,
} = Tok;
const {
  SYNTHETIC: F_SYNTHETIC, STRIP: F_STRIP, FLUSH: F_FLUSH, ESCAPE: F_ESCAPE,
} = TokFlag;


const MODE_MAIN = 0;
const MODE_QUOTED = 1;
const MODE_HEREDOC = 2;

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

interface HeredocState {
  marker: string;
  startOfLine: boolean;
  /** Where the introducer's marker ends (for diagnostics). */
  introEnd: number;
  /** Lenient mode: offset of the line at which an unterminated heredoc is cut (-1: none). */
  cutAt: number;
}

export interface LexResult {
  tokens: TokenStream;
  comments: HclComment[];
  diagnostics: HclParseDiagnostic[];
}

/** Go's unicode.IsSpace, which HCL uses for heredoc markers, `~` trimming and flush indentation. */
export function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

// ASCII character classes, one table lookup per character in the hot loops.
const C_IDENT_START = 1;
const C_IDENT = 2;
/** Ends a literal run in a quoted string: $ % " \ CR LF. */
const C_QUOTED_STOP = 4;
/** Ends a literal run in a heredoc: $ % CR LF. */
const C_HEREDOC_STOP = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  if (letter) CLASS[c] |= C_IDENT_START | C_IDENT;
  if ((c >= 48 && c <= 57) || c === 45) CLASS[c] |= C_IDENT;
  if (c === 36 || c === 37 || c === 34 || c === 92 || c === 10 || c === 13) CLASS[c] |= C_QUOTED_STOP;
  if (c === 36 || c === 37 || c === 10 || c === 13) CLASS[c] |= C_HEREDOC_STOP;
}

function isIdentStartAscii(c: number): boolean {
  return c < 128 && (CLASS[c] & C_IDENT_START) !== 0;
}

function isIdentContinueAscii(c: number): boolean {
  return c < 128 && (CLASS[c] & C_IDENT) !== 0;
}

/**
 * Token arrays are reused from one parse to the next (parsing is synchronous and nothing keeps the
 * stream afterwards): allocating and zeroing them per file was a tenth of the parse time.
 */
const POOL_MAX = 1 << 18;
let pool: { type: Uint8Array; flags: Uint8Array; start: Int32Array; end: Int32Array; line: Int32Array; endLine: Int32Array } | undefined;

export function lex(text: string, pf: PositionFactory, lenient: boolean): LexResult {
  return new Lexer(text, pf, lenient).run();
}

class Lexer {
  private readonly n: number;
  private i = 0;
  private count = 0;
  private type: Uint8Array;
  private flags: Uint8Array;
  private start: Int32Array;
  private end: Int32Array;
  private line: Int32Array;
  private endLine: Int32Array;
  /** Line of the last emitted token start (token starts never go backwards). */
  private curLine = 0;
  private readonly lineStarts: number[];
  private readonly lastLine: number;

  private readonly modes: number[] = [MODE_MAIN];
  /** Offset of the token that opened each mode frame (quote, heredoc introducer, `${`). */
  private readonly frameOpen: number[] = [0];
  /** Open `(` and `[` inside each expression frame (lenient interpolation recovery). */
  private readonly frameNest: number[] = [0];
  private readonly heredocs: HeredocState[] = [];
  private braces = 0;
  private readonly retBraces: number[] = [];

  readonly comments: HclComment[] = [];
  readonly diagnostics: HclParseDiagnostic[] = [];
  /** Set when an interpolation was cut at a line break, so the string it was in is not reported twice. */
  private quietUnterminated = false;

  constructor(
    private readonly text: string,
    private readonly pf: PositionFactory,
    private readonly lenient: boolean,
  ) {
    this.n = text.length;
    this.lineStarts = pf.lineStarts;
    this.lastLine = pf.lineStarts.length - 1;
    const cap = Math.max(64, (this.n >> 2) + 16);
    if (pool && pool.type.length >= cap) {
      this.type = pool.type;
      this.flags = pool.flags;
      this.start = pool.start;
      this.end = pool.end;
      this.line = pool.line;
      this.endLine = pool.endLine;
    } else {
      this.type = new Uint8Array(cap);
      this.flags = new Uint8Array(cap);
      this.start = new Int32Array(cap);
      this.end = new Int32Array(cap);
      this.line = new Int32Array(cap);
      this.endLine = new Int32Array(cap);
      this.keep();
    }
  }

  private keep(): void {
    if (this.type.length <= POOL_MAX) {
      pool = { type: this.type, flags: this.flags, start: this.start, end: this.end, line: this.line, endLine: this.endLine };
    }
  }

  run(): LexResult {
    // A UTF-8 byte order mark is not part of the configuration (HCL strips it too).
    if (this.n > 0 && this.text.charCodeAt(0) === 0xfeff) this.i = 1;
    for (;;) {
      const mode = this.modes[this.modes.length - 1];
      if (mode === MODE_MAIN) {
        if (!this.scanMain()) break;
      } else if (mode === MODE_QUOTED) this.scanQuoted();
      else this.scanHeredoc();
    }
    this.emit(T_EOF, this.n, this.n, 0);
    return {
      tokens: {
        count: this.count,
        type: this.type,
        flags: this.flags,
        start: this.start,
        end: this.end,
        line: this.line,
        endLine: this.endLine,
      },
      comments: this.comments,
      diagnostics: this.diagnostics,
    };
  }

  private grow(): void {
    const cap = this.type.length * 2;
    const t = new Uint8Array(cap);
    t.set(this.type);
    this.type = t;
    const f = new Uint8Array(cap);
    f.set(this.flags);
    this.flags = f;
    const s = new Int32Array(cap);
    s.set(this.start);
    this.start = s;
    const e = new Int32Array(cap);
    e.set(this.end);
    this.end = e;
    const l = new Int32Array(cap);
    l.set(this.line);
    this.line = l;
    const el = new Int32Array(cap);
    el.set(this.endLine);
    this.endLine = el;
    this.keep();
  }

  private emit(type: Tok, start: number, end: number, flags: number): void {
    if (this.count === this.type.length) this.grow();
    const k = this.count++;
    const starts = this.lineStarts;
    let line = this.curLine;
    while (line < this.lastLine && starts[line + 1] <= start) line++;
    this.curLine = line;
    let endLine = line;
    while (endLine < this.lastLine && starts[endLine + 1] <= end) endLine++;
    this.type[k] = type;
    this.flags[k] = flags;
    this.start[k] = start;
    this.end[k] = end;
    this.line[k] = line;
    this.endLine[k] = endLine;
  }

  private diag(message: string, start: number, end: number): void {
    this.diagnostics.push({ message, range: this.pf.rangeOf(start, end) });
  }

  private pushMode(mode: number, open: number): void {
    this.modes.push(mode);
    this.frameOpen.push(open);
    this.frameNest.push(0);
  }

  private popMode(): void {
    if (this.modes.length > 1) {
      this.modes.pop();
      this.frameOpen.pop();
      this.frameNest.pop();
    }
  }

  /** Scans expression tokens until the mode changes; false at end of input. */
  private scanMain(): boolean {
    const text = this.text;
    const n = this.n;
    const depth = this.modes.length;
    let i = this.i;
    for (;;) {
      if (i >= n) {
        this.i = i;
        return false;
      }
      const c = text.charCodeAt(i);
      switch (c) {
        case 32:
        case 9:
          do i++;
          while (text.charCodeAt(i) === 32);
          continue;
        case 10:
          if (this.lenient && this.cutInterpolation(i)) return true;
          this.emit(T_NEWLINE, i, i + 1, 0);
          i++;
          continue;
        case 13: {
          if (this.lenient && this.cutInterpolation(i)) return true;
          // HCL only knows \r\n; a lone \r still ends a line for LineIndex, so treat it as one.
          const e = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
          this.emit(T_NEWLINE, i, e, 0);
          i = e;
          continue;
        }
        case 35: // #
          i = this.lineComment(i, i + 1);
          continue;
        case 47: {
          // /
          const c1 = text.charCodeAt(i + 1);
          if (c1 === 47) i = this.lineComment(i, i + 2);
          else if (c1 === 42) i = this.blockComment(i);
          else {
            this.emit(T_SLASH, i, i + 1, 0);
            i++;
          }
          continue;
        }
        case 34: // "
          this.emit(T_OQUOTE, i, i + 1, 0);
          this.i = i + 1;
          this.pushMode(MODE_QUOTED, i);
          return true;
        case 123: // {
          this.emit(T_OBRACE, i, i + 1, 0);
          this.braces++;
          i++;
          continue;
        case 125: {
          // }
          const rb = this.retBraces;
          if (rb.length > 0 && rb[rb.length - 1] === this.braces) {
            this.emit(T_SEQEND, i, i + 1, 0);
            this.braces--;
            rb.pop();
            this.i = i + 1;
            this.popMode();
            return true;
          }
          this.emit(T_CBRACE, i, i + 1, 0);
          this.braces--;
          i++;
          continue;
        }
        case 126: // ~
          if (text.charCodeAt(i + 1) === 125) {
            const rb = this.retBraces;
            this.emit(T_SEQEND, i, i + 2, F_STRIP);
            this.braces--;
            if (rb.length > 0 && rb[rb.length - 1] === this.braces + 1) {
              rb.pop();
              this.i = i + 2;
              this.popMode();
              return true;
            }
            i += 2;
            continue;
          }
          this.invalid(i, i + 1);
          i++;
          continue;
        case 60: {
          // <
          if (text.charCodeAt(i + 1) === 60) {
            const h = this.heredocIntro(i);
            if (h >= 0) return true;
          }
          if (text.charCodeAt(i + 1) === 61) {
            this.emit(T_LTE, i, i + 2, 0);
            i += 2;
          } else {
            this.emit(T_LT, i, i + 1, 0);
            i++;
          }
          continue;
        }
        case 62: // >
          if (text.charCodeAt(i + 1) === 61) {
            this.emit(T_GTE, i, i + 2, 0);
            i += 2;
          } else {
            this.emit(T_GT, i, i + 1, 0);
            i++;
          }
          continue;
        case 61: {
          // =
          const c1 = text.charCodeAt(i + 1);
          if (c1 === 61) {
            this.emit(T_EQEQ, i, i + 2, 0);
            i += 2;
          } else if (c1 === 62) {
            this.emit(T_FATARROW, i, i + 2, 0);
            i += 2;
          } else {
            this.emit(T_EQUAL, i, i + 1, 0);
            i++;
          }
          continue;
        }
        case 33: // !
          if (text.charCodeAt(i + 1) === 61) {
            this.emit(T_NOTEQ, i, i + 2, 0);
            i += 2;
          } else {
            this.emit(T_BANG, i, i + 1, 0);
            i++;
          }
          continue;
        case 38: // &
          if (text.charCodeAt(i + 1) === 38) {
            this.emit(T_AND, i, i + 2, 0);
            i += 2;
          } else {
            this.invalid(i, i + 1);
            i++;
          }
          continue;
        case 124: // |
          if (text.charCodeAt(i + 1) === 124) {
            this.emit(T_OR, i, i + 2, 0);
            i += 2;
          } else {
            this.invalid(i, i + 1);
            i++;
          }
          continue;
        case 58: // :
          if (text.charCodeAt(i + 1) === 58) {
            this.emit(T_DCOLON, i, i + 2, 0);
            i += 2;
          } else {
            this.emit(T_COLON, i, i + 1, 0);
            i++;
          }
          continue;
        case 46: // .
          if (text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
            this.emit(T_ELLIPSIS, i, i + 3, 0);
            i += 3;
          } else {
            this.emit(T_DOT, i, i + 1, 0);
            i++;
          }
          continue;
        case 91: // [
          this.emit(T_OBRACK, i, i + 1, 0);
          this.frameNest[depth - 1]++;
          i++;
          continue;
        case 93: // ]
          this.emit(T_CBRACK, i, i + 1, 0);
          this.frameNest[depth - 1]--;
          i++;
          continue;
        case 40: // (
          this.emit(T_OPAREN, i, i + 1, 0);
          this.frameNest[depth - 1]++;
          i++;
          continue;
        case 41: // )
          this.emit(T_CPAREN, i, i + 1, 0);
          this.frameNest[depth - 1]--;
          i++;
          continue;
        case 44:
          this.emit(T_COMMA, i, i + 1, 0);
          i++;
          continue;
        case 42:
          this.emit(T_STAR, i, i + 1, 0);
          i++;
          continue;
        case 37:
          this.emit(T_PERCENT, i, i + 1, 0);
          i++;
          continue;
        case 43:
          this.emit(T_PLUS, i, i + 1, 0);
          i++;
          continue;
        case 45:
          this.emit(T_MINUS, i, i + 1, 0);
          i++;
          continue;
        case 63:
          this.emit(T_QUESTION, i, i + 1, 0);
          i++;
          continue;
        default:
          break;
      }
      if (c >= 48 && c <= 57) {
        i = this.number(i);
        continue;
      }
      if (c < 128 && (CLASS[c] & C_IDENT_START) !== 0) {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d < 128) {
            if ((CLASS[d] & C_IDENT) === 0) break;
            j++;
          } else if (this.unicodeIdent(j, false) > 0) j += this.unicodeIdent(j, false);
          else break;
        }
        this.emit(T_IDENT, i, j, 0);
        i = j;
        continue;
      }
      if (c >= 0x80) {
        const w = this.unicodeIdent(i, true);
        if (w > 0) {
          let j = i + w;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (isIdentContinueAscii(d)) j++;
            else if (d >= 0x80 && this.unicodeIdent(j, false) > 0) j += this.unicodeIdent(j, false);
            else break;
          }
          this.emit(T_IDENT, i, j, 0);
          i = j;
          continue;
        }
        if (c === 0xfeff || c === 0xa0) {
          // Stray BOM / no-break space between tokens: invalid in HCL, but harmless to report once.
          this.invalid(i, i + 1);
          i++;
          continue;
        }
        const w2 = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
        this.invalid(i, i + w2);
        i += w2;
        continue;
      }
      this.invalid(i, i + 1);
      i++;
    }
  }

  /** Width of a Unicode identifier character at `i` (0 when it is not one). */
  private unicodeIdent(i: number, startChar: boolean): number {
    const cp = this.text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (startChar ? ID_START.test(ch) : ID_CONTINUE.test(ch)) return cp > 0xffff ? 2 : 1;
    return 0;
  }

  private invalid(start: number, end: number): void {
    const k = this.count - 1;
    if (k >= 0 && this.type[k] === T_INVALID && this.end[k] === start) {
      this.end[k] = end;
      return;
    }
    this.emit(T_INVALID, start, end, 0);
  }

  /** A number literal: digit (digit | '.' | [eE][+-]?digit)*, never ending with '.'. */
  private number(i: number): number {
    const text = this.text;
    const n = this.n;
    let j = i + 1;
    let last = j;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d >= 48 && d <= 57) {
        j++;
        last = j;
      } else if (d === 46) {
        j++;
      } else if (d === 101 || d === 69) {
        const e1 = text.charCodeAt(j + 1);
        if (e1 >= 48 && e1 <= 57) {
          j += 2;
          last = j;
        } else if ((e1 === 43 || e1 === 45) && isDigit(text.charCodeAt(j + 2))) {
          j += 3;
          last = j;
        } else break;
      } else break;
    }
    this.emit(T_NUMBER, i, last, 0);
    return last;
  }

  private lineComment(start: number, from: number): number {
    const text = this.text;
    const n = this.n;
    let j = from;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 10 || d === 13) break;
      j++;
    }
    this.comments.push({ text: text.slice(start, j), range: this.pf.rangeOf(start, j) });
    return j;
  }

  private blockComment(start: number): number {
    const end = this.text.indexOf('*/', start + 2);
    let stop = end < 0 ? this.n : end + 2;
    if (end < 0) {
      this.diag('Unterminated comment: missing "*/"', start, start + 2);
      // Lenient mode: a comment being typed ends before the next line that looks like configuration.
      if (this.lenient) {
        let lineEnd = start;
        while (lineEnd < this.n && this.text.charCodeAt(lineEnd) !== 10 && this.text.charCodeAt(lineEnd) !== 13) lineEnd++;
        const cut = this.configLineAfter(start, lineEnd);
        if (cut >= 0) stop = cut;
      }
    }
    this.comments.push({ text: this.text.slice(start, stop), range: this.pf.rangeOf(start, stop) });
    return stop;
  }

  /** `<<EOT` / `<<-EOT` followed by a line break; -1 when this is not a heredoc introducer. */
  private heredocIntro(i: number): number {
    const text = this.text;
    let j = i + 2;
    let flags = 0;
    if (text.charCodeAt(j) === 45) {
      flags = F_FLUSH;
      j++;
    }
    const markerStart = j;
    const c = text.charCodeAt(j);
    if (isIdentStartAscii(c)) j++;
    else if (c >= 0x80 && this.unicodeIdent(j, true) > 0) j += this.unicodeIdent(j, true);
    else return -1;
    while (j < this.n) {
      const d = text.charCodeAt(j);
      if (isIdentContinueAscii(d)) j++;
      else if (d >= 0x80 && this.unicodeIdent(j, false) > 0) j += this.unicodeIdent(j, false);
      else break;
    }
    const markerEnd = j;
    let e: number;
    if (text.charCodeAt(j) === 10) e = j + 1;
    else if (text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10) e = j + 2;
    else return -1;
    this.emit(T_OHEREDOC, i, e, flags);
    const marker = text.slice(markerStart, markerEnd);
    this.heredocs.push({ marker, startOfLine: true, introEnd: markerEnd, cutAt: this.lenient ? this.heredocCut(i, e, marker) : -1 });
    this.pushMode(MODE_HEREDOC, i);
    this.i = e;
    return e;
  }

  /**
   * Lenient recovery: a line break inside `${ ... }` of a quoted string, outside any bracket, means
   * the interpolation was never closed (the user is typing). End it and its string here.
   */
  private cutInterpolation(i: number): boolean {
    const depth = this.modes.length;
    if (depth < 3 || this.modes[depth - 2] !== MODE_QUOTED) return false;
    const rb = this.retBraces;
    if (rb.length === 0 || rb[rb.length - 1] !== this.braces || this.frameNest[depth - 1] > 0) return false;
    const open = this.frameOpen[depth - 1];
    this.diag('Unclosed template interpolation: missing "}"', open, open + 2);
    this.emit(T_SEQEND, i, i, F_SYNTHETIC);
    this.braces--;
    rb.pop();
    this.popMode();
    this.i = i;
    this.quietUnterminated = true;
    return true;
  }

  /** Template sequence opener or `$`/`%` literal at `i` inside a template; returns true on a mode change. */
  private templateDollar(i: number, c: number, litType: Tok): boolean {
    const text = this.text;
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 123) {
      const strip = text.charCodeAt(i + 2) === 126;
      this.emit(c === 36 ? T_INTERP : T_CONTROL, i, strip ? i + 3 : i + 2, strip ? F_STRIP : 0);
      this.braces++;
      this.retBraces.push(this.braces);
      this.i = strip ? i + 3 : i + 2;
      this.pushMode(MODE_MAIN, i);
      return true;
    }
    if (c1 === c && text.charCodeAt(i + 2) === 123) {
      this.emit(litType, i, i + 3, 0);
      this.i = i + 3;
    } else {
      this.emit(litType, i, i + 1, 0);
      this.i = i + 1;
    }
    return false;
  }

  private scanQuoted(): void {
    const text = this.text;
    const n = this.n;
    for (;;) {
      const i = this.i;
      if (i >= n) {
        this.unterminatedString(i);
        return;
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.emit(T_CQUOTE, i, i + 1, 0);
        this.i = i + 1;
        this.popMode();
        return;
      }
      if (c === 36 || c === 37) {
        if (this.templateDollar(i, c, T_QLIT)) return;
        continue;
      }
      if (c === 10 || c === 13) {
        this.unterminatedString(i);
        return;
      }
      let j = i;
      let flags = 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 128 && (CLASS[d] & C_QUOTED_STOP) !== 0) {
          if (d !== 92) break;
          flags = F_ESCAPE;
          const d1 = text.charCodeAt(j + 1);
          j += j + 1 < n && d1 !== 10 && d1 !== 13 ? 2 : 1;
        } else j++;
      }
      this.emit(T_QLIT, i, j, flags);
      this.i = j;
    }
  }

  private unterminatedString(i: number): void {
    const open = this.frameOpen[this.frameOpen.length - 1];
    if (!this.quietUnterminated) this.diag('Unterminated string: missing closing quote', open, i);
    this.quietUnterminated = false;
    this.emit(T_CQUOTE, i, i, F_SYNTHETIC);
    this.popMode();
  }

  private scanHeredoc(): void {
    const text = this.text;
    const n = this.n;
    const h = this.heredocs[this.heredocs.length - 1];
    for (;;) {
      const i = this.i;
      if (i >= n) {
        const open = this.frameOpen[this.frameOpen.length - 1];
        this.diag(`Unterminated heredoc: no closing "${h.marker}" line`, open, h.introEnd);
        this.emit(T_CHEREDOC, i, i, F_SYNTHETIC);
        this.endHeredoc();
        return;
      }
      if (i === h.cutAt && h.startOfLine) {
        const open = this.frameOpen[this.frameOpen.length - 1];
        this.diag(`Unterminated heredoc: no closing "${h.marker}" line`, open, h.introEnd);
        this.emit(T_CHEREDOC, i, i, F_SYNTHETIC);
        // The parser expects the line break that follows a closing marker.
        this.emit(T_NEWLINE, i, i, F_SYNTHETIC);
        this.endHeredoc();
        return;
      }
      const c = text.charCodeAt(i);
      if (c === 36 || c === 37) {
        h.startOfLine = false;
        if (this.templateDollar(i, c, T_HLIT)) return;
        continue;
      }
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 128 && (CLASS[d] & C_HEREDOC_STOP) !== 0) {
          if (d !== 13 || text.charCodeAt(j + 1) === 10) break;
        }
        j++;
      }
      if (j < n && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) {
        const eol = text.charCodeAt(j) === 10 ? j + 1 : j + 2;
        if (h.startOfLine && this.isMarker(i, j, h.marker)) {
          this.emit(T_CHEREDOC, i, j, 0);
          this.emit(T_NEWLINE, j, eol, 0);
          this.i = eol;
          this.endHeredoc();
          return;
        }
        this.emit(T_HLIT, i, eol, 0);
        h.startOfLine = true;
        this.i = eol;
        continue;
      }
      if (j >= n && j > i && h.startOfLine && this.isMarker(i, j, h.marker)) {
        // HCL requires a line break after the marker; accept it but say so.
        this.diag('Missing newline after the heredoc closing marker', i, j);
        this.emit(T_CHEREDOC, i, j, 0);
        this.i = j;
        this.endHeredoc();
        return;
      }
      if (j > i) this.emit(T_HLIT, i, j, 0);
      h.startOfLine = false;
      this.i = j;
    }
  }

  /**
   * Lenient mode, for a heredoc being typed: when no line closes it, end it before the first line
   * that is indented no deeper than the line with `<<` and looks like configuration again (`}`,
   * `name =`, or a block header), instead of swallowing the rest of the file.
   */
  private heredocCut(intro: number, bodyStart: number, marker: string): number {
    return this.configLineAfter(intro, bodyStart, marker);
  }

  /**
   * Start of the first line from `from` on that is indented no deeper than the line containing
   * `anchor` and looks like configuration, or -1. With a heredoc `marker`, -1 as soon as a line
   * closes the heredoc (it is not unterminated after all).
   */
  private configLineAfter(anchor: number, from: number, marker?: string): number {
    const text = this.text;
    const n = this.n;
    let lineStart = anchor;
    while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32 || text.charCodeAt(lineStart + indent) === 9) indent++;
    let cut = -1;
    let ls = from;
    // Skip the rest of the anchor's own line.
    if (ls < n && (text.charCodeAt(ls) === 13 || text.charCodeAt(ls) === 10)) ls += text.charCodeAt(ls) === 13 && text.charCodeAt(ls + 1) === 10 ? 2 : 1;
    while (ls < n) {
      let le = ls;
      while (le < n && text.charCodeAt(le) !== 10 && text.charCodeAt(le) !== 13) le++;
      if (marker !== undefined && this.isMarker(ls, le, marker)) return -1;
      if (cut < 0) {
        let k = ls;
        while (k < le && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (k - ls <= indent && k < le && looksLikeConfig(text.slice(k, le))) {
          cut = ls;
          if (marker === undefined) return cut;
        }
      }
      ls = le < n && text.charCodeAt(le) === 13 && text.charCodeAt(le + 1) === 10 ? le + 2 : le + 1;
    }
    return cut;
  }

  private endHeredoc(): void {
    this.heredocs.pop();
    this.popMode();
  }

  /** Whether text[i, j), trimmed of (Go) white space, equals `marker`. */
  private isMarker(i: number, j: number, marker: string): boolean {
    const text = this.text;
    while (i < j && isGoSpace(text.charCodeAt(i))) i++;
    while (j > i && isGoSpace(text.charCodeAt(j - 1))) j--;
    return j - i === marker.length && text.startsWith(marker, i);
  }
}

const CONFIG_LINE = /^(?:\}|[A-Za-z_][\w-]*\s*(?:=(?![=>])|\{|"[^"]*"\s*(?:\{|"))|(?:resource|data|module|variable|output|locals|provider|terraform)\b)/;

function looksLikeConfig(line: string): boolean {
  return CONFIG_LINE.test(line);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
