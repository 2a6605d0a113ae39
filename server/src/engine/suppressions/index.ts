/**
 * The suppression engine (contract in ./contract.ts): reads every suppression directive of a file,
 * decides what each covers, marks the findings it silences (they stay in the results), and reports
 * the directives that are themselves problems (no reason, bad or past expiry, unknown policy).
 *
 * Rules, in one place:
 * - A directive without a reason still suppresses (and is reported, IAC-SUPPRESS-001).
 * - A directive whose expiry is past or unreadable suppresses nothing (IAC-SUPPRESS-002); it is
 *   valid through its expiry day.
 * - Ids match our policy ids or any of a policy's aliases (Checkov, KICS, tfsec/Trivy), case-insensitively.
 *   Ids that match nothing are reported (IAC-SUPPRESS-003).
 * - An active directive expiring within the warning window (default 14 days, inclusive, 0 = off)
 *   still suppresses, and is reported as a reminder (IAC-SUPPRESS-004, info).
 * - Directive findings cannot be suppressed: silencing the audit of suppressions would defeat it.
 */
import type { Format, MapNode, ModelNode, Resource } from '../core/model';
import type { Finding, Policy, Suppression } from '../core/policy';
import { rangeContains, type SourceRange } from '../core/range';
import type { SuppressionDirective, SuppressionInput, SuppressionOutput } from './contract';
import { commentSyntax, SourceLayout, type CommentSyntax, type SourceComment } from './layout';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  SUPPRESSION_BAD_EXPIRY,
  SUPPRESSION_EXPIRES_SOON,
  SUPPRESSION_UNKNOWN_POLICY,
  SUPPRESSION_WITHOUT_REASON,
  suppressionPolicies,
} from './policies';
import { parseCommentDirectives, type ParsedDirective } from './syntax';

export type { SuppressionDirective, SuppressionInput, SuppressionOutput } from './contract';
export {
  DEFAULT_EXPIRY_WARNING_DAYS,
  suppressionPolicies,
  SUPPRESSION_BAD_EXPIRY,
  SUPPRESSION_EXPIRES_SOON,
  SUPPRESSION_UNKNOWN_POLICY,
  SUPPRESSION_WITHOUT_REASON,
} from './policies';
export { parseCommentDirectives } from './syntax';

/** Cheap pre-check: every directive syntax contains one of these. */
const DIRECTIVE_HINT = /iac-audit:ignore|checkov:skip|tfsec:ignore|trivy:ignore|kics-scan/;

export const SUPPRESSION_POLICY_IDS: ReadonlySet<string> = new Set(suppressionPolicies.map((p) => p.id));

/** A directive together with what the engine worked out about it. */
interface Resolved {
  directive: SuppressionDirective;
  parsed: ParsedDirective;
  /** Policy ids it names (after alias resolution); undefined = every policy. */
  policyIds: Set<string> | undefined;
  resource?: Resource;
  unknownIds: string[];
  expiry: 'none' | 'valid' | 'past' | 'unparseable';
}

