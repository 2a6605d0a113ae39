/**
 * The little a suppression engine needs to know about a file's text, without depending on the
 * format adapters: where comments are, which lines hold code, and how far the construct that starts
 * on a line reaches (an HCL/JSON block by bracket balance, a YAML node by indentation).
 *
 * A light lexer is enough here: comments only have to be told apart from strings (`"#"` is not a
 * comment) and from heredoc / block-scalar content (a shell script's `# ...` lines are not either).
 */
import { LineIndex } from '../core/range';

export type CommentSyntax = 'hcl' | 'yaml' | 'json';

export interface SourceComment {
  /** The comment's content without its marker (`#`, `//`, `/*` `*\/`, or the `"//"` key in JSON). */
  text: string;
  /** Offsets of the whole comment, marker included. */
  start: number;
  end: number;
  /** 0-based lines of its first and last character. */
  line: number;
  endLine: number;
  /** Nothing but whitespace before it on its line: it speaks about what follows, not about its line. */
  ownLine: boolean;
}

export function commentSyntax(file: string, text: string): CommentSyntax {
  const lower = file.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.tf') || lower.endsWith('.tfvars') || lower.endsWith('.hcl')) return 'hcl';
  // `.template` (CloudFormation) is JSON or YAML; the first character tells.
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

export class SourceLayout {
  readonly lines: LineIndex;
  readonly comments: SourceComment[] = [];
  /** Lines with code on them (not blank, not only comments). */
  private readonly codeLines = new Set<number>();
  /** HCL/JSON: bracket depth at the start of each line, and whether a line ends inside a string/heredoc. */
  private depthAtLineStart: number[] = [];
  private continues: boolean[] = [];

  constructor(
    readonly text: string,
    readonly syntax: CommentSyntax,
  ) {
    this.lines = new LineIndex(text);
    if (syntax === 'yaml') this.scanYaml();
    else this.scanBracketed(syntax);
  }

  isCodeLine(line: number): boolean {
    return this.codeLines.has(line);
  }

  /** The first line after `line` that holds code, or undefined at the end of the file. */
  nextCodeLine(line: number): number | undefined {
    for (let l = line + 1; l < this.lines.lineCount; l++) if (this.codeLines.has(l)) return l;
    return undefined;
  }

  /** The last line of the construct starting on `line` (itself when it opens nothing). */
  spanEnd(line: number): number {
    return this.syntax === 'yaml' ? this.yamlSpanEnd(line) : this.bracketSpanEnd(line);
  }

  // ------------------------------------------------------------------ HCL and JSON

  private scanBracketed(syntax: 'hcl' | 'json'): void {
    // Char codes and a number-only stack keep this loop cheap: it runs on every edit of a file
    // that has a directive.
    const text = this.text;
    const n = text.length;
    const hcl = syntax === 'hcl';
    const lineCount = this.lines.lineCount;
    const depthAtLineStart = (this.depthAtLineStart = new Array<number>(lineCount).fill(0));
    const continues = (this.continues = new Array<boolean>(lineCount).fill(false));
    const codeLines = this.codeLines;
    let depth = 0;
    let line = 0;
    let marked = -1;
    // Open contexts: STRING, or the bracket depth inside a `${ ... }` template interpolation (>= 0).
    const STRING = -1;
    const stack: number[] = [];
    let heredoc: string | undefined;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        i = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        if (stack.length || heredoc !== undefined) continues[line] = true;
        line++;
        if (line < lineCount) depthAtLineStart[line] = depth;
        continue;
      }
      if (heredoc !== undefined) {
        // Heredoc content: whole lines until the marker stands alone on a line.
        const end = this.lines.lineEnd(line);
        if (text.slice(i, end).trim() === heredoc) heredoc = undefined;
        if (marked !== line) codeLines.add((marked = line));
        i = end;
        continue;
      }
      const top = stack.length ? stack[stack.length - 1] : undefined;
      if (top === STRING) {
        if (marked !== line) codeLines.add((marked = line));
        if (c === 92 /* \\ */) i += 2;
        else if (c === 34 /* " */) {
          stack.pop();
          i++;
        } else if ((c === 36 /* $ */ || c === 37) /* % */ && hcl && text.charCodeAt(i + 1) === 123 /* { */) {
          stack.push(0);
          i += 2;
        } else i++;
        continue;
      }
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 34 /* " */) {
        if (marked !== line) codeLines.add((marked = line));
        stack.push(STRING);
        i++;
        continue;
      }
      if (hcl && (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47))) {
        const end = this.lines.lineEnd(line);
        this.addComment(i, end, text.slice(i + (c === 35 ? 1 : 2), end));
        i = end;
        continue;
      }
      if (hcl && c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        this.addComment(i, end, text.slice(i + 2, close < 0 ? n : close));
        // Walk the line breaks inside the comment so line bookkeeping stays right.
        for (let j = i; j < end; j++) {
          const cj = text.charCodeAt(j);
          if (cj === 10 || (cj === 13 && text.charCodeAt(j + 1) !== 10)) {
            line++;
            if (line < lineCount) depthAtLineStart[line] = depth;
          }
        }
        i = end;
        continue;
      }
      if (marked !== line) codeLines.add((marked = line));
      if (hcl && c === 60 /* < */ && text.charCodeAt(i + 1) === 60) {
        const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?=\r?\n)/.exec(text.slice(i, this.lines.lineEnd(line) + 2));
        if (m) {
          heredoc = m[1];
          i += m[0].length;
          continue;
        }
      }
      if (c === 123 || c === 91 || c === 40 /* { [ ( */) {
        depth++;
        if (top !== undefined) stack[stack.length - 1] = top + 1;
      } else if (c === 125 || c === 93 || c === 41 /* } ] ) */) {
        if (top !== undefined) {
          if (top === 0 && c === 125) {
            stack.pop(); // end of `${ ... }`: back inside the string
            i++;
            continue;
          }
          stack[stack.length - 1] = top - 1;
        }
        if (depth > 0) depth--;
      }
      i++;
    }
    if (syntax === 'json') this.scanJsonCommentKeys();
  }

  /** Terraform JSON and some templates write comments as `"//": "..."` entries. */
  private scanJsonCommentKeys(): void {
    const pattern = /"\/\/"\s*:\s*("(?:[^"\\\r\n]|\\.)*")/g;
    for (let m = pattern.exec(this.text); m; m = pattern.exec(this.text)) {
      let value: string;
      try {
        value = JSON.parse(m[1]) as string;
      } catch {
        continue;
      }
      const start = m.index;
      const end = m.index + m[0].length;
      const line = this.lines.position(start).line;
      this.comments.push({ text: value, start, end, line, endLine: this.lines.position(end).line, ownLine: true });
    }
  }

  private bracketSpanEnd(line: number): number {
    const startDepth = this.depthAtLineStart[line] ?? 0;
    let l = line;
    while (l + 1 < this.lines.lineCount) {
      const nextDepth = this.depthAtLineStart[l + 1];
      if (nextDepth > startDepth || this.continues[l]) l++;
      else break;
    }
    return l;
  }

  // ------------------------------------------------------------------ YAML

  private scanYaml(): void {
    const count = this.lines.lineCount;
    let blockParentIndent = -1; // inside a block scalar (`key: |`) while lines are indented deeper
    for (let line = 0; line < count; line++) {
      const start = this.lines.lineStart(line);
      const lineText = this.lines.lineText(line);
      const indent = indentation(lineText);
      const blank = lineText.trim() === '';
      if (blockParentIndent >= 0) {
        if (blank || indent > blockParentIndent) {
          if (!blank) this.codeLines.add(line);
          continue;
        }
        blockParentIndent = -1;
      }
      if (blank) continue;
      const hash = yamlCommentStart(lineText);
      const code = hash < 0 ? lineText : lineText.slice(0, hash);
      if (hash >= 0) this.addComment(start + hash, start + lineText.length, lineText.slice(hash + 1));
      if (code.trim() !== '') {
        this.codeLines.add(line);
        if (/(?:^|[:\-\s])[|>][0-9+-]*\s*$/.test(code.trimEnd()) && /(?::\s|^\s*-\s)/.test(code + ' ')) blockParentIndent = indent;
      }
    }
  }

  private yamlSpanEnd(line: number): number {
    const first = this.lines.lineText(line);
    const indent = indentation(first);
    const hash = yamlCommentStart(first);
    const code = (hash < 0 ? first : first.slice(0, hash)).trimEnd();
    // `key:` with nothing after it may own a sequence written at the same indentation.
    const ownsSameIndentSequence = code.endsWith(':');
    let last = line;
    for (let l = line + 1; l < this.lines.lineCount; l++) {
      const t = this.lines.lineText(l);
      if (t.trim() === '' || !this.codeLines.has(l)) continue; // blank and comment-only lines do not end it
      if (/^(---|\.\.\.)(\s|$)/.test(t)) break;
      const ind = indentation(t);
      if (ind > indent || (ownsSameIndentSequence && ind === indent && /^\s*-(\s|$)/.test(t))) last = l;
      else break;
    }
    return last;
  }

  // ------------------------------------------------------------------ shared

  private addComment(start: number, end: number, content: string): void {
    const startPos = this.lines.position(start);
    const before = this.text.slice(this.lines.lineStart(startPos.line), start);
    this.comments.push({
      text: content.trim(),
      start,
      end,
      line: startPos.line,
      endLine: this.lines.position(end).line,
      ownLine: before.trim() === '',
    });
  }
}

function indentation(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** Index of the `#` that starts a YAML comment on this line, or -1 (quotes are respected). */
function yamlCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
    // A quote only opens a quoted scalar where a scalar can start (after `: `, `- `, `[`, `,`, or at the start).
    if ((ch === '"' || ch === "'") && /(^|[:\-\[{,]\s*|^\s*)$/.test(line.slice(0, i))) quote = ch;
  }
  return -1;
}
