/**
 * Template machinery shared by quoted strings and heredocs, following hclsyntax's template parser:
 * literal chunks are decoded one by one, `~` strip markers trim the neighbouring chunk, `<<-`
 * heredocs lose their common indentation (counted on the first chunk of each line), consecutive
 * literals are melded, and unbalanced directives are reported.
 */
import type { HclExpression } from './ast';
import { isGoSpace } from './lexer';

/** Receives escape-sequence errors (the parser turns them into diagnostics). */
export interface EscapeErrors {
  escapeError(message: string, start: number, end: number): void;
}

/** Template token kinds (HCL's templateToken types). */
export enum TT {
  LIT,
  INTERP,
  IF,
  ELSE,
  ENDIF,
  FOR,
  ENDFOR,
  END,
}

/** A template token between scanning and AST building (HCL's templateToken). */
export interface TemplateToken {
  t: TT;
  /** Literal value (decoded, trimmed). */
  val: string;
  start: number;
  startLine: number;
  end: number;
  endLine: number;
  expr?: HclExpression;
  keyVar?: string;
  valueVar?: string;
}

/** Unbalanced `%{if}` / `%{for}` directives, reported as HCL's template parser reports them. */
export function directiveProblems(toks: TemplateToken[]): { message: string; tok: TemplateToken }[] {
const problems: { message: string; tok: TemplateToken }[] = [];
  const stack: TemplateToken[] = [];
  const inElse: boolean[] = [];
  for (const tok of toks) {
    switch (tok.t) {
      case TT.IF:
      case TT.FOR:
        stack.push(tok);
        inElse.push(false);
        break;
      case TT.ELSE:
        if (stack.length === 0 || stack[stack.length - 1].t !== TT.IF || inElse[inElse.length - 1]) {
          problems.push({ message: 'Unexpected %{else} directive', tok });
        } else inElse[inElse.length - 1] = true;
        break;
      case TT.ENDIF:
      case TT.ENDFOR: {
        const want = tok.t === TT.ENDIF ? TT.IF : TT.FOR;
        if (stack.length === 0 || stack[stack.length - 1].t !== want) {
          problems.push({ message: `Unexpected %{${tok.t === TT.ENDIF ? 'endif' : 'endfor'}} directive`, tok });
        } else {
          stack.pop();
          inElse.pop();
        }
        break;
      }
      default:
        break;
    }
  }
  for (const open of stack) {
    problems.push({ message: `The %{${open.t === TT.IF ? 'if' : 'for'}} directive has no matching %{${open.t === TT.IF ? 'endif' : 'endfor'}}`, tok: open });
  }
  return problems;
}

/**
 * `<<-` heredocs: remove the smallest indentation of the non-blank lines from every line, counting
 * characters of leading white space in the first literal token of each line (HCL's rule; a line
 * that starts with an interpolation counts as unindented).
 */
export function flushHeredoc(toks: TemplateToken[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust: TemplateToken[] = [];
  for (const tok of toks) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (tok.t === TT.LIT) {
        const v = tok.val;
        let i = 0;
        spaces = 0;
        while (i < v.length && isGoSpace(v.charCodeAt(i))) {
          if (v.charCodeAt(i) === 13 && v.charCodeAt(i + 1) === 10) i++;
          i++;
          spaces++;
        }
        if (i === v.length && v.endsWith('\n')) spaces = Number.MAX_SAFE_INTEGER;
        else adjust.push(tok);
      } else if (tok.t === TT.END) break;
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (tok.t === TT.LIT && tok.val.endsWith('\n')) newline = true;
  }
  if (minSpaces === Number.MAX_SAFE_INTEGER) return;
  for (const tok of adjust) {
    const v = tok.val;
    let i = 0;
    for (let n = 0; n < minSpaces && i < v.length; n++) {
      if (v.charCodeAt(i) === 13 && v.charCodeAt(i + 1) === 10) i++;
      i++;
    }
    tok.val = v.slice(i);
    tok.start += i;
  }
}

/**
 * Decodes a quoted-string chunk text[s, e): backslash escapes and `$${` / `%%{`. `hasEscape` is the
 * lexer's note that the chunk contains a backslash (most do not: then it is a plain slice).
 */
export function decodeQuotedChunk(text: string, s: number, e: number, hasEscape: boolean, errors: EscapeErrors): string {
  if (!hasEscape) {
    const c0 = text.charCodeAt(s);
    if (e - s === 3 && (c0 === 36 || c0 === 37) && text.charCodeAt(s + 1) === c0 && text.charCodeAt(s + 2) === 123) return c0 === 36 ? '${' : '%{';
    return text.slice(s, e);
  }
  const bs = text.indexOf('\\', s);
  let out = text.slice(s, bs);
  let i = bs;
  while (i < e) {
    const c = text.charCodeAt(i);
    if (c !== 92) {
      let stop = i + 1;
      while (stop < e && text.charCodeAt(stop) !== 92) stop++;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (i + 1 >= e) {
      errors.escapeError('Invalid escape sequence: "\\" must be followed by an escape character', i, i + 1);
      out += '\\';
      i++;
      continue;
    }
    const d = text.charCodeAt(i + 1);
    switch (d) {
      case 110:
        out += '\n';
        i += 2;
        continue;
      case 114:
        out += '\r';
        i += 2;
        continue;
      case 116:
        out += '\t';
        i += 2;
        continue;
      case 34:
        out += '"';
        i += 2;
        continue;
      case 92:
        out += '\\';
        i += 2;
        continue;
      case 117:
      case 85: {
        const want = d === 117 ? 4 : 8;
        let j = i + 2;
        while (j < e && j - (i + 2) < want && isHex(text.charCodeAt(j))) j++;
        const cp = j - (i + 2) === want ? parseInt(text.slice(i + 2, j), 16) : -1;
        if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          errors.escapeError(cp < 0 ? `Invalid escape sequence: \\${d === 117 ? 'u' : 'U'} must be followed by ${want} hexadecimal digits` : 'Invalid escape sequence: not a valid Unicode character', i, j);
          out += text.slice(i, j);
        } else out += String.fromCodePoint(cp);
        i = j;
        continue;
      }
      default: {
        const w = d >= 0xd800 && d <= 0xdbff ? 2 : 1;
        errors.escapeError(`Invalid escape sequence "\\${text.slice(i + 1, i + 1 + w)}"`, i, i + 1 + w);
        out += text.slice(i + 1, i + 1 + w);
        i += 1 + w;
      }
    }
  }
  return out;
}

/** Heredoc chunks text[s, e) have no backslash escapes; only `$${` / `%%{`. */
export function decodeHeredocChunk(text: string, s: number, e: number): string {
  const c0 = text.charCodeAt(s);
  if (e - s === 3 && (c0 === 36 || c0 === 37) && text.charCodeAt(s + 1) === c0 && text.charCodeAt(s + 2) === 123) return c0 === 36 ? '${' : '%{';
  return text.slice(s, e);
}

/** HCL's meldConsecutiveStringLiterals. */
export function meld(toks: TemplateToken[]): void {
  let w = 0;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (w > 0 && tok.t === TT.LIT && toks[w - 1].t === TT.LIT) {
      const prev = toks[w - 1];
      prev.val += tok.val;
      prev.end = tok.end;
      prev.endLine = tok.endLine;
      continue;
    }
    toks[w++] = tok;
  }
  if (w !== toks.length) toks.length = w;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightSpace(s: string): string {
  let j = s.length;
  while (j > 0 && isGoSpace(s.charCodeAt(j - 1))) j--;
  return j === s.length ? s : s.slice(0, j);
}
