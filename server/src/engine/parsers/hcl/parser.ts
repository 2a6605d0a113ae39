/**
 * Recursive-descent parser for HCL native syntax (Terraform `.tf` / `.tfvars`).
 *
 * The grammar decisions mirror HashiCorp's hclsyntax parser (the reference `@cdktf/hcl2json` is built
 * on it): the same newline sensitivity (newlines end attributes and object items but are ignored
 * inside `()`, `[]`, `for` and template sequences), the same operator precedence, the same template
 * trimming (`~`) and flush-heredoc rules, so the JSON projection of a valid file matches the
 * reference exactly.
 *
 * Error recovery is tuned for an editor that parses on every keystroke: it never throws, every loop
 * consumes a token or stops, an error inside one body item is contained to that item (the rest of the
 * block and the file are still parsed), and when a file does not parse cleanly it is parsed a second
 * time in a lenient mode that closes brackets left open (by indentation) and ends interpolations and
 * strings at the end of their line.
 */
import type {
  HclAttribute,
  HclBlock,
  HclComment,
  HclExpression,
  HclFile,
  HclFor,
  HclObject,
  HclParseDiagnostic,
  HclTemplate,
  HclTemplateDirective,
  HclTemplateInterpolation,
  HclTemplateLiteralPart,
  HclTraversal,
  HclTuple,
} from './ast';
import type { Position, SourceRange } from '../../core/range';
import { lex } from './lexer';
import { computeLineStarts, PositionFactory } from './positions';
import { insertImpliedClosers } from './recovery';
import {
  decodeHeredocChunk,
  decodeQuotedChunk,
  directiveProblems,
  flushHeredoc,
  meld,
  TT,
  trimLeftSpace,
  trimRightSpace,
  type EscapeErrors,
  type TemplateToken,
} from './templates';
import { Tok, TokFlag, tokenName, type TokenStream } from './tokens';

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
const {
  ELSE: TT_ELSE, END: TT_END, ENDFOR: TT_ENDFOR, ENDIF: TT_ENDIF, FOR: TT_FOR, IF: TT_IF, INTERP: TT_INTERP, LIT: TT_LIT,
} = TT;

/** Nesting depth beyond which expressions and blocks are not descended into (stack safety). */
const MAX_DEPTH = 128;
const MAX_DIAGNOSTICS = 500;

export interface ParseHclOptions {
  /** Skip the strict pass and parse leniently straight away (tests of the recovery heuristics). */
  lenient?: boolean;
}

export function parseHcl(path: string, text: string, options: ParseHclOptions = {}): HclFile {
  let pf: PositionFactory | undefined;
  try {
    pf = new PositionFactory(computeLineStarts(text));
    if (options.lenient) return new Parser(path, text, pf, true).parseFile();
    const strict = new Parser(path, text, pf, false).parseFile();
    if (strict.diagnostics.length === 0) return strict;
    // Broken file. The lenient pass usually recovers more: blocks that an unclosed bracket pulled
    // into its body come back to the top level. But its heuristics can misfire on unusual
    // formatting elsewhere in the file, so keep whichever result recovered more top-level items,
    // and on a tie the one with fewer diagnostics.
    const lenient = new Parser(path, text, pf, true).parseFile();
    const l = lenient.body.items.length;
    const s = strict.body.items.length;
    if (l !== s) return l > s ? lenient : strict;
    return lenient.diagnostics.length <= strict.diagnostics.length ? lenient : strict;
  } catch (error) {
    // Defensive: a bug in the parser must not take the editor down with it.
    const factory = pf ?? new PositionFactory(computeLineStarts(text));
    const range = factory.rangeOf(0, Math.min(text.length, factory.lineStarts.length > 1 ? factory.lineStarts[1] : text.length));
    return {
      path,
      text,
      body: { items: [], range: factory.rangeOf(0, text.length) },
      diagnostics: [{ message: `Internal HCL parser error: ${(error as Error)?.message ?? String(error)}`, range }],
      comments: [],
    };
  }
}

type Op = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** Precedence level of a binary operator token (0 = loosest, as in HCL), -1 for other tokens. */
function binaryLevel(t: number): number {
  switch (t) {
    case T_OR:
      return 0;
    case T_AND:
      return 1;
    case T_EQEQ:
    case T_NOTEQ:
      return 2;
    case T_LT:
    case T_LTE:
    case T_GT:
    case T_GTE:
      return 3;
    case T_PLUS:
    case T_MINUS:
      return 4;
    case T_STAR:
    case T_SLASH:
    case T_PERCENT:
      return 5;
    default:
      return -1;
  }
}

function binaryOp(t: number): Op {
  switch (t) {
    case T_OR: return '||';
    case T_AND: return '&&';
    case T_EQEQ: return '==';
    case T_NOTEQ: return '!=';
    case T_LT: return '<';
    case T_LTE: return '<=';
    case T_GT: return '>';
    case T_GTE: return '>=';
    case T_PLUS: return '+';
    case T_MINUS: return '-';
    case T_STAR: return '*';
    case T_SLASH: return '/';
    default: return '%';
  }
}

class Parser implements EscapeErrors {
  private readonly type: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly line: Int32Array;
  private readonly endLine: Int32Array;
  private readonly count: number;
  private readonly comments: HclComment[];
  private readonly diags: HclParseDiagnostic[];

