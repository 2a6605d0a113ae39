/**
 * FixBuilder for YAML files (CloudFormation YAML, Kubernetes manifests). Edits keep the file's
 * style: block maps get block entries at the map's own indentation, flow maps (`{a: 1}`) get
 * flow entries, and strings are quoted only when a plain scalar would read back differently.
 */
import type { MapNode, ModelNode, Resource } from '../../core/model';
import type { FixBuilder, Snippet, SnippetValue, TextEdit } from '../../core/policy';
import type { LineIndex } from '../../core/range';
import type { FixBuilderFactory, TextProvider } from '../contracts';
import {
  detectIndentedSequences,
  detectIndentUnit,
  edit,
  eolOf,
  lastEntryEnd,
  lineIndexFor,
  nextLineStart,
  ownEntries,
  reindent,
  skipSpacesBackward,
  skipSpacesForward,
} from './edit-utils';
import { getBodyHint } from './fix-hints';
import { isNonEmptyCollection, normalizeSnippets, normalizeValue, yamlInline, yamlMapLines, yamlString, yamlValueLines } from './render';
import type { Norm, YamlStyle } from './render';

export const createYamlFixBuilder: FixBuilderFactory = (getText: TextProvider): FixBuilder => new YamlFixBuilder(getText);

interface Doc {
  file: string;
  text: string;
  lines: LineIndex;
  eol: string;
  style: YamlStyle;
}

class YamlFixBuilder implements FixBuilder {
  constructor(private readonly getText: TextProvider) {}

  private doc(file: string): Doc | undefined {
    const text = this.getText(file);
    if (text === undefined) return undefined;
    return { file, text, lines: lineIndexFor(text), eol: eolOf(text), style: { unit: detectIndentUnit(text), indentSequences: detectIndentedSequences(text) } };
  }

  addEntries(map: MapNode, snippets: Snippet[]): TextEdit[] {
    if (!snippets.length) return [];
    const hint = getBodyHint(map);
    if (hint?.kind === 'absent-key') return this.addEntries(hint.parent, [{ block: hint.key, body: snippets }]);
    if (hint?.kind === 'null-value') return this.replaceValue(hint.node, { t: 'map', entries: normalizeSnippets(snippets) });
    const doc = this.doc(map.file);
    if (!doc) return [];
    const entries = normalizeSnippets(snippets);
    const own = ownEntries(map);
    const start = map.range.start.offset;
    if (doc.text.charCodeAt(start) === 123 /* { */) {
      // `Properties: {}` under a block key becomes a block map.
      if (!own.length && map.keyRange && !inFlow(doc.text, map.keyRange.start.offset)) return this.replaceValue(map, { t: 'map', entries });
      const rendered = entries.map(([k, v]) => `${yamlString(k)}: ${yamlInline(v)}`).join(', ');
      if (own.length) {
        const end = lastEntryEnd(own);
        return [edit(doc.file, doc.lines, end, end, `, ${rendered}`)];
      }
      return [edit(doc.file, doc.lines, start, map.range.end.offset, `{${rendered}}`)];
    }
    if (!own.length) return [];
    const column = own[0].keyRange!.start.column;
    const insertAt = doc.lines.lineEnd(doc.lines.position(lastEntryEnd(own)).line);
    const lines = yamlMapLines(entries, ' '.repeat(column), doc.style);
    return [edit(doc.file, doc.lines, insertAt, insertAt, lines.map((l) => doc.eol + l).join(''))];
  }

  setValue(node: ModelNode, value: SnippetValue): TextEdit[] {
    return this.replaceValue(node, normalizeValue(value));
  }

  private replaceValue(node: ModelNode, value: Norm): TextEdit[] {
    const doc = this.doc(node.file);
    if (!doc) return [];
    const { text, lines } = doc;
    const end = node.range.end.offset;
    if (node.keyRange) {
      const colon = skipSpacesForward(text, node.keyRange.end.offset, false);
      if (text.charCodeAt(colon) !== 58 /* : */) return [edit(doc.file, lines, node.range.start.offset, end, yamlInline(value))];
      const valueStart = colon + 1;
      if (!inFlow(text, node.keyRange.start.offset) && isNonEmptyCollection(value)) {
        const block = yamlValueLines(value, ' '.repeat(node.keyRange.start.column), doc.style)
          .map((l) => doc.eol + l)
          .join('');
        return [edit(doc.file, lines, valueStart, Math.max(end, valueStart), block)];
      }
      return [edit(doc.file, lines, valueStart, Math.max(end, valueStart), ' ' + yamlInline(value))];
    }
    return [edit(doc.file, lines, node.range.start.offset, end, yamlInline(value))];
  }