export function applySuppressions(input: SuppressionInput): SuppressionOutput {
  const text = input.text;
  const syntax = commentSyntax(input.file, text);
  const lookup = policyLookup(input.policies);
  const resources = input.resources.filter((r) => r.file === input.file);
  const resolved: Resolved[] = [];

  // Most files have no directive at all: skip lexing them (this runs on every keystroke).
  if (DIRECTIVE_HINT.test(text)) {
    const layout = new SourceLayout(text, syntax);
    for (const comment of layout.comments) {
      if (!DIRECTIVE_HINT.test(comment.text)) continue;
      for (const parsed of parseCommentDirectives(comment.text)) {
        resolved.push(resolveComment(parsed, comment, layout, resources, input, lookup));
      }
    }
  }
  for (const resource of resources) {
    for (const { parsed, range } of metadataDirectives(resource)) {
      const directive = baseDirective(parsed, input.file, range, 'resource', range.start.line);
      directive.resource = resource.address;
      resolved.push(finish(directive, parsed, resource, input, lookup));
    }
  }

  // Prefer a directive that explains itself, then ours, then the first written.
  const candidates = resolved
    .filter((r) => r.directive.active)
    .sort((a, b) => rank(a) - rank(b) || a.directive.range.start.offset - b.directive.range.start.offset);

  const findings = input.findings.map((finding) => {
    if (finding.suppressed || SUPPRESSION_POLICY_IDS.has(finding.policyId)) return finding;
    const match = candidates.find((c) => covers(c, finding, input.file));
    if (!match) return finding;
    match.directive.suppressedCount = (match.directive.suppressedCount ?? 0) + 1;
    const d = match.directive;
    const suppressed: Suppression = { kind: d.kind, reason: d.reason, expires: d.expires, file: d.file, range: d.range };
    return { ...finding, suppressed };
  });

  const format = fileFormat(input.file, text, syntax, resources);
  const directiveFindings: Finding[] = [];
  const window = input.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  for (const r of resolved) {
    const reminder = expiryReminder(r, input.today, window);
    for (const problem of reminder ? [...problemsOf(r), reminder] : problemsOf(r)) {
      const policy = suppressionPolicies.find((p) => p.id === problem.policyId)!;
      directiveFindings.push({
        policyId: problem.policyId,
        title: policy.title,
        severity: policy.severity,
        message: problem.message,
        file: input.file,
        range: r.directive.range,
        resource: r.resource?.address ?? '',
        resourceType: r.resource?.type ?? '',
        format: r.resource?.format ?? format,
        suppressed: null,
      });
    }
  }
  return { findings, directiveFindings, directives: resolved.map((r) => r.directive) };
}

// ------------------------------------------------------------------ scope

function resolveComment(
  parsed: ParsedDirective,
  comment: SourceComment,
  layout: SourceLayout,
  resources: Resource[],
  input: SuppressionInput,
  lookup: PolicyLookup,
): Resolved {
  const range = layout.lines.range(comment.start, comment.end);
  if (parsed.placement === 'file') {
    return finish(baseDirective(parsed, input.file, range, 'file', comment.line), parsed, undefined, input, lookup);
  }
  const target = comment.ownLine ? layout.nextCodeLine(comment.endLine) : comment.line;
  const container = containerAt(resources, comment.start);
  const startingHere = target === undefined ? undefined : resources.find((r) => startLine(r) === target);

  let directive: SuppressionDirective;
  let resource: Resource | undefined;
  if (startingHere && parsed.placement !== 'next-line') {
    resource = startingHere;
    directive = baseDirective(parsed, input.file, range, 'resource', comment.line);
  } else if (parsed.placement === 'resource-first' && container && (comment.ownLine || parsed.kind === 'checkov')) {
    // Ours and Checkov's, written anywhere inside a resource, cover the whole resource.
    resource = container;
    directive = baseDirective(parsed, input.file, range, 'resource', comment.line);
  } else {
    const line = target ?? comment.line;
    directive = baseDirective(parsed, input.file, range, 'line', line);
    directive.endLine = parsed.placement === 'next-line' || target === undefined ? line : layout.spanEnd(line);
    resource = startingHere ?? container;
  }
  if (resource) directive.resource = resource.address;
  return finish(directive, parsed, resource, input, lookup);
}

function covers(r: Resolved, finding: Finding, file: string): boolean {
  if (r.policyIds && !r.policyIds.has(finding.policyId)) return false;
  const d = r.directive;
  switch (d.scope) {
    case 'file':
      return finding.file === file;
    case 'resource':
      return (
        !!r.resource &&
        (finding.resource === r.resource.address || (finding.file === file && rangeContains(r.resource.range, finding.range)))
      );
    case 'line':
      return finding.file === file && finding.range.start.line >= d.line && finding.range.start.line <= (d.endLine ?? d.line);
  }
}

function startLine(resource: Resource): number {
  return Math.min(resource.range.start.line, resource.headerRange.start.line);
}

