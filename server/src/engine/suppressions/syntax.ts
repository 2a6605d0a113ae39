/**
 * Recognises suppression directives in a comment's text, ours and the peer tools' (Checkov,
 * tfsec/Trivy, KICS), and in CloudFormation `Metadata` / Kubernetes annotations. Pure parsing:
 * where a directive applies and whether it is valid is decided in ./resolve.ts.
 */
import type { SuppressionKind } from '../core/policy';

/**
 * Where a directive applies, as its syntax defines it:
 * - `file`: the whole file (`iac-audit:ignore-file`, `kics-scan ignore`, `kics-scan disable=`);
 * - `resource-first`: the enclosing resource when written inside one, else what follows (ours, Checkov);
 * - `target`: the line it is written on when trailing, else the next line of code, extended to the
 *   block that line opens (tfsec/Trivy, `kics-scan ignore-block`);
 * - `next-line`: the next line of code only (`kics-scan ignore-line`).
 */
export type Placement = 'file' | 'resource-first' | 'target' | 'next-line';

export interface ParsedDirective {
  kind: SuppressionKind;
  /** Policy ids as written; empty means every policy. */
  ids: string[];
  reason: string | null;
  /** The expiry as written (validated later), or null. */
  expires: string | null;
  placement: Placement;
  /** Ours comes with a stricter contract: `reason=` is required. */
  syntax: 'iac-audit' | 'iac-audit-file' | 'checkov' | 'tfsec' | 'trivy' | 'kics-ignore-line' | 'kics-ignore-block' | 'kics-ignore' | 'kics-disable';
  /** Offsets of the directive within the comment text (for a precise range). */
  start: number;
  end: number;
}

/** Fixture convention (`# expect: ID`), never a suppression; cut it off before parsing. */
const EXPECT_MARKER = /(?:#|\/\/)\s*expect:.*$|^\s*expect:.*$/;

const OURS = /iac-audit:(ignore-file|ignore)(?![\w-])/g;
const CHECKOV = /checkov:skip=\s*([A-Za-z0-9_.-]+)(?:[ \t]*:[ \t]*([^\r\n]*))?/g;
const TFSEC = /(tfsec|trivy):ignore:([A-Za-z0-9_.*-]+)((?::[a-z]+:[^\s:]+)*)/g;
const KICS = /kics-scan\s+(ignore-line|ignore-block|ignore|disable\s*=\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*))(?![\w-])/g;

export function parseCommentDirectives(comment: string): ParsedDirective[] {
  const text = comment.replace(EXPECT_MARKER, '');
  const out: ParsedDirective[] = [];
  const taken: [number, number][] = [];
  const free = (start: number) => !taken.some(([s, e]) => start >= s && start < e);

  for (const m of text.matchAll(OURS)) {
    const start = m.index!;
    // Everything up to the next directive of any tool belongs to this one.
    const rest = text.slice(start + m[0].length);
    const stop = nextDirectiveStart(rest);
    const body = rest.slice(0, stop);
    const { ids, params } = parseOursBody(body);
    const end = start + m[0].length + body.trimEnd().length;
    taken.push([start, end]);
    out.push({
      kind: 'iac-audit',
      ids,
      reason: params.reason ?? null,
      expires: params.expires ?? null,
      placement: m[1] === 'ignore-file' ? 'file' : 'resource-first',
      syntax: m[1] === 'ignore-file' ? 'iac-audit-file' : 'iac-audit',
      start,
      end,
    });
  }

  for (const m of text.matchAll(CHECKOV)) {
    const start = m.index!;
    if (!free(start)) continue;
    let reason = m[2]?.trim() ?? '';
    // A later directive on the same comment is not part of the reason.
    const stop = nextDirectiveStart(reason);
    reason = reason.slice(0, stop).trim();
    const end = start + m[0].length;
    taken.push([start, end]);
    out.push({ kind: 'checkov', ids: [m[1]], reason: reason || null, expires: null, placement: 'resource-first', syntax: 'checkov', start, end });
  }

  for (const m of text.matchAll(TFSEC)) {
    const start = m.index!;
    if (!free(start)) continue;
    const tool = m[1] as 'tfsec' | 'trivy';
    let expires: string | null = null;
    for (const option of m[3].matchAll(/:([a-z]+):([^\s:]+)/g)) if (option[1] === 'exp') expires = option[2];
    const end = start + m[0].length;
    taken.push([start, end]);
    out.push({
      kind: tool,
      ids: m[2] === '*' ? [] : [m[2]],
      reason: trailingReason(text, end),
      expires,
      placement: 'target',
      syntax: tool,
      start,
      end,
    });
  }

  for (const m of text.matchAll(KICS)) {
    const start = m.index!;
    if (!free(start)) continue;
    const word = m[1];
    const end = start + m[0].length;
    const reason = trailingReason(text, end);
    const base = { kind: 'kics' as const, reason, expires: null, start, end };
    if (word === 'ignore-line') out.push({ ...base, ids: [], placement: 'next-line', syntax: 'kics-ignore-line' });
    else if (word === 'ignore-block') out.push({ ...base, ids: [], placement: 'target', syntax: 'kics-ignore-block' });
    else if (word === 'ignore') out.push({ ...base, ids: [], placement: 'file', syntax: 'kics-ignore' });
    else {
      const ids = m[2].split(/[\s,]+/).filter(Boolean);
      out.push({ ...base, ids, placement: 'file', syntax: 'kics-disable' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function nextDirectiveStart(text: string): number {
  const m = /(iac-audit:ignore|checkov:skip=|tfsec:ignore:|trivy:ignore:|kics-scan\s)/.exec(text);
  return m ? m.index : text.length;
}

/**
 * Peer syntaxes have no reason field; ours (`reason="..."`) may follow them on the same comment,
 * and one reason at the end serves every directive before it (`#tfsec:ignore:a tfsec:ignore:b reason="..."`).
 */
function trailingReason(text: string, from: number): string | null {
  return parseParams(text.slice(from)).reason ?? null;
}

function parseOursBody(body: string): { ids: string[]; params: Record<string, string> } {
  const firstParam = body.search(/\b[a-z]+\s*=/);
  const idPart = firstParam < 0 ? body : body.slice(0, firstParam);
  const ids = idPart.split(/[\s,]+/).filter(Boolean);
  return { ids, params: parseParams(firstParam < 0 ? '' : body.slice(firstParam)) };
}

/** `key="quoted value"`, `key='quoted'` or `key=bare`; an empty reason counts as none. */
function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /\b([a-z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g;
  for (const m of text.matchAll(pattern)) {
    const value = (m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3] ?? m[4] ?? '').trim();
    if (value !== '') params[m[1]] = value;
  }
  return params;
}