  removeEntry(node: ModelNode): TextEdit[] {
    const doc = this.doc(node.file);
    if (!doc) return [];
    const { text, lines } = doc;
    const range = node.entryRange ?? node.range;
    const start = range.start.offset;
    const end = range.end.offset;
    if (inFlow(text, start) || /^[,}\]]/.test(text.slice(skipSpacesForward(text, end), skipSpacesForward(text, end) + 1))) {
      return [removeFlowItem(doc.file, lines, text, start, end)];
    }
    const startLine = range.start.line;
    const endLine = range.end.line;
    const prefix = text.slice(lines.lineStart(startLine), start);
    const rest = text.slice(end, lines.lineEnd(endLine));
    const restIsEmpty = /^\s*(#.*)?$/.test(rest);
    if (/^\s*$/.test(prefix) && restIsEmpty) return [edit(doc.file, lines, lines.lineStart(startLine), nextLineStart(lines, endLine), '')];
    if (/^\s*-\s+$/.test(prefix) && restIsEmpty) {
      // The entry is the first of a list item (`- name: x`): pull the next entry of the same item
      // up onto the dash line, or leave an empty map if it was the only one.
      if (!node.keyRange) return [edit(doc.file, lines, lines.lineStart(startLine), nextLineStart(lines, endLine), '')];
      const sibling = nextSiblingKey(lines, endLine, node.keyRange.start.column);
      if (sibling !== undefined) return [edit(doc.file, lines, start, sibling, '')];
      return [edit(doc.file, lines, start, lines.lineEnd(endLine), '{}')];
    }
    return [edit(doc.file, lines, start, end, '')];
  }

  insertAfterResource(resource: Resource, text: string): TextEdit[] {
    const doc = this.doc(resource.file);
    if (!doc) return [];
    const at = doc.lines.lineEnd(resource.range.end.line);
    if (resource.format === 'kubernetes') {
      const body = reindent(text.replace(/^\s*---[^\n]*\n/, ''), '', doc.eol);
      return [edit(doc.file, doc.lines, at, at, `${doc.eol}---${doc.eol}${body}`)];
    }
    const indent = ' '.repeat(resource.headerRange.start.column);
    return [edit(doc.file, doc.lines, at, at, doc.eol + reindent(text, indent, doc.eol))];
  }
}

/** True when the character before `offset` (spaces and line breaks skipped) opens or continues a flow collection. */
function inFlow(text: string, offset: number): boolean {
  const p = skipSpacesBackward(text, offset);
  const c = text.charCodeAt(p - 1);
  if (c !== 123 /* { */ && c !== 91 /* [ */ && c !== 44 /* , */) return false;
  // ... unless that character ends a comment (`# a, b,`).
  const lineBefore = text.slice(text.lastIndexOf('\n', p - 2) + 1, p);
  return !/(^|\s)#/.test(lineBefore);
}

/** Offset of the first key of the next line indented exactly at `column` (comments and blanks skipped). */
function nextSiblingKey(lines: LineIndex, afterLine: number, column: number): number | undefined {
  for (let line = afterLine + 1; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const trimmed = content.trimStart();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = content.length - trimmed.length;
    return indent === column && !trimmed.startsWith('-') ? lines.lineStart(line) + indent : undefined;
  }
  return undefined;
}

/** Removes an item of a flow collection (YAML flow or JSON) with the comma that separates it. */
export function removeFlowItem(file: string, lines: LineIndex, text: string, start: number, end: number): TextEdit {
  const after = skipSpacesForward(text, end);
  if (text.charCodeAt(after) === 44 /* , */) {
    // `a, b` -> `b`: remove through the comma and the spacing that follows on the same line;
    // when the item stood on its own line(s), remove those lines.
    const lineStart = lines.lineStart(lines.position(start).line);
    const ownLine = /^\s*$/.test(text.slice(lineStart, start));
    const afterComma = skipSpacesForward(text, after + 1, false);
    const restOfLineEmpty = text.charCodeAt(afterComma) === 10 || text.charCodeAt(afterComma) === 13 || afterComma >= text.length;
    if (ownLine && restOfLineEmpty) {
      const line = lines.position(after).line;
      return edit(file, lines, lineStart, nextLineStart(lines, line), '');
    }
    return edit(file, lines, start, afterComma, '');
  }
  const before = skipSpacesBackward(text, start);
  if (text.charCodeAt(before - 1) === 44) return edit(file, lines, before - 1, end, '');
  // The only item: `{ a: 1 }` -> `{}`.
  const open = skipSpacesBackward(text, start);
  const close = skipSpacesForward(text, end);
  return edit(file, lines, open, close, '');
}