/** The innermost resource whose text contains `offset`. */
function containerAt(resources: Resource[], offset: number): Resource | undefined {
  let best: Resource | undefined;
  for (const r of resources) {
    const start = Math.min(r.range.start.offset, r.headerRange.start.offset);
    if (start <= offset && offset < r.range.end.offset) {
      if (!best || r.range.end.offset - start < best.range.end.offset - Math.min(best.range.start.offset, best.headerRange.start.offset)) best = r;
    }
  }
  return best;
}

function rank(r: Resolved): number {
  return (r.directive.reason ? 0 : 2) + (r.directive.kind === 'iac-audit' ? 0 : 1);
}

// ------------------------------------------------------------------ validation

function baseDirective(parsed: ParsedDirective, file: string, range: SourceRange, scope: SuppressionDirective['scope'], line: number): SuppressionDirective {
  return {
    kind: parsed.kind,
    reason: parsed.reason,
    expires: parsed.expires,
    file,
    range,
    ids: parsed.ids,
    scope,
    line,
    syntax: parsed.syntax,
    active: true,
    problems: [],
    suppressedCount: 0,
  };
}

function finish(directive: SuppressionDirective, parsed: ParsedDirective, resource: Resource | undefined, input: SuppressionInput, lookup: PolicyLookup): Resolved {
  const unknownIds: string[] = [];
  let policyIds: Set<string> | undefined;
  if (parsed.ids.length) {
    policyIds = new Set();
    for (const id of parsed.ids) {
      const matches = lookup.get(id.toLowerCase());
      if (matches) for (const policyId of matches) policyIds.add(policyId);
      else unknownIds.push(id);
    }
  } else if (parsed.syntax === 'iac-audit' || parsed.syntax === 'iac-audit-file') {
    // Ours always names what it silences; a bare `iac-audit:ignore` is not a blanket switch.
    policyIds = new Set();
  }
  let expiry: Resolved['expiry'] = 'none';
  if (parsed.expires !== null) expiry = !isValidDate(parsed.expires) ? 'unparseable' : parsed.expires < input.today ? 'past' : 'valid';
  const r: Resolved = { directive, parsed, policyIds, resource, unknownIds, expiry };
  directive.active = expiry !== 'past' && expiry !== 'unparseable' && (policyIds === undefined || policyIds.size > 0);
  directive.problems = problemsOf(r).map((p) => p.policyId);
  return r;
}

/**
 * A well-formed id of another scanner's check that no IaC Audit policy maps to (`CKV_AWS_174`,
 * `aws-ec2-no-public-ip`, a KICS UUID). Such a comment belongs to that scanner: teams run both
 * during a migration, so it is left alone rather than reported as unknown.
 */
