/**
 * Snippets and values written in HCL native syntax, for fixes.
 */
import type { Snippet, SnippetValue } from '../../core/policy';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A quoted HCL string; `${` and `%{` are escaped so the text stays literal. */
export function quoteHcl(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const code = value.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && value[i + 1] === '{') out += c + c;
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out + '"';
}

export function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteHcl(key);
}

function isRaw(value: SnippetValue): value is { $raw: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $raw?: unknown }).$raw === 'string' && Object.keys(value).length === 1;
}

/** A value on one line: `"a"`, `["a", "b"]`, `{ k = v }`, or `$raw` verbatim. */
export function renderValue(value: SnippetValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteHcl(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isRaw(value)) return value.$raw;
  const entries = Object.entries(value as Record<string, SnippetValue>);
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, v]) => `${renderKey(k)} = ${renderValue(v)}`).join(', ')} }`;
}

/**
 * Snippets as lines for a block body (each line already indented with `indent`); nested blocks
 * one `unit` deeper. In an object expression (`asObject`) a block becomes `key = { ... }`.
 */
export function renderSnippets(snippets: Snippet[], indent: string, unit: string, asObject = false): string[] {
  const lines: string[] = [];
  for (const snippet of snippets) {
    if ('attr' in snippet) {
      lines.push(`${indent}${renderKey(snippet.attr)} = ${renderValue(snippet.value)}`);
      continue;
    }
    if (asObject) {
      if (!snippet.body.length) lines.push(`${indent}${renderKey(snippet.block)} = {}`);
      else {
        lines.push(`${indent}${renderKey(snippet.block)} = {`);
        lines.push(...renderSnippets(snippet.body, indent + unit, unit, true));
        lines.push(`${indent}}`);
      }
      continue;
    }
    const header = `${indent}${snippet.block}${(snippet.labels ?? []).map((l) => ' ' + quoteHcl(l)).join('')} {`;
    if (!snippet.body.length) lines.push(`${header}}`);
    else {
      lines.push(header);
      lines.push(...renderSnippets(snippet.body, indent + unit, unit));
      lines.push(`${indent}}`);
    }
  }
  return lines;
}