  private pos = 0;
  /** Whether the last parseBody call found its closing token. */
  private bodyClosed = false;
  private readonly nlStack: boolean[] = [true];
  private incNl = true;
  private recovery = false;
  private depth = 0;

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly pf: PositionFactory,
    lenient: boolean,
  ) {
    const lexed = lex(text, pf, lenient);
    let ts: TokenStream = lexed.tokens;
    this.diags = lexed.diagnostics;
    if (lenient) ts = insertImpliedClosers(ts, text, pf, this.diags);
    this.comments = lexed.comments;
    this.type = ts.type;
    this.flags = ts.flags;
    this.start = ts.start;
    this.end = ts.end;
    this.line = ts.line;
    this.endLine = ts.endLine;
    this.count = ts.count;
  }

  parseFile(): HclFile {
    const items = this.parseBody(T_EOF, -1, -1);
    const diagnostics = this.diags.length > 1 ? this.diags.slice().sort((a, b) => a.range.start.offset - b.range.start.offset) : this.diags;
    return {
      path: this.path,
      text: this.text,
      body: { items, range: this.pf.rangeOf(0, this.text.length) },
      diagnostics: diagnostics.length > MAX_DIAGNOSTICS ? diagnostics.slice(0, MAX_DIAGNOSTICS) : diagnostics,
      comments: this.comments,
    };
  }

  // ---------------------------------------------------------------- peeker

  private peek(): number {
    let k = this.pos;
    if (k >= this.count) return this.count - 1;
    if (!this.incNl) {
      const type = this.type;
      while (type[k] === T_NEWLINE) k++;
    }
    return k;
  }

  private read(): number {
    const k = this.peek();
    this.pos = k + 1;
    return k;
  }

  private peekType(): number {
    return this.type[this.peek()];
  }

  /** Index of the last token read (HCL's PrevRange). */
  private prev(): number {
    return this.pos > 0 ? this.pos - 1 : 0;
  }

  private pushNl(include: boolean): void {
    this.nlStack.push(include);
    this.incNl = include;
  }

  private popNl(): void {
    if (this.nlStack.length > 1) this.nlStack.pop();
    this.incNl = this.nlStack[this.nlStack.length - 1];
  }

  private isKeyword(k: number, word: string): boolean {
    return this.type[k] === T_IDENT && this.end[k] - this.start[k] === word.length && this.text.startsWith(word, this.start[k]);
  }

  private tokText(k: number): string {
    return this.text.slice(this.start[k], this.end[k]);
  }

  // ---------------------------------------------------------------- positions

  private startPos(k: number): Position {
    return this.pf.at(this.start[k], this.line[k]);
  }

  private endPos(k: number): Position {
    return this.pf.at(this.end[k], this.endLine[k]);
  }

  private tokRange(k: number): SourceRange {
    return { start: this.startPos(k), end: this.endPos(k) };
  }

  private tokSpan(a: number, b: number): SourceRange {
    return { start: this.startPos(a), end: this.endPos(b) };
  }

  /** Zero-width range at the start of token k (where something was expected). */
  private pointAt(k: number): SourceRange {
    const p = this.startPos(k);
    return { start: p, end: p };
  }

  /** Where to report token k: its range, or the point where it starts for line ends and EOF. */
  private reportRange(k: number): SourceRange {
    const t = this.type[k];
    return t === T_NEWLINE || t === T_EOF || this.flags[k] & F_SYNTHETIC ? this.pointAt(k) : this.tokRange(k);
  }

  private error(message: string, range: SourceRange): void {
    if (this.diags.length < MAX_DIAGNOSTICS * 2) this.diags.push({ message, range });
  }

  private unexpected(k: number, expected: string): void {
    // A token inserted by recovery is never the real problem; that was reported where it was inserted.
    if (this.flags[k] & F_SYNTHETIC) return;
    const t = this.type[k];
    const found = t === T_INVALID ? `invalid character ${JSON.stringify(this.tokText(k))}` : tokenName(t as Tok);
    this.error(`${expected}, found ${found}${t === T_INVALID ? invalidHint(this.text.charCodeAt(this.start[k])) : ''}`, this.reportRange(k));
  }

  // ---------------------------------------------------------------- recovery

  /** Skips to the token after the matching `end` (HCL's recover), counting nested brackets of that kind. */
  private recover(end: Tok): number {
    const open = end === T_CBRACE ? T_OBRACE : end === T_CBRACK ? T_OBRACK : end === T_CPAREN ? T_OPAREN : end === T_CQUOTE ? T_OQUOTE : end === T_CHEREDOC ? T_OHEREDOC : T_INTERP;
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const k = this.read();
      let t = this.type[k];
      if (end === T_SEQEND && t === T_CONTROL) t = T_INTERP;
      if (t === open) nest++;
      else if (t === end) {
        if (nest < 1) return k;
        nest--;
      } else if (t === T_EOF) return k;
    }
  }

  /** Skips to the next `start` bracket, then past its matching end. */
  private recoverOver(start: Tok): void {
    for (;;) {
      const k = this.read();
      const t = this.type[k];
      if (t === start || t === T_EOF) break;
    }
    this.recover(start === T_OPAREN ? T_CPAREN : start === T_OBRACK ? T_CBRACK : T_CBRACE);
  }

  /**
   * Skips the rest of a broken body item: up to and including the next newline outside brackets.
   * Unlike HCL it stops before a `}` that closes the enclosing body, so the body is not lost.
   */
  private recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: number[] = [];
    const type = this.type;
    for (;;) {
      // Raw tokens: line ends count here whatever the current newline mode is.
      const k = this.pos < this.count ? this.pos : this.count - 1;
      const t = type[k];
      if (t === T_EOF) return;
      if (t === T_NEWLINE) {
        this.pos = k + 1;
        if (open.length === 0) return;
        continue;
      }
      if (t === T_CBRACE && !open.includes(T_OBRACE) && !open.includes(T_INTERP)) return;
      this.pos = k + 1;
      switch (t) {
        case T_OBRACE:
        case T_OBRACK:
        case T_OPAREN:
        case T_OQUOTE:
        case T_OHEREDOC:
        case T_INTERP:
          open.push(t);
          break;
        case T_CONTROL:
          open.push(T_INTERP);
          break;
        case T_CBRACE:
        case T_CBRACK:
        case T_CPAREN:
        case T_CQUOTE:
        case T_CHEREDOC:
        case T_SEQEND: {
          const opener = t === T_CBRACE ? T_OBRACE : t === T_CBRACK ? T_OBRACK : t === T_CPAREN ? T_OPAREN : t === T_CQUOTE ? T_OQUOTE : t === T_CHEREDOC ? T_OHEREDOC : T_INTERP;
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          if (open.length > 0) open.pop();
          break;
        }
        default:
          break;
      }
    }
  }

  // ---------------------------------------------------------------- bodies

  /**
   * Parses body items until `end` (EOF for the file, `}` for a block). `openBrace` is the index of
   * the block's `{` (-1 for the file). Returns the items; the closing token, if found, is consumed.
   */
  private parseBody(end: Tok, openBrace: number, blockType: number): (HclAttribute | HclBlock)[] {
    const items: (HclAttribute | HclBlock)[] = [];
    let seen: Map<string, HclAttribute> | undefined;
    let attrCount = 0;
    const type = this.type;
    for (;;) {
      const k = this.peek();
      const t = type[k];
      if (t === end) {
        this.pos = k + 1;
        this.bodyClosed = true;
        return items;
      }
      if (t === T_NEWLINE) {
        this.pos = k + 1;
        continue;
      }
      if (t === T_IDENT) {
        // An error in one item must not change how the next one is parsed or reported.
        this.recovery = false;
        const before = this.pos;
        const item = this.parseBodyItem();
        if (item) {
          if (item.type === 'attribute') {
            const existing = this.findAttribute(items, item.name, attrCount, seen);
            if (existing) {
              this.error(
                `Attribute redefined: "${item.name}" was already set on line ${existing.nameRange.start.line + 1}; each argument may be set only once`,
                item.nameRange,
              );
            } else {
              items.push(item);
              attrCount++;
              // Small bodies are scanned linearly; a map pays off only for long ones.
              if (attrCount === 16) seen = new Map(items.filter((i): i is HclAttribute => i.type === 'attribute').map((a) => [a.name, a]));
              else if (seen) seen.set(item.name, item);
            }
          } else items.push(item);
        }
        if (this.pos === before) this.pos++; // guarantee progress
        continue;
      }
      if (t === T_EOF) {
        // Only reached for block bodies (the file body ends at EOF above).
        this.error(
          `Unclosed block "${blockType >= 0 ? this.tokText(blockType) : ''}": no closing "}" before the end of the file`,
          this.tokRange(openBrace),
        );
        this.bodyClosed = false;
        return items;
      }
      this.recovery = false;
      if (t === T_CBRACE) {
        this.error('Unexpected "}": there is no block to close here', this.tokRange(k));
        this.pos = k + 1;
        this.recoverAfterBodyItem();
        continue;
      }
      if (t === T_OQUOTE) this.error('Invalid argument name: argument names must not be quoted', this.tokRange(k));
      else this.unexpected(k, 'Expected an argument or block definition');
      const before = this.pos;
      this.recoverAfterBodyItem();
      if (this.pos === before) {
        // A stray closer the recovery will not consume (it may belong to an outer body).
        if (end === T_EOF || type[this.peek()] !== T_CBRACE) this.pos++;
      }
    }
  }

  private findAttribute(items: (HclAttribute | HclBlock)[], name: string, attrCount: number, seen: Map<string, HclAttribute> | undefined): HclAttribute | undefined {
    if (seen) return seen.get(name);
    if (attrCount === 0) return undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.type === 'attribute' && item.name === name) return item;
    }
    return undefined;
  }

  private parseBodyItem(): HclAttribute | HclBlock | undefined {
    const ident = this.read();
    const next = this.peekType();
    if (next === T_EQUAL) return this.finishAttribute(ident, false);
    if (next === T_OQUOTE || next === T_OBRACE || next === T_IDENT) return this.finishBlock(ident);
    this.error(`Expected "=" or a block body after "${this.tokText(ident)}"`, this.tokRange(ident));
    this.recoverAfterBodyItem();
    return undefined;
  }

  private finishAttribute(ident: number, singleLine: boolean): HclAttribute {
    this.read(); // =
    const before = this.diags.length;
    const value = this.parseExpression();
    if (this.recovery && this.diags.length > before) {
      this.recoverAfterBodyItem();
    } else if (!singleLine) {
      const k = this.peek();
      const t = this.type[k];
      if (t === T_NEWLINE || t === T_EOF) this.pos = k + 1;
      else if (this.flags[k] & F_SYNTHETIC) {
        // A closer implied by recovery ends the line; the body (or object) consumes it.
      } else {
        if (!this.recovery) {
          if (t === T_COMMA) this.error('Unexpected comma after argument: arguments are separated by newlines', this.tokRange(k));
          else this.unexpected(k, 'Expected a newline after the argument');
        }
        this.recoverAfterBodyItem();
      }
    }
    const nameRange = this.tokRange(ident);
    return {
      type: 'attribute',
      name: this.tokText(ident),
      nameRange,
      value,
      range: { start: nameRange.start, end: value.range.end },
    };
  }

  private finishBlock(ident: number): HclBlock | undefined {
    const labels: { value: string; range: SourceRange }[] = [];
    let oBrace = -1;
    for (;;) {
      const k = this.peek();
      const t = this.type[k];
      if (t === T_OBRACE) {
        oBrace = this.read();
        break;
      }
      if (t === T_OQUOTE) {
        labels.push(this.parseQuotedLabel());
        continue;
      }
      if (t === T_IDENT) {
        this.read();
        labels.push({ value: this.tokText(k), range: this.tokRange(k) });
        continue;
      }
      if (t === T_NEWLINE) {
        // `resource "a" "b"` with the brace on the next line: say so, but take the body.
        let j = k;
        while (this.type[j] === T_NEWLINE) j++;
        if (this.type[j] === T_OBRACE) {
          this.error('The opening brace of a block must be on the same line as the block type and labels', this.pointAt(k));
          this.pos = j;
          continue;
        }
        this.error(`Block "${this.tokText(ident)}" has no body: expected "{" on the same line`, this.pointAt(k));
      } else if (t === T_EQUAL) {
        this.error('Invalid block definition: "=" is not allowed between a block type and its body', this.tokRange(k));
      } else {
        this.unexpected(k, 'Expected a quoted block label or "{"');
      }
      this.recoverAfterBodyItem();
      return undefined;
    }

    let items: (HclAttribute | HclBlock)[];
    let closed = false;
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      this.error('Blocks are nested too deeply', this.tokRange(oBrace));
      this.recover(T_CBRACE);
      items = [];
      closed = this.type[this.prev()] === T_CBRACE;
    } else {
      const first = this.peekType();
      if (first === T_NEWLINE || first === T_EOF || first === T_CBRACE) {
        items = this.parseBody(T_CBRACE, oBrace, ident);
        closed = this.bodyClosed;
      } else {
        const r = this.parseSingleLineBody(oBrace, ident);
        items = r.items;
        closed = r.closed;
      }
    }
    this.depth--;

    const closeIdx = this.prev();
    const last = closed ? closeIdx : this.lastRealToken(closeIdx);
    const eol = this.peek();
    const et = this.type[eol];
    if (et === T_NEWLINE || et === T_EOF) this.pos = eol + 1;
    else {
      if (!this.recovery) this.unexpected(eol, 'Expected a newline after the block');
      this.recoverAfterBodyItem();
    }
    const typeRange = this.tokRange(ident);
    const openBrace = this.tokRange(oBrace);
    const endPos = this.endPos(last);
    const block: HclBlock = {
      type: 'block',
      blockType: this.tokText(ident),
      typeRange,
      labels,
      body: { items, range: { start: openBrace.start, end: endPos } },
      range: { start: typeRange.start, end: endPos },
      openBrace,
    };
    // A closer implied by recovery is not in the source: the block counts as unclosed.
    if (closed && !(this.flags[closeIdx] & F_SYNTHETIC)) block.closeBrace = this.tokRange(closeIdx);
    return block;
  }

  /** The last token at or before k that is real source (not EOF, newline or synthetic). */
  private lastRealToken(k: number): number {
    while (k > 0 && (this.type[k] === T_EOF || this.type[k] === T_NEWLINE || this.flags[k] & F_SYNTHETIC)) k--;
    return k;
  }

  /** `a { b = 1 }`: one attribute on the block's line. */
  private parseSingleLineBody(oBrace: number, ident: number): { items: (HclAttribute | HclBlock)[]; closed: boolean } {
    const items: (HclAttribute | HclBlock)[] = [];
    const k = this.peek();
    if (this.type[k] === T_IDENT && this.type[this.peekAfter(k)] === T_EQUAL) {
      this.read();
      items.push(this.finishAttribute(k, true));
    } else {
      if (this.type[k] === T_IDENT) {
        this.error('A single-line block can contain only one argument (name = value); put nested blocks on their own lines', this.tokRange(k));
      } else this.unexpected(k, 'Expected an argument or block definition');
      this.recoverAfterBodyItem();
      if (this.peekType() === T_CBRACE) {
        this.read();
        return { items, closed: true };
      }
      // Continue as a multi-line body (the item was skipped to its line end).
      const rest = this.parseBody(T_CBRACE, oBrace, ident);
      return { items: items.concat(rest), closed: this.bodyClosed };
    }
    const next = this.peek();
    const t = this.type[next];
    if (t === T_CBRACE) {
      this.read();
      return { items, closed: true };
    }
    if (t === T_NEWLINE) {
      // `a { b = 1` + newline: the user is writing a multi-line block; keep parsing it as one.
      this.error('A single-line block must be closed on the same line; put the argument on its own line', this.pointAt(next));
      const rest = this.parseBody(T_CBRACE, oBrace, ident);
      return { items: items.concat(rest), closed: this.bodyClosed };
    }
    if (t === T_COMMA) {
      this.error('A single-line block can contain only one argument; use one line per argument', this.tokRange(next));
    } else if (t === T_EOF) {
      this.error(`Unclosed block "${this.tokText(ident)}": no closing "}" before the end of the file`, this.tokRange(oBrace));
      return { items, closed: false };
    } else if (!this.recovery) this.unexpected(next, 'Expected "}" after the single argument of this block');
    const closer = this.recover(T_CBRACE);
    return { items, closed: this.type[closer] === T_CBRACE };
  }

  /** Index of the next token after k under the current newline mode. */
  private peekAfter(k: number): number {
    let j = k + 1;
    if (j >= this.count) return this.count - 1;
    if (!this.incNl) while (this.type[j] === T_NEWLINE) j++;
    return j;
  }

  private parseQuotedLabel(): { value: string; range: SourceRange } {
    const open = this.read();
    let value = '';
    let endTok = open;
    for (;;) {
      const k = this.read();
      const t = this.type[k];
      if (t === T_CQUOTE) {
        endTok = this.flags[k] & F_SYNTHETIC ? this.lastRealToken(k) : k;
        break;
      }
      if (t === T_QLIT) {
        value += this.decodeQuoted(k);
        endTok = k;
        continue;
      }
      if (t === T_INTERP || t === T_CONTROL) {
        const which = t === T_INTERP ? '$' : '%';
        this.error(
          `Template sequences are not allowed in a block label; to include a literal "${which}{", write "${which}${which}{"`,
          this.tokRange(k),
        );
        value += `${which}{ ... }`;
        endTok = this.recover(T_SEQEND);
        continue;
      }
      if (t === T_EOF) {
        this.error('Unterminated string: missing closing quote', this.tokSpan(open, this.lastRealToken(k)));
        endTok = this.lastRealToken(k);
        break;
      }
      this.unexpected(k, 'Expected the end of the label');
      endTok = this.recover(T_CQUOTE);
      break;
    }
    return { value, range: { start: this.startPos(open), end: this.endPos(endTok) } };
  }

  // ---------------------------------------------------------------- expressions

  private parseExpression(): HclExpression {
    const before = this.diags.length;
    const cond = this.parseBinaryOps(0);
    if (this.recovery && this.diags.length > before) return cond;
    const q = this.peek();
    if (this.type[q] !== T_QUESTION) return cond;
    this.read();
    const beforeThen = this.diags.length;
    const thenExpr = this.parseExpression();
    if (this.recovery && this.diags.length > beforeThen) return cond;
    const colon = this.peek();
    if (this.type[colon] !== T_COLON) {
      this.unexpected(colon, 'Expected ":" and the false result of the conditional');
      this.recovery = true;
      return cond;
    }
    this.read();
    const beforeElse = this.diags.length;
    const elseExpr = this.parseExpression();
    if (this.recovery && this.diags.length > beforeElse) return cond;
    return {
      kind: 'conditional',
      condition: cond,
      then: thenExpr,
      else: elseExpr,
      range: { start: cond.range.start, end: elseExpr.range.end },
    };
  }

  /**
   * Binary operators by precedence climbing: the same left-associative trees as HCL's one recursion
   * per precedence level, without six nested calls per operand.
   */
  private parseBinaryOps(minLevel: number): HclExpression {
    const start = this.diags.length;
    let lhs = this.parseTraversals(this.parseTerm());
    if (this.recovery && this.diags.length > start) return lhs;
    for (;;) {
      const t = this.peekType();
      const level = binaryLevel(t);
      if (level < minLevel) return lhs;
      this.read();
      const before = this.diags.length;
      const rhs = this.parseBinaryOps(level + 1);
      if (this.recovery && this.diags.length > before) return lhs;
      lhs = { kind: 'operation', operator: binaryOp(t), operands: [lhs, rhs], range: { start: lhs.range.start, end: rhs.range.end } };
    }
  }

  private parseTraversals(from: HclExpression): HclExpression {
    let ret = from;
    const type = this.type;
    for (;;) {
      const k = this.peek();
      const t = type[k];
      if (t === T_DOT) {
        const dot = this.read();
        const a = this.peek();
        const at = type[a];
        if (at === T_IDENT) {
          this.read();
          ret = this.appendAttr(ret, this.tokText(a), a);
        } else if (at === T_NUMBER) {
          // Legacy `foo.0` index syntax inherited from HIL.
          this.read();
          ret = this.appendIndex(ret, this.legacyIndex(a), a);
        } else if (at === T_STAR) {
          const star = this.read();
          ret = this.attrSplat(ret, star);
        } else {
          this.unexpected(a, 'Expected an attribute name after "."');
          ret = { kind: 'invalid', range: { start: ret.range.start, end: this.endPos(dot) } };
          this.recovery = true;
          // Nothing after the dot is consumed, so the loop ends at the next non-traversal token.
        }
        continue;
      }
      if (t === T_OBRACK) {
        this.read();
        if (this.peekType() === T_STAR) {
          this.read();
          let close = this.read();
          if (type[close] !== T_CBRACK && !this.recovery) {
            this.unexpected(close, 'Expected "]" after "[*"');
            close = this.recover(T_CBRACK);
          }
          ret = this.fullSplat(ret, close);
          continue;
        }
        this.pushNl(false);
        const before = this.diags.length;
        const key = this.parseExpression();
        let close: number;
        if (this.recovery && this.diags.length > before) close = this.recover(T_CBRACK);
        else {
          close = this.read();
          if (type[close] !== T_CBRACK && !this.recovery) {
            this.unexpected(close, 'Expected "]" to close the index');
            close = this.recover(T_CBRACK);
          }
        }
        this.popNl();
        ret = this.appendIndex(ret, key, close);
        continue;
      }
      return ret;
    }
  }

  private legacyIndex(k: number): HclExpression {
    const raw = this.tokText(k);
    const dot = raw.indexOf('.');
    if (dot >= 0) {
      this.error(
        `Invalid legacy index syntax: chaining two indexes is not permitted; write [${raw.slice(0, dot)}][${raw.slice(dot + 1)}]`,
        this.tokRange(k),
      );
    }
    return { kind: 'literal', value: Number(raw), range: this.tokRange(k) };
  }

  private appendAttr(ret: HclExpression, name: string, k: number): HclExpression {
    const end = this.endPos(k);
    if (ret.kind === 'traversal') {
      ret.steps.push({ kind: 'attr', name });
      ret.range.end = end; // the traversal owns its range object
      return ret;
    }
    return { kind: 'index', target: ret, key: name, range: { start: ret.range.start, end } };
  }

  private appendIndex(ret: HclExpression, key: HclExpression, close: number): HclExpression {
    const end = this.endPos(this.type[close] === T_EOF ? this.lastRealToken(close) : close);
    if (ret.kind === 'traversal') {
      ret.steps.push({ kind: 'index', key });
      ret.range.end = end;
      return ret;
    }
    return { kind: 'index', target: ret, key, range: { start: ret.range.start, end } };
  }

  /** `x.*.a.b`: only attribute (and legacy index) steps belong to the splat. */
  private attrSplat(ret: HclExpression, star: number): HclExpression {
    const type = this.type;
    if (ret.kind === 'traversal') {
      ret.steps.push({ kind: 'splat' });
      ret.range = { start: ret.range.start, end: this.endPos(star) };
      // The following `.attr` steps are appended by the caller's loop.
      return ret;
    }
    let last = star;
    while (type[this.peek()] === T_DOT) {
      const a = this.peekAfter(this.peek());
      if (type[a] !== T_IDENT && type[a] !== T_NUMBER) break;
      this.read();
      this.read();
      if (type[a] === T_NUMBER) this.legacyIndex(a);
      last = a;
    }
    const range = { start: ret.range.start, end: this.endPos(last) };
    return { kind: 'splat', target: ret, text: this.text.slice(range.start.offset, range.end.offset), range };
  }

  /** `x[*]...`: every following traversal step applies to each element. */
  private fullSplat(ret: HclExpression, close: number): HclExpression {
    if (ret.kind === 'traversal') {
      ret.steps.push({ kind: 'splat' });
      ret.range = { start: ret.range.start, end: this.endPos(close) };
      return ret;
    }
    const each = this.parseTraversals({ kind: 'traversal', root: '', steps: [], range: this.tokRange(close) });
    const range = { start: ret.range.start, end: each.range.end };
    return { kind: 'splat', target: ret, text: this.text.slice(range.start.offset, range.end.offset), range };
  }

  private parseTerm(): HclExpression {
    const k = this.peek();
    const t = this.type[k];
    switch (t) {
      case T_IDENT: {
        this.read();
        const n = this.peekType();
        if (n === T_OPAREN || n === T_DCOLON) return this.finishCall(k);
        const range = this.tokRange(k);
        const name = this.tokText(k);
        if (name === 'true') return { kind: 'literal', value: true, range };
        if (name === 'false') return { kind: 'literal', value: false, range };
        if (name === 'null') return { kind: 'literal', value: null, range };
        return { kind: 'traversal', root: name, steps: [], range } as HclTraversal;
      }
      case T_NUMBER: {
        this.read();
        const value = Number(this.tokText(k));
        if (Number.isNaN(value)) this.error(`Invalid number literal "${this.tokText(k)}"`, this.tokRange(k));
        return { kind: 'literal', value, range: this.tokRange(k) };
      }
      case T_OQUOTE:
      case T_OHEREDOC:
      case T_OBRACK:
      case T_OBRACE:
      case T_OPAREN: {
        // Nested constructs are depth-guarded: deep nesting must not overflow the stack.
        if (this.depth >= MAX_DEPTH) return this.tooDeep(k);
        this.depth++;
        const e = t === T_OQUOTE || t === T_OHEREDOC ? this.parseTemplate() : t === T_OBRACK ? this.parseTuple() : t === T_OBRACE ? this.parseObject() : this.parseParens();
        this.depth--;
        return e;
      }
      case T_MINUS:
      case T_BANG: {
        this.read();
        if (this.depth >= MAX_DEPTH) return this.tooDeep(k);
        this.depth++;
        const operand = this.parseTraversals(this.parseTerm());
        this.depth--;
        return { kind: 'operation', operator: t === T_MINUS ? '-' : '!', operands: [operand], range: { start: this.startPos(k), end: operand.range.end } };
      }
      default: {
        if (!this.recovery) {
          if (t === T_NEWLINE) this.error('Expected an expression, found the end of the line', this.pointAt(k));
          else if (t === T_EOF) this.error('Expected an expression, found the end of the file', this.pointAt(k));
          else this.unexpected(k, 'Expected an expression');
        }
        this.recovery = true;
        return { kind: 'invalid', range: this.reportRange(k) };
      }
    }
  }

  /** Too deeply nested to descend into: report it and skip to the end of the line. */
  private tooDeep(k: number): HclExpression {
    this.error('Expression is nested too deeply', this.tokRange(k));
    this.recovery = true;
    this.recoverAfterBodyItem();
    return { kind: 'invalid', range: this.tokRange(k) };
  }

  private parseParens(): HclExpression {
    const open = this.read();
    this.pushNl(false);
    const before = this.diags.length;
    const expr = this.parseExpression();
    if (this.diags.length > before) {
      this.recover(T_CPAREN);
      this.popNl();
      return expr;
    }
    const close = this.peek();
    if (this.type[close] !== T_CPAREN) {
      this.unexpected(close, 'Expected ")" to close the parenthesis');
      this.recovery = true;
      this.popNl();
      return expr;
    }
    this.read();
    this.popNl();
    return { kind: 'parens', expression: expr, range: this.tokSpan(open, close) };
  }

  private finishCall(nameTok: number): HclExpression {
    let name = this.tokText(nameTok);
    let open = this.read();
    while (this.type[open] === T_DCOLON) {
      const next = this.read();
      if (this.type[next] !== T_IDENT) {
        this.unexpected(next, 'Expected a function name after "::"');
        this.recoverOver(T_OPAREN);
        return { kind: 'invalid', range: { start: this.startPos(nameTok), end: this.endPos(this.lastRealToken(next)) } };
      }
      name += '::' + this.tokText(next);
      open = this.read();
    }
    if (this.type[open] !== T_OPAREN) {
      this.unexpected(open, 'Expected "(" to begin the function call');
      this.recoverOver(T_OPAREN);
      return { kind: 'invalid', range: { start: this.startPos(nameTok), end: this.endPos(this.lastRealToken(open)) } };
    }
    const args: HclExpression[] = [];
    let expandFinal = false;
    let close = -1;
    this.pushNl(false);
    if (this.depth >= MAX_DEPTH) {
      this.error('Expression is nested too deeply', this.tokRange(open));
      const r = this.recover(T_CPAREN);
      if (this.type[r] === T_CPAREN) close = r;
    } else {
      this.depth++;
      for (;;) {
        const k = this.peek();
        if (this.type[k] === T_CPAREN) {
          close = this.read();
          break;
        }
        const before = this.diags.length;
        const arg = this.parseExpression();
        args.push(arg);
        if (this.recovery && this.diags.length > before) {
          const r = this.recover(T_CPAREN);
          if (this.type[r] === T_CPAREN) close = r;
          break;
        }
        const sep = this.read();
        const st = this.type[sep];
        if (st === T_CPAREN) {
          close = sep;
          break;
        }
        if (st === T_ELLIPSIS) {
          expandFinal = true;
          if (this.peekType() !== T_CPAREN) {
            if (!this.recovery) this.unexpected(this.peek(), 'Expected ")" right after the expanded final argument "..."');
            const r = this.recover(T_CPAREN);
            if (this.type[r] === T_CPAREN) close = r;
          } else close = this.read();
          break;
        }
        if (st !== T_COMMA) {
          if (st === T_EOF) {
            this.error(`Unterminated call to "${name}": no closing ")" before the end of the file`, this.tokSpan(nameTok, open));
          } else this.unexpected(sep, 'Expected "," or ")" after the function argument');
          const r = this.recover(T_CPAREN);
          if (this.type[r] === T_CPAREN) close = r;
          break;
        }
        if (this.peekType() === T_CPAREN) {
          close = this.read();
          break;
        }
      }
      this.depth--;
    }
    this.popNl();
    const endTok = close >= 0 ? close : this.lastRealToken(this.prev());
    return { kind: 'call', name, args, expandFinal, range: { start: this.startPos(nameTok), end: this.endPos(endTok) } };
  }

  private parseTuple(): HclExpression {
    const open = this.read();
    this.pushNl(false);
    try {
      if (this.isKeyword(this.peek(), 'for')) return this.finishFor(open);
      const items: HclExpression[] = [];
      let close: number;
      for (;;) {
        if (this.peekType() === T_CBRACK) {
          close = this.read();
          break;
        }
        const before = this.diags.length;
        items.push(this.parseExpression());
        if (this.recovery && this.diags.length > before) {
          close = this.recover(T_CBRACK);
          break;
        }
        const next = this.peek();
        const nt = this.type[next];
        if (nt === T_CBRACK) {
          close = this.read();
          break;
        }
        if (nt !== T_COMMA) {
          if (!this.recovery) {
            if (nt === T_EOF) this.error('Unterminated list: no closing "]" before the end of the file', this.tokRange(open));
            else this.unexpected(next, 'Expected "," or "]" after the list item');
          }
          close = this.recover(T_CBRACK);
          break;
        }
        this.read();
      }
      const tuple: HclTuple = { kind: 'tuple', items, range: this.spanTo(open, close) };
      return tuple;
    } finally {
      this.popNl();
    }
  }

  /** Range from token `open` to `close`, or to the last real token if `close` is EOF. */
  private spanTo(open: number, close: number): SourceRange {
    const last = this.type[close] === T_EOF ? this.lastRealToken(close) : close;
    return { start: this.startPos(open), end: this.endPos(last) };
  }

  private parseObject(): HclExpression {
    const open = this.read();
    this.pushNl(false);
    const isFor = this.isKeyword(this.peek(), 'for');
    this.popNl();
    if (isFor) {
      this.pushNl(false);
      try {
        return this.finishFor(open);
      } finally {
        this.popNl();
      }
    }
    this.pushNl(true);
    const items: HclObject['items'] = [];
    let close: number;
    try {
      for (;;) {
        const k = this.peek();
        const t = this.type[k];
        if (t === T_NEWLINE) {
          this.read();
          continue;
        }
        if (t === T_CBRACE) {
          close = this.read();
          break;
        }
        const before = this.diags.length;
        const key = this.parseExpression();
        if (this.recovery && this.diags.length > before) {
          close = this.recover(T_CBRACE);
          break;
        }
        const sepTok = this.peek();
        const st = this.type[sepTok];
        if (st !== T_EQUAL && st !== T_COLON) {
          if (!this.recovery) {
            if (st === T_NEWLINE || st === T_COMMA) this.error('Missing value: expected "=" and a value after the key', this.reportRange(sepTok));
            else if (st === T_EOF) this.error('Unterminated object: no closing "}" before the end of the file', this.tokRange(open));
            else this.unexpected(sepTok, 'Expected "=" after the object key');
          }
          close = this.recover(T_CBRACE);
          break;
        }
        this.read();
        const beforeValue = this.diags.length;
        const value = this.parseExpression();
        items.push({ key, value, range: { start: key.range.start, end: value.range.end } });
        if (this.recovery && this.diags.length > before) {
          if (this.diags.length > beforeValue && value.kind === 'invalid' && this.type[this.peek()] === T_NEWLINE) {
            // `key = ` with nothing after it: keep the following items (the user is typing this one).
            this.recovery = false;
            this.read();
            continue;
          }
          close = this.recover(T_CBRACE);
          break;
        }
        const next = this.peek();
        const nt = this.type[next];
        if (nt === T_CBRACE) {
          close = this.read();
          break;
        }
        if (nt !== T_COMMA && nt !== T_NEWLINE) {
          if (!this.recovery) {
            if (nt === T_EOF) this.error('Unterminated object: no closing "}" before the end of the file', this.tokRange(open));
            else this.unexpected(next, 'Expected a newline or "," after the object item');
          }
          close = this.recover(T_CBRACE);
          break;
        }
        this.read();
      }
    } finally {
      this.popNl();
    }
    return { kind: 'object', items, range: this.spanTo(open, close) };
  }

  /** `[for ...]` / `{for ...}`; the caller has pushed newline-insensitivity. */
  private finishFor(open: number): HclExpression {
    this.pushNl(false);
    try {
      this.read(); // for
      const makeObj = this.type[open] === T_OBRACE;
      const closeType = makeObj ? T_CBRACE : T_CBRACK;
      let k = this.peek();
      if (this.type[k] !== T_IDENT) return this.forFailed(open, k, 'Expected a variable name after "for"', closeType);
      let valueVar = this.tokText(this.read());
      let keyVar: string | undefined;
      if (this.peekType() === T_COMMA) {
        keyVar = valueVar;
        this.read();
        k = this.peek();
        if (this.type[k] !== T_IDENT) return this.forFailed(open, k, 'Expected the value variable name after ","', closeType);
        valueVar = this.tokText(this.read());
      }
      k = this.peek();
      if (!this.isKeyword(k, 'in')) return this.forFailed(open, k, 'Expected "in" after the variable names of the for expression', closeType);
      this.read();
      const before = this.diags.length;
      const collection = this.parseExpression();
      if (this.recovery && this.diags.length > before) return { kind: 'invalid', range: this.spanTo(open, this.recover(closeType)) };
      k = this.peek();
      if (this.type[k] !== T_COLON) return this.forFailed(open, k, 'Expected ":" after the collection of the for expression', closeType);
      this.read();
      let keyExpr: HclExpression | undefined;
      let valueExpr = this.parseExpression();
      if (this.peekType() === T_FATARROW) {
        this.read();
        keyExpr = valueExpr;
        valueExpr = this.parseExpression();
      }
      if (this.recovery && this.diags.length > before) return { kind: 'invalid', range: this.spanTo(open, this.recover(closeType)) };
      let group = false;
      let ellipsis = -1;
      if (this.peekType() === T_ELLIPSIS) {
        ellipsis = this.read();
        group = true;
      }
      let condition: HclExpression | undefined;
      if (this.isKeyword(this.peek(), 'if')) {
        this.read();
        condition = this.parseExpression();
        if (this.recovery && this.diags.length > before) return { kind: 'invalid', range: this.spanTo(open, this.recover(closeType)) };
      }
      let close: number;
      k = this.peek();
      if (this.type[k] === closeType) close = this.read();
      else {
        if (!this.recovery) this.unexpected(k, `Expected "${makeObj ? '}' : ']'}" to end the for expression`);
        close = this.recover(closeType);
      }
      if (!makeObj) {
        if (keyExpr) this.error('A key expression ("=>") is only valid in a for expression that builds an object', keyExpr.range);
        if (group) this.error('Grouping ("...") is only valid in a for expression that builds an object', this.tokRange(ellipsis));
      } else if (!keyExpr) {
        this.error('A for expression that builds an object needs a key expression ("key => value")', valueExpr.range);
      }
      const range = this.spanTo(open, close);
      const result: HclFor = {
        kind: 'for',
        text: this.text.slice(range.start.offset, range.end.offset),
        range,
        valueVar,
        collection,
        value: valueExpr,
        grouped: group,
      };
      if (keyVar !== undefined) result.keyVar = keyVar;
      if (keyExpr) result.key = keyExpr;
      if (condition) result.condition = condition;
      return result;
    } finally {
      this.popNl();
    }
  }

  private forFailed(open: number, k: number, message: string, closeType: Tok): HclExpression {
    if (!this.recovery) this.unexpected(k, message);
    const close = this.recover(closeType);
    return { kind: 'invalid', range: this.spanTo(open, close) };
  }

  // ---------------------------------------------------------------- templates

  private parseTemplate(): HclExpression {
    const open = this.read();
    const heredoc = this.type[open] === T_OHEREDOC;
    if (!heredoc) {
      // Fast path for the most common expression: a quoted string without sequences.
      let k = open + 1;
      while (this.type[k] === T_QLIT) k++;
      if (this.type[k] === T_CQUOTE) return this.plainString(open, k);
    }
    const closer = heredoc ? T_CHEREDOC : T_CQUOTE;
    const toks = this.parseTemplateParts(closer);
    if (heredoc && this.flags[open] & F_FLUSH) flushHeredoc(toks);
    meld(toks);
    const closeIdx = this.prev();
    const last = this.type[closeIdx] === T_EOF || this.flags[closeIdx] & F_SYNTHETIC ? this.lastRealToken(closeIdx) : closeIdx;
    const range = { start: this.startPos(open), end: this.endPos(last) };
    for (const p of directiveProblems(toks)) this.error(p.message, this.pf.range(p.tok.start, p.tok.startLine, p.tok.end, p.tok.endLine));
    const parts: HclTemplate['parts'] = [];
    for (const tok of toks) {
      if (tok.t === TT_END) continue;
      const r = this.pf.range(tok.start, tok.startLine, tok.end, tok.endLine);
      if (tok.t === TT_LIT) parts.push({ kind: 'text', value: tok.val, range: r } as HclTemplateLiteralPart);
      else if (tok.t === TT_INTERP) parts.push({ kind: 'interpolation', expression: tok.expr!, range: r } as HclTemplateInterpolation);
      else {
        const d: HclTemplateDirective = {
          kind: 'directive',
          text: this.text.slice(tok.start, tok.end),
          range: r,
          keyword: tok.t === TT_IF ? 'if' : tok.t === TT_ELSE ? 'else' : tok.t === TT_ENDIF ? 'endif' : tok.t === TT_FOR ? 'for' : 'endfor',
        };
        if (tok.t === TT_IF) d.condition = tok.expr;
        if (tok.t === TT_FOR) {
          d.collection = tok.expr;
          d.valueVar = tok.valueVar;
          if (tok.keyVar) d.keyVar = tok.keyVar;
        }
        parts.push(d);
      }
    }
    const result: HclTemplate = { kind: 'template', parts, range };
    // One interpolation and nothing else (`"${x}"`) is the expression itself, not a string.
    if (toks.length === 2 && toks[0].t === TT_INTERP) result.wrap = true;
    if (heredoc) {
      const raw = this.tokText(open);
      const flush = raw.charCodeAt(2) === 45;
      result.heredoc = { marker: raw.slice(flush ? 3 : 2).replace(/\r?\n$/, ''), indented: flush };
    }
    return result;
  }

  /** `"..."` with only literal chunks: what the general path would build, without its bookkeeping. */
  private plainString(open: number, close: number): HclTemplate {
    let value = '';
    for (let j = open + 1; j < close; j++) value += this.decodeQuoted(j);
    const partRange = close > open + 1 ? this.tokSpan(open + 1, close - 1) : this.pointAt(close);
    this.pos = close + 1;
    const last = this.flags[close] & F_SYNTHETIC ? this.lastRealToken(close) : close;
    return { kind: 'template', parts: [{ kind: 'text', value, range: partRange }], range: { start: this.startPos(open), end: this.endPos(last) } };
  }

  escapeError(message: string, start: number, end: number): void {
    this.error(message, this.pf.rangeOf(start, end));
  }

  private decodeQuoted(k: number): string {
    return decodeQuotedChunk(this.text, this.start[k], this.end[k], (this.flags[k] & F_ESCAPE) !== 0, this);
  }

  private decodeHeredoc(k: number): string {
    return decodeHeredocChunk(this.text, this.start[k], this.end[k]);
  }

  private litToken(k: number, val: string): TemplateToken {
    return { t: TT_LIT, val, start: this.start[k], startLine: this.line[k], end: this.end[k], endLine: this.endLine[k] };
  }

  private parseTemplateParts(end: Tok): TemplateToken[] {
    const parts: TemplateToken[] = [];
    const first = this.peek();
    let ltrimNext = false;
    let nextCanTrimPrev = false;
    let endTok = -1;
    for (;;) {
      const next = this.read();
      const t = this.type[next];
      if (t === end) {
        endTok = next;
        break;
      }
      const ltrim = ltrimNext;
      ltrimNext = false;
      const canTrimPrev = nextCanTrimPrev;
      nextCanTrimPrev = false;
      if (t === T_QLIT || t === T_HLIT) {
        let s = t === T_QLIT ? this.decodeQuoted(next) : this.decodeHeredoc(next);
        if (ltrim) s = trimLeftSpace(s);
        parts.push(this.litToken(next, s));
        nextCanTrimPrev = true;
        continue;
      }
      if (t === T_INTERP || t === T_CONTROL) {
        if (canTrimPrev && this.flags[next] & F_STRIP && parts.length > 0) {
          const prev = parts[parts.length - 1];
          if (prev.t === TT_LIT) prev.val = trimRightSpace(prev.val);
        }
        this.pushNl(false);
        const tok = t === T_INTERP ? this.templateInterp(next, end) : this.templateControl(next);
        this.popNl();
        if (tok) {
          parts.push(tok);
          if (tok.strip) ltrimNext = true;
        }
        continue;
      }
      if (!this.recovery) {
        this.error(
          end === T_CQUOTE ? 'Unterminated string: missing closing quote' : 'Unterminated heredoc',
          this.reportRange(next),
        );
      }
      endTok = this.type[next] === end ? next : this.recover(end);
      break;
    }
    if (parts.length === 0) {
      const at = this.start[first];
      parts.push({ t: TT_LIT, val: '', start: at, startLine: this.line[first], end: at, endLine: this.line[first] });
    }
    parts.push({ t: TT_END, val: '', start: this.start[endTok], startLine: this.line[endTok], end: this.end[endTok], endLine: this.endLine[endTok] });
    return parts;
  }

  private templateInterp(open: number, end: Tok): (TemplateToken & { strip?: boolean }) | undefined {
    const expr = this.parseExpression();
    let close = this.peek();
    const ct = this.type[close];
    let strip = false;
    if (ct !== T_SEQEND) {
      if (!this.recovery) {
        if (ct === T_EOF || ((ct === T_CQUOTE || ct === T_OQUOTE) && end === T_CQUOTE)) {
          this.error('Unclosed template interpolation: missing "}"', this.tokRange(open));
        } else this.unexpected(close, 'Expected "}" to end the interpolation');
      }
      close = this.recover(T_SEQEND);
      if (this.type[close] !== T_SEQEND) close = this.lastRealToken(close);
    } else {
      this.read();
      strip = (this.flags[close] & F_STRIP) !== 0;
    }
    return {
      t: TT_INTERP,
      val: '',
      start: this.start[open],
      startLine: this.line[open],
      end: this.end[close],
      endLine: this.endLine[close],
      expr,
      strip,
    };
  }

  private templateControl(open: number): (TemplateToken & { strip?: boolean }) | undefined {
    const kw = this.peek();
    if (this.type[kw] !== T_IDENT) {
      if (!this.recovery) this.unexpected(kw, 'Expected a template directive keyword (if, for, else, endif, endfor) after "%{"');
      this.recover(T_SEQEND);
      return undefined;
    }
    this.read();
    const word = this.tokText(kw);
    let tok: TemplateToken;
    const base = { val: '', start: this.start[open], startLine: this.line[open], end: 0, endLine: 0 };
    switch (word) {
      case 'if':
        tok = { ...base, t: TT_IF, expr: this.parseExpression() };
        break;
      case 'else':
        tok = { ...base, t: TT_ELSE };
        break;
      case 'endif':
        tok = { ...base, t: TT_ENDIF };
        break;
      case 'endfor':
        tok = { ...base, t: TT_ENDFOR };
        break;
      case 'for': {
        let k = this.peek();
        if (this.type[k] !== T_IDENT) {
          if (!this.recovery) this.unexpected(k, 'Expected a variable name after "for"');
          this.recover(T_SEQEND);
          return undefined;
        }
        let valueVar = this.tokText(this.read());
        let keyVar: string | undefined;
        if (this.peekType() === T_COMMA) {
          keyVar = valueVar;
          this.read();
          k = this.peek();
          if (this.type[k] !== T_IDENT) {
            if (!this.recovery) this.unexpected(k, 'Expected the value variable name after ","');
            this.recover(T_SEQEND);
            return undefined;
          }
          valueVar = this.tokText(this.read());
        }
        k = this.peek();
        if (!this.isKeyword(k, 'in')) {
          if (!this.recovery) this.unexpected(k, 'Expected "in" after the variable names of the for directive');
          this.recover(T_SEQEND);
          return undefined;
        }
        this.read();
        tok = { ...base, t: TT_FOR, expr: this.parseExpression(), valueVar, keyVar };
        break;
      }
      default:
        if (!this.recovery) this.error(`"${word}" is not a template directive keyword (if, for, else, endif, endfor)`, this.tokRange(kw));
        this.recover(T_SEQEND);
        return undefined;
    }
    let close = this.peek();
    let strip = false;
    if (this.type[close] !== T_SEQEND) {
      if (!this.recovery) this.unexpected(close, `Expected "}" to end the ${word} directive`);
      close = this.recover(T_SEQEND);
      if (this.type[close] !== T_SEQEND) close = this.lastRealToken(close);
    } else {
      this.read();
      strip = (this.flags[close] & F_STRIP) !== 0;
    }
    tok.end = this.end[close];
    tok.endLine = this.endLine[close];
    return Object.assign(tok, { strip });
  }

}

/** A hint for characters people carry over from other languages. */
function invalidHint(c: number): string {
  switch (c) {
    case 39:
      return ' (strings use double quotes)';
    case 59:
      return ' (arguments are separated by newlines, not semicolons)';
    case 36:
      return ' (interpolation "${...}" is only valid inside a string)';
    default:
      return '';
  }
}

