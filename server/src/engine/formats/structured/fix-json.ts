/**
 * FixBuilder for JSON files (CloudFormation JSON templates, Kubernetes JSON). Keeps the file's
 * indentation unit (spaces or tabs), writes one-line additions into one-line objects, and keeps
 * commas valid when adding or removing entries.
 */
import type { MapNode, ModelNode, Resource } from '../../core/model';
import type { FixBuilder, Snippet, SnippetValue, TextEdit } from '../../core/policy';
import type { LineIndex } from '../../core/range';
import type { FixBuilderFactory, TextProvider } from '../contracts';
import { detectIndentUnit, edit, eolOf, lastEntryEnd, leadingWhitespace, lineIndexFor, ownEntries, reindent } from './edit-utils';
import { getBodyHint } from './fix-hints';
import { removeFlowItem } from './fix-yaml';
import { jsonEntries, jsonInline, jsonPretty, normalizeSnippets, normalizeValue } from './render';
import type { Norm } from './render';

export const createJsonFixBuilder: FixBuilderFactory = (getText: TextProvider): FixBuilder => new JsonFixBuilder(getText);

interface Doc {
  file: string;
  text: string;
  lines: LineIndex;
  eol: string;
  unit: string;
}

class JsonFixBuilder implements FixBuilder {
  constructor(private readonly getText: TextProvider) {}

  private doc(file: string): Doc | undefined {
    const text = this.getText(file);
    if (text === undefined) return undefined;
    return { file, text, lines: lineIndexFor(text), eol: eolOf(text), unit: detectIndentUnit(text) };
  }

  addEntries(map: MapNode, snippets: Snippet[]): TextEdit[] {
    if (!snippets.length) return [];
    const hint = getBodyHint(map);
    if (hint?.kind === 'absent-key') return this.addEntries(hint.parent, [{ block: hint.key, body: snippets }]);
    if (hint?.kind === 'null-value') return this.replace(hint.node, { t: 'map', entries: normalizeSnippets(snippets) });
    const doc = this.doc(map.file);
    if (!doc) return [];
    const { text, lines, eol, unit } = doc;
    const entries = normalizeSnippets(snippets);
    const own = ownEntries(map);
    if (text.charCodeAt(map.range.start.offset) !== 123 /* { */) return [];
    if (own.length) {
      const end = lastEntryEnd(own);
      const firstKey = own[0].keyRange!;
      if (firstKey.start.line > map.range.start.line) {
        const indent = indentBefore(lines, firstKey.start.line, firstKey.start.column);
        const rendered = jsonEntries(entries, indent, unit, eol).map((l) => ',' + eol + l).join('');
        return [edit(doc.file, lines, end, end, rendered)];
      }
      const rendered = entries.map(([k, v]) => `, ${JSON.stringify(k)}: ${jsonInline(v)}`).join('');
      return [edit(doc.file, lines, end, end, rendered)];
    }
    const base = leadingWhitespace(lines, map.range.start.line);
    const body = jsonEntries(entries, base + unit, unit, eol).join(',' + eol);
    return [edit(doc.file, lines, map.range.start.offset, map.range.end.offset, `{${eol}${body}${eol}${base}}`)];
  }

  setValue(node: ModelNode, value: SnippetValue): TextEdit[] {
    return this.replace(node, normalizeValue(value));
  }

  private replace(node: ModelNode, value: Norm): TextEdit[] {
    const doc = this.doc(node.file);
    if (!doc) return [];
    const base = leadingWhitespace(doc.lines, node.range.start.line);
    return [edit(doc.file, doc.lines, node.range.start.offset, node.range.end.offset, jsonPretty(value, base, doc.unit, doc.eol))];
  }

  removeEntry(node: ModelNode): TextEdit[] {
    const doc = this.doc(node.file);
    if (!doc) return [];
    const range = node.entryRange ?? node.range;
    return [removeFlowItem(doc.file, doc.lines, doc.text, range.start.offset, range.end.offset)];
  }

  insertAfterResource(resource: Resource, text: string): TextEdit[] {
    const doc = this.doc(resource.file);
    if (!doc) return [];
    // Only resources inside a collection (CloudFormation `Resources`, a Kubernetes List's items)
    // have a place for a sibling; a lone Kubernetes JSON object has none.
    const before = doc.text.slice(0, resource.range.start.offset).trim();
    if (!before) return [];
    const indent = indentBefore(doc.lines, resource.headerRange.start.line, resource.range.start.column);
    const at = resource.range.end.offset;
    return [edit(doc.file, doc.lines, at, at, ',' + doc.eol + reindent(text, indent, doc.eol))];
  }
}

/** The whitespace before `column` on `line`, or as many spaces when something else precedes it. */
function indentBefore(lines: LineIndex, line: number, column: number): string {
  const prefix = lines.lineText(line).slice(0, column);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(column);
}