const PEER_ID_SHAPES: Record<string, RegExp> = {
  checkov: /^CKV2?_[A-Z0-9]+_\d+$/i,
  tfsec: /^(AVD-[A-Z0-9]+-\d{4}|[a-z0-9]+(-[a-z0-9]+)+)$/i,
  trivy: /^(AVD-[A-Z0-9]+-\d{4}|[a-z0-9]+(-[a-z0-9]+)+)$/i,
  kics: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

export function isForeignPeerDirective(kind: string, unknownIds: string[], knownCount: number): boolean {
  const shape = PEER_ID_SHAPES[kind];
  return !!shape && knownCount === 0 && unknownIds.length > 0 && unknownIds.every((id) => shape.test(id));
}

function problemsOf(r: Resolved): { policyId: string; message: string }[] {
  const out: { policyId: string; message: string }[] = [];
  if (isForeignPeerDirective(r.parsed.kind, r.unknownIds, r.policyIds?.size ?? 0)) return out;
  const what = describe(r.parsed);
  if (!r.parsed.reason) {
    const how =
      r.parsed.kind === 'iac-audit'
        ? 'add reason="why this risk is accepted"'
        : r.parsed.kind === 'checkov'
          ? `write the reason after the id: checkov:skip=${r.parsed.ids[0] ?? 'ID'}:<reason>`
          : 'append reason="why this risk is accepted" to the comment';
    out.push({ policyId: SUPPRESSION_WITHOUT_REASON, message: `Suppression ${what} gives no reason: ${how}.` });
  }
  if (r.expiry === 'past') {
    out.push({
      policyId: SUPPRESSION_BAD_EXPIRY,
      message: `Suppression ${what} expired on ${r.parsed.expires}: it no longer suppresses anything; fix the finding or review the suppression and set a new date.`,
    });
  } else if (r.expiry === 'unparseable') {
    out.push({
      policyId: SUPPRESSION_BAD_EXPIRY,
      message: `Suppression ${what} has an expiry "${r.parsed.expires}" that is not a YYYY-MM-DD date: it is not applied until the date is fixed.`,
    });
  }
  if (r.unknownIds.length) {
    const list = r.unknownIds.map((id) => `"${id}"`).join(', ');
    const plural = r.unknownIds.length > 1;
    out.push({
      policyId: SUPPRESSION_UNKNOWN_POLICY,
      message: `Suppression names ${plural ? 'unknown policy ids' : 'an unknown policy id'} ${list}: no IaC Audit policy has ${plural ? 'these ids' : 'this id'} or alias, so ${plural ? 'they suppress' : 'it suppresses'} nothing here.`,
    });
  } else if (r.policyIds && r.policyIds.size === 0 && r.parsed.ids.length === 0) {
    out.push({
      policyId: SUPPRESSION_UNKNOWN_POLICY,
      message: `Suppression ${what} names no policy: list the ids it silences, e.g. iac-audit:ignore IAC-AWS-S3-001 reason="...".`,
    });
  }
  return out;
}

/** IAC-SUPPRESS-004 for an active directive whose expiry is `window` days away or less (0 = no reminders). */
function expiryReminder(r: Resolved, today: string, window: number): { policyId: string; message: string } | undefined {
  if (!(window > 0) || r.expiry !== 'valid' || !r.directive.active || r.parsed.expires === null) return undefined;
  const days = daysFrom(today, r.parsed.expires);
  if (days === undefined || days < 0 || days > window) return undefined;
  const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  return {
    policyId: SUPPRESSION_EXPIRES_SOON,
    message: `Suppression ${describe(r.parsed)} expires ${when} (${r.parsed.expires}): fix the finding or review the suppression before then.`,
  };
}

/** Whole days from `from` to `to` (both valid YYYY-MM-DD, UTC); undefined when `from` is not a date. */
function daysFrom(from: string, to: string): number | undefined {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.round((b - a) / 86_400_000);
}

function describe(parsed: ParsedDirective): string {
  const ids = parsed.ids.join(', ');
  switch (parsed.syntax) {
    case 'iac-audit':
    case 'iac-audit-file':
      return ids ? `of ${ids}` : `(${parsed.syntax === 'iac-audit' ? 'iac-audit:ignore' : 'iac-audit:ignore-file'})`;
    case 'checkov':
      return `checkov:skip=${ids}`;
    case 'tfsec':
    case 'trivy':
      return `${parsed.syntax}:ignore:${ids || '*'}`;
    case 'kics-ignore-line':
      return 'kics-scan ignore-line';
    case 'kics-ignore-block':
      return 'kics-scan ignore-block';
    case 'kics-ignore':
      return 'kics-scan ignore';
    case 'kics-disable':
      return `kics-scan disable=${ids}`;
  }
}

export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// ------------------------------------------------------------------ policies and aliases

/** lower-cased id or alias -> our policy ids. */
type PolicyLookup = Map<string, string[]>;
const lookupCache = new WeakMap<readonly Policy[], PolicyLookup>();

function policyLookup(policies: readonly Policy[]): PolicyLookup {
  const cached = lookupCache.get(policies);
  if (cached) return cached;
  const lookup: PolicyLookup = new Map();
  const add = (key: string, id: string) => {
    const list = lookup.get(key.toLowerCase()) ?? [];
    if (!list.includes(id)) list.push(id);
    lookup.set(key.toLowerCase(), list);
  };
  for (const policy of [...policies, ...suppressionPolicies]) {
    add(policy.id, policy.id);
    for (const alias of [...(policy.aliases.checkov ?? []), ...(policy.aliases.kics ?? []), ...(policy.aliases.trivy ?? [])]) add(alias, policy.id);
  }
  lookupCache.set(policies, lookup);
  return lookup;
}

// ------------------------------------------------------------------ CloudFormation Metadata, Kubernetes annotations

/**
 * CloudFormation `Metadata: { checkov: { skip: [{id, comment}] }, iac-audit: { ignore: [{id, reason, expires}] } }`
 * and Kubernetes annotations `checkov.io/skip1: CKV_K8S_20=reason`, `iac-audit.io/ignore: 'ID reason="..."'`.
 */
function metadataDirectives(resource: Resource): { parsed: ParsedDirective; range: SourceRange }[] {
  const metadata = resource.metadata;
  if (!metadata || metadata.kind !== 'map') return [];
  const out: { parsed: ParsedDirective; range: SourceRange }[] = [];
  const base = { start: 0, end: 0, placement: 'resource-first' as const };
  if (resource.format === 'cloudformation') {
    for (const item of listItems(mapEntry(metadata, 'checkov'), 'skip')) {
      const ids = splitIds(str(item.entries.get('id')));
      out.push({
        parsed: { ...base, kind: 'checkov', syntax: 'checkov', ids, reason: str(item.entries.get('comment')) ?? null, expires: null },
        range: item.range,
      });
    }
    for (const item of listItems(mapEntry(metadata, 'iac-audit'), 'ignore')) {
      const ids = splitIds(str(item.entries.get('id')) ?? str(item.entries.get('ids')));
      out.push({
        parsed: {
          ...base,
          kind: 'iac-audit',
          syntax: 'iac-audit',
          ids,
          reason: str(item.entries.get('reason')) ?? null,
          expires: str(item.entries.get('expires')) ?? null,
        },
        range: item.range,
      });
    }
  } else if (resource.format === 'kubernetes') {
    for (const [key, node] of metadata.entries) {
      const value = str(node);
      if (value === undefined) continue;
      const range = node.entryRange ?? node.range;
      if (/^checkov\.io\/skip\d*$/.test(key)) {
        const eq = value.indexOf('=');
        const id = (eq < 0 ? value : value.slice(0, eq)).trim();
        const reason = eq < 0 ? '' : value.slice(eq + 1).trim();
        out.push({ parsed: { ...base, kind: 'checkov', syntax: 'checkov', ids: id ? [id] : [], reason: reason || null, expires: null }, range });
      } else if (/^iac-audit\.io\/ignore(-\d+)?$/.test(key)) {
        for (const parsed of parseCommentDirectives(`iac-audit:ignore ${value}`)) out.push({ parsed: { ...parsed, placement: 'resource-first' }, range });
      }
    }
  }
  return out;
}

function mapEntry(map: MapNode, key: string): MapNode | undefined {
  const node = map.entries.get(key);
  return node?.kind === 'map' ? node : undefined;
}

function listItems(map: MapNode | undefined, key: string): MapNode[] {
  const node = map?.entries.get(key);
  if (!node) return [];
  if (node.kind === 'map') return [node];
  if (node.kind === 'list') return node.items.filter((n): n is MapNode => n.kind === 'map');
  return [];
}

function str(node: ModelNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  const value = String(node.value).trim();
  return value === '' ? undefined : value;
}

function splitIds(value: string | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : [];
}

// ------------------------------------------------------------------ misc

function fileFormat(file: string, text: string, syntax: CommentSyntax, resources: Resource[]): Format {
  if (resources.length) return resources[0].format;
  const lower = file.toLowerCase();
  if (syntax === 'hcl' || lower.endsWith('.tf.json') || lower.endsWith('.tfvars.json')) return 'terraform';
  if (/AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::/.test(text)) return 'cloudformation';
  return 'kubernetes';
}
