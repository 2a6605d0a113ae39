/**
 * Text helpers shared by the YAML and JSON fix builders.
 */
import type { ModelNode } from '../../core/model';
import type { TextEdit } from '../../core/policy';
import { LineIndex } from '../../core/range';

let cachedText: string | undefined;
let cachedIndex: LineIndex | undefined;

/** A LineIndex for `text`, reused while a policy builds several edits against the same text. */
export function lineIndexFor(text: string): LineIndex {
  if (cachedText !== text || !cachedIndex) {
    cachedIndex = new LineIndex(text);
    cachedText = text;
  }
  return cachedIndex;
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function edit(file: string, lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { file, range: lines.range(start, end), newText };
}

/** The whitespace a line starts with. */
export function leadingWhitespace(lines: LineIndex, line: number): string {
  return /^[ \t]*/.exec(lines.lineText(line))![0];
}

/** The entries of a map written inside it (merge-key entries live elsewhere). */
export function ownEntries(map: { range: { start: { offset: number }; end: { offset: number } }; entries: Map<string, ModelNode> }): ModelNode[] {
  const out: ModelNode[] = [];
  for (const node of map.entries.values()) {
    const key = node.keyRange;
    if (key && key.start.offset >= map.range.start.offset && key.end.offset <= map.range.end.offset) out.push(node);
  }
  return out.sort((a, b) => a.keyRange!.start.offset - b.keyRange!.start.offset);
}

/** The end offset of the last of these entries. */
export function lastEntryEnd(entries: ModelNode[]): number {
  let end = 0;
  for (const node of entries) {
    const e = (node.entryRange ?? node.range).end.offset;
    if (e > end) end = e;
  }
  return end;
}

export function skipSpacesForward(text: string, offset: number, newlines = true): number {
  let p = offset;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9 || (newlines && (c === 10 || c === 13))) p++;
    else return p;
  }
}

export function skipSpacesBackward(text: string, offset: number, newlines = true): number {
  let p = offset;
  for (;;) {
    const c = text.charCodeAt(p - 1);
    if (p > 0 && (c === 32 || c === 9 || (newlines && (c === 10 || c === 13)))) p--;
    else return p;
  }
}

/** Offset of the start of the line after `line` (the text length on the last line). */
export function nextLineStart(lines: LineIndex, line: number): number {
  return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : lines.text.length;
}

/** Re-indents every non-empty line of `text` with `indent` (trailing line breaks dropped). */
export function reindent(text: string, indent: string, eol: string): string {
  return text
    .replace(/\s+$/, '')
    .split(/\r?\n/)
    .map((line) => (line.trim() ? indent + line : ''))
    .join(eol);
}

/** A text's indentation unit, from the first indented line that is not in a nested list: default two spaces. */
export function detectIndentUnit(text: string, fallback = '  '): string {
  const max = Math.min(text.length, 20000);
  let prevIndent = -1;
  let lineStart = 0;
  while (lineStart < max) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    lineStart = lineEnd + 1;
    const trimmed = line.trimStart();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    const ws = line.slice(0, line.length - trimmed.length);
    if (ws.startsWith('\t')) return '\t';
    if (prevIndent >= 0 && ws.length > prevIndent) return ' '.repeat(Math.min(ws.length - prevIndent, 8));
    prevIndent = ws.length;
  }
  return fallback;
}

/**
 * Whether the file indents block sequences under their key (`key:\n  - a`) or not (`key:\n- a`,
 * common in Kubernetes manifests): decided by the first `key:` line followed by a `- ` line.
 */
export function detectIndentedSequences(text: string, fallback = true): boolean {
  const max = Math.min(text.length, 50000);
  const re = /^([ \t]*)(?:- )?[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]*)- /gm;
  const head = text.slice(0, max);
  const m = re.exec(head);
  if (!m) return fallback;
  // For `- key:` lines the key sits two columns right of the dash.
  const keyIndent = m[1].length + (m[0].slice(m[1].length).startsWith('- ') ? 2 : 0);
  return m[2].length > keyIndent;
}
