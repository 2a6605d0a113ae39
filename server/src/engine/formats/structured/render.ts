/**
 * Renders fix snippets (core/policy.ts Snippet / SnippetValue) as YAML or JSON text.
 */
import type { Snippet, SnippetValue } from '../../core/policy';

/** A snippet value with blocks turned into maps and key order kept (JS objects reorder "80"). */
export type Norm =
  | { t: 'scalar'; v: string | number | boolean | null }
  | { t: 'raw'; text: string }
  | { t: 'list'; items: Norm[] }
  | { t: 'map'; entries: [string, Norm][] };

export function normalizeValue(value: SnippetValue): Norm {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { t: 'scalar', v: value };
  if (Array.isArray(value)) return { t: 'list', items: value.map(normalizeValue) };
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$raw' && typeof (value as { $raw: unknown }).$raw === 'string') return { t: 'raw', text: (value as { $raw: string }).$raw };
  return { t: 'map', entries: keys.map((k) => [k, normalizeValue((value as Record<string, SnippetValue>)[k])]) };
}

export function normalizeSnippets(snippets: Snippet[]): [string, Norm][] {
  return snippets.map((s): [string, Norm] => ('attr' in s ? [s.attr, normalizeValue(s.value)] : [s.block, { t: 'map', entries: normalizeSnippets(s.body) }]));
}

// ---- YAML ----

const YAML_RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as a YAML plain scalar when that reads back as the same string, else double-quoted. */
export function yamlString(value: string): string {
  if (
    /^[A-Za-z0-9_/][A-Za-z0-9_./@+=:-]*$/.test(value) &&
    !value.endsWith(':') &&
    !YAML_RESERVED.test(value) &&
    // Anything that could read as a number, hex/octal/binary, sexagesimal or date in YAML 1.1 or 1.2
    // (`0755`, `1e3`, `0x1F`, `1:30`, `2024-01-01`) is quoted; `500m` and `128Mi` need not be.
    !/^[0-9][0-9a-fA-FxXoObB._:+-]*$/.test(value)
  ) {
    return value;
  }
  // JSON string syntax is valid YAML double-quoted syntax.
  return JSON.stringify(value);
}

export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  return yamlString(value);
}

/** One-line (flow) YAML. */
export function yamlInline(value: Norm): string {
  switch (value.t) {
    case 'scalar':
      return yamlScalar(value.v);
    case 'raw':
      return value.text;
    case 'list':
      return `[${value.items.map(yamlInline).join(', ')}]`;
    case 'map':
      return `{${value.entries.map(([k, v]) => `${yamlString(k)}: ${yamlInline(v)}`).join(', ')}}`;
  }
}

function isNonEmptyCollection(value: Norm): boolean {
  return (value.t === 'map' && value.entries.length > 0) || (value.t === 'list' && value.items.length > 0);
}

/** How a file writes block YAML: its indentation unit, and whether `- ` items are indented under their key. */
export interface YamlStyle {
  unit: string;
  indentSequences: boolean;
}

/** Block-style lines (no line breaks) for map entries at `indent`. */
export function yamlMapLines(entries: [string, Norm][], indent: string, style: YamlStyle): string[] {
  const lines: string[] = [];
  for (const [key, value] of entries) {
    const head = `${indent}${yamlString(key)}:`;
    if (value.t === 'map' && value.entries.length) lines.push(head, ...yamlMapLines(value.entries, indent + style.unit, style));
    else if (value.t === 'list' && value.items.length) lines.push(head, ...yamlListLines(value.items, style.indentSequences ? indent + style.unit : indent, style));
    else lines.push(`${head} ${yamlInline(value)}`);
  }
  return lines;
}

export function yamlListLines(items: Norm[], indent: string, style: YamlStyle): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (isNonEmptyCollection(item)) {
      // `- ` then the item's first line; the rest align under it.
      const inner = item.t === 'map' ? yamlMapLines(item.entries, indent + '  ', style) : yamlListLines((item as { items: Norm[] }).items, indent + '  ', style);
      lines.push(`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1));
    } else lines.push(`${indent}- ${yamlInline(item)}`);
  }
  return lines;
}

/**
 * The block lines of a value that goes under a key (a non-empty map or list); `indent` is the
 * key's own indentation.
 */
export function yamlValueLines(value: Norm, keyIndent: string, style: YamlStyle): string[] {
  if (value.t === 'map') return yamlMapLines(value.entries, keyIndent + style.unit, style);
  if (value.t === 'list') return yamlListLines(value.items, style.indentSequences ? keyIndent + style.unit : keyIndent, style);
  return [keyIndent + style.unit + yamlInline(value)];
}

export { isNonEmptyCollection };

// ---- JSON ----

function jsonScalar(value: string | number | boolean | null): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** Pretty JSON whose first line continues the current one and whose nested lines start at `indent` + unit. */
export function jsonPretty(value: Norm, indent: string, unit: string, eol: string): string {
  switch (value.t) {
    case 'scalar':
      return jsonScalar(value.v);
    case 'raw':
      return value.text;
    case 'list':
      if (!value.items.length) return '[]';
      return `[${eol}${value.items.map((item) => indent + unit + jsonPretty(item, indent + unit, unit, eol)).join(',' + eol)}${eol}${indent}]`;
    case 'map':
      if (!value.entries.length) return '{}';
      return `{${eol}${jsonEntries(value.entries, indent + unit, unit, eol).join(',' + eol)}${eol}${indent}}`;
  }
}

/** `"key": value` lines at `indent` (without separators). */
export function jsonEntries(entries: [string, Norm][], indent: string, unit: string, eol: string): string[] {
  return entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${jsonPretty(v, indent, unit, eol)}`);
}

/** One-line JSON with a space after `:` and `,`. */
export function jsonInline(value: Norm): string {
  switch (value.t) {
    case 'scalar':
      return jsonScalar(value.v);
    case 'raw':
      return value.text;
    case 'list':
      return `[${value.items.map(jsonInline).join(', ')}]`;
    case 'map':
      return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonInline(v)}`).join(', ')}}`;
  }
}
