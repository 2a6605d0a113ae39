/**
 * The fix builder for Terraform native syntax (`.tf`, `.tfvars`): edits written in the file's own
 * indentation unit (2 spaces, 4 spaces or tabs, detected from the file) and line endings.
 * `.tf.json` / `.tfvars.json` edits are delegated to the JSON builder.
 */
import type { ListNode, MapNode, ModelNode, Resource } from '../../core/model';
import type { FixBuilder, Snippet, SnippetValue, TextEdit } from '../../core/policy';
import { LineIndex, type SourceRange } from '../../core/range';
import type { FixBuilderFactory, TextProvider } from '../contracts';
import { renderSnippets, renderValue } from './render';

interface FileText {
  text: string;
  lines: LineIndex;
  unit: string;
  eol: string;
}

let lastUnit: { text: string; unit: string } | undefined;

/**
 * The indentation unit used most in a file: the most common increase of indentation between lines.
 * The last answer is kept: the fix builder and the check cache ask about the same text per keystroke.
 */
export function detectIndentUnit(text: string): string {
  if (lastUnit?.text === text) return lastUnit.unit;
  const unit = computeIndentUnit(text);
  // Snippets (companion resources) are re-indented one by one; only remember whole files.
  if (text.length > 4096) lastUnit = { text, unit };
  return unit;
}

function computeIndentUnit(text: string): string {
  let tabs = 0;
  let spaceLines = 0;
  const deltas = new Map<number, number>();
  let previous = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < end && text[i] !== '\r') {
      const lead = text.slice(start, i);
      if (lead.startsWith('\t')) tabs++;
      else {
        const width = lead.length;
        if (width > 0) spaceLines++;
        if (width > previous) deltas.set(width - previous, (deltas.get(width - previous) ?? 0) + 1);
        previous = width;
      }
    }
    start = end + 1;
  }
  if (tabs > spaceLines) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [delta, count] of deltas) {
    if (delta > 8) continue;
    if (count > bestCount || (count === bestCount && delta < best)) {
      best = delta;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function isJsonFile(path: string): boolean {
  return path.toLowerCase().endsWith('.json');
}

function insertion(file: string, offset: number, lines: LineIndex, newText: string): TextEdit {
  const at = lines.position(offset);
  return { file, range: { start: at, end: at }, newText };
}

function replacement(file: string, start: number, end: number, lines: LineIndex, newText: string): TextEdit {
  return { file, range: lines.range(start, end), newText };
}

export interface HclFixBuilderOptions {
  /** Builder for JSON-syntax files (`.tf.json`); their edits are omitted without one. */
  json?: FixBuilder;
}

export function createHclFixBuilderWith(getText: TextProvider, options: HclFixBuilderOptions = {}): FixBuilder {
  const cache = new Map<string, FileText>();
  const fileText = (path: string): FileText | undefined => {
    const text = getText(path);
    if (text === undefined) return undefined;
    const cached = cache.get(path);
    if (cached && cached.text === text) return cached;
    // The line index is built on first use: inserting after a resource (most fixes) needs none.
    let lines: LineIndex | undefined;
    const entry: FileText = {
      text,
      get lines() {
        return (lines ??= new LineIndex(text));
      },
      unit: detectIndentUnit(text),
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    };
    cache.set(path, entry);
    return entry;
  };
  const lineIndent = (f: FileText, line: number) => leadingWhitespace(f.lines.lineText(line));

  const builder: FixBuilder = {
    addEntries(map: MapNode, snippets: Snippet[]): TextEdit[] {
      if (isJsonFile(map.file)) return options.json?.addEntries(map, snippets) ?? [];
      const f = fileText(map.file);
      if (!f || !snippets.length) return [];
      const { text, lines, unit, eol } = f;
      const close = map.range.end.offset - 1;
      if (text[close] !== '}') return []; // unclosed (half-typed) or not written here: nothing safe to do
      const open = map.isBlock ? text.indexOf('{', (map.headerRange ?? map.range).end.offset) : map.range.start.offset;
      if (open < 0 || open >= close || text[open] !== '{') return [];
      const indent = lineIndent(f, map.range.start.line);
      const inner = indent + unit;
      const asObject = !map.isBlock;
      const rendered = renderSnippets(snippets, inner, unit, asObject);
      const openLine = lines.position(open).line;
      const closeLine = lines.position(close).line;
      const closeLineStart = lines.lineStart(closeLine);

      if (closeLine > openLine && /^[ \t]*$/.test(text.slice(closeLineStart, close))) {
        // `}` on its own line: new lines go just above it.
        return [insertion(map.file, closeLineStart, lines, rendered.map((l) => l + eol).join(''))];
      }
      if (closeLine === openLine) {
        const inside = text.slice(open + 1, close).trim();
        if (asObject && inside) {
          // `{ a = 1 }` stays on one line: `{ a = 1, b = 2 }`.
          const end = open + 1 + text.slice(open + 1, close).trimEnd().length;
          const sep = inside.endsWith(',') ? ' ' : ', ';
          return [insertion(map.file, end, lines, sep + rendered.map((l) => l.trim()).join(', '))];
        }
        // `x {}` / `x { a = 1 }`: expand to one entry per line.
        const body = (inside ? [inner + inside, ...rendered] : rendered).map((l) => l + eol).join('');
        return [replacement(map.file, open + 1, close, lines, eol + body + indent)];
      }
      // `  a = 1 }`: the brace shares the last entry's line.
      const contentEnd = open + 1 + text.slice(open + 1, close).trimEnd().length;
      return [replacement(map.file, contentEnd, close, lines, eol + rendered.join(eol) + eol + indent)];
    },

    setValue(node: ModelNode, value: SnippetValue): TextEdit[] {
      if (isJsonFile(node.file)) return options.json?.setValue(node, value) ?? [];
      if ((node.kind === 'map' && node.isBlock) || isBlockList(node)) return [];
      const f = fileText(node.file);
      if (!f || node.range.end.offset > f.text.length) return [];
      return [{ file: node.file, range: node.range, newText: renderValue(value) }];
    },

    removeEntry(node: ModelNode): TextEdit[] {
      if (isJsonFile(node.file)) return options.json?.removeEntry(node) ?? [];
      if (isBlockList(node)) return node.items.flatMap((item) => builder.removeEntry(item));
      const f = fileText(node.file);
      const range = node.entryRange ?? (node.kind === 'map' && node.isBlock ? node.range : undefined);
      if (!f || !range || range.end.offset > f.text.length) return [];
      return [removal(node.file, f, range)];
    },

    insertAfterResource(resource: Resource, text: string): TextEdit[] {
      // The text is HCL: it has no place in a JSON-syntax file.
      if (isJsonFile(resource.file)) return [];
      const f = fileText(resource.file);
      if (!f || resource.range.end.offset > f.text.length) return [];
      // The resource's own positions say where its line starts and where it ends.
      const { start, end } = resource.range;
      const lineStart = start.offset - start.column;
      let indentEnd = lineStart;
      while (f.text[indentEnd] === ' ' || f.text[indentEnd] === '\t') indentEnd++;
      const body = reindent(text, f.text.slice(lineStart, indentEnd), f.unit).join(f.eol);
      const at = { line: end.line, column: end.column, offset: end.offset };
      return [{ file: resource.file, range: { start: at, end: { ...at } }, newText: f.eol + f.eol + body }];
    },
  };
  return builder;
}

function isBlockList(node: ModelNode): node is ListNode {
  return node.kind === 'list' && node.items.length > 0 && node.items.every((i) => i.kind === 'map' && i.isBlock);
}

/** Removes an entry, with its line when nothing else (but a trailing comment) shares it. */
function removal(file: string, f: FileText, range: SourceRange): TextEdit {
  const { text, lines } = f;
  let start = range.start.offset;
  let end = range.end.offset;
  const lineStart = lines.lineStart(range.start.line);
  const lineEnd = lines.lineEnd(range.end.line);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*((#|\/\/).*)?$/.test(after)) {
    start = lineStart;
    end = lines.lineStart(range.end.line + 1);
    if (range.end.line + 1 >= lines.lineCount) {
      // The last line of the file: take the line break before it instead.
      end = text.length;
      if (start > 0) start = text[start - 2] === '\r' ? start - 2 : start - 1;
    }
  } else {
    // Inline (`{ a = 1, b = 2 }`): take the separator that follows.
    const m = /^[ \t]*,?[ \t]*/.exec(text.slice(end, lineEnd))!;
    end += m[0].length;
  }
  return { file, range: lines.range(start, end), newText: '' };
}

/** Re-indents HCL text to `indent`, converting its own indentation unit to the file's. */
function reindent(text: string, indent: string, unit: string): string[] {
  const source = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const ownUnit = detectIndentUnit(text);
  return source.map((line) => {
    if (!line.trim()) return '';
    const lead = leadingWhitespace(line);
    const levels = ownUnit === '\t' ? lead.split('\t').length - 1 : Math.floor(lead.replace(/\t/g, ownUnit).length / ownUnit.length);
    return indent + unit.repeat(levels) + line.slice(lead.length);
  });
}

/** The `.tf` builder; `.tf.json` edits come from the JSON builder when one is given. */
export const createHclFixBuilderFactory = (json?: (getText: TextProvider) => FixBuilder): FixBuilderFactory => (getText) =>
  createHclFixBuilderWith(getText, { json: json?.(getText) });
