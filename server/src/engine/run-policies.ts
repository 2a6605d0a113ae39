/**
 * Runs policies over resources. A policy is indexed by (format, resource type, kind) once, so a
 * resource only meets the policies that can apply to it. A throwing policy is reported through
 * `onError` and never stops the others.
 */
import type { ModelNode, Resource } from './core/model';
import type { CheckContext, Finding, FixBuilder, Policy, ReportOptions, Snippet, SnippetValue } from './core/policy';
import type { ModelScope, TextProvider } from './formats/contracts';
import type { CheckReuse } from './incremental/check-cache';
import { createHclFixBuilder } from './formats/terraform/index';
import { createJsonFixBuilder, createYamlFixBuilder } from './formats/structured/index';

export type PolicyErrorHandler = (policyId: string, error: unknown, resource: Resource) => void;

/** Policies indexed by `${format}\u0000${kind}\u0000${type}` (type `*` for wildcard policies). */
const policyIndexCache = new WeakMap<readonly Policy[], Map<string, Policy[]>>();

function policyIndex(policies: readonly Policy[]): Map<string, Policy[]> {
  let index = policyIndexCache.get(policies);
  if (index) return index;
  index = new Map();
  for (const policy of policies) {
    for (const format of policy.formats) {
      for (const type of policy.resourceTypes[format] ?? []) {
        for (const kind of policy.kinds ?? ['resource']) {
          const key = `${format}\u0000${kind}\u0000${type}`;
          const list = index.get(key) ?? [];
          list.push(policy);
          index.set(key, list);
        }
      }
    }
  }
  policyIndexCache.set(policies, index);
  return index;
}

export function policiesFor(policies: readonly Policy[], resource: Resource): Policy[] {
  const index = policyIndex(policies);
  const exact = index.get(`${resource.format}\u0000${resource.kind}\u0000${resource.type}`) ?? [];
  const wildcard = index.get(`${resource.format}\u0000${resource.kind}\u0000*`) ?? [];
  return wildcard.length ? [...exact, ...wildcard] : exact;
}

const NO_TYPES: ReadonlySet<string> = new Set();

export function runPolicies(
  resources: readonly Resource[],
  scope: ModelScope,
  policies: readonly Policy[],
  texts: TextProvider,
  onError?: PolicyErrorHandler,
  reuse?: CheckReuse,
): Finding[] {
  const findings: Finding[] = [];
  // One policy reaching the same spot twice (a parameter Default used by two resources) is one finding.
  const reported = new Set<string>();
  const add = (finding: Finding) => {
    const key = `${finding.policyId}\u0000${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}`;
    if (reported.has(key)) return;
    reported.add(key);
    findings.push(finding);
  };
  const fix = dispatchingFixBuilder(texts);
  const byType = new Map<string, Resource[]>();
  for (const resource of scope.resources) {
    const list = byType.get(resource.type);
    if (list) list.push(resource);
    else byType.set(resource.type, [resource]);
  }
  // One context serves every check: it is created per module, not per (resource, policy) pair,
  // since this loop runs on every keystroke. It also notes what each check reads besides its
  // resource, so `reuse` can tell when an earlier result still holds.
  let policy: Policy;
  let resource: Resource;
  let reports: Finding[] = [];
  let readTypes: Set<string> | undefined;
  let readAll = false;
  const context: CheckContext = {
    fix,
    resources: (type) => {
      if (type) (readTypes ??= new Set()).add(type);
      else readAll = true;
      return type ? byType.get(type) ?? [] : scope.resources;
    },
    referencing: (target, type, attribute) => {
      (readTypes ??= new Set()).add(type).add(target.type);
      return scope.referencing(target, type, attribute);
    },
    report: (options: ReportOptions) => {
      const finding = toFinding(policy, resource, options);
      reports.push(finding);
      add(finding);
    },
  };
  for (resource of resources) {
    for (policy of policiesFor(policies, resource)) {
      const earlier = reuse?.earlier(resource, policy);
      if (earlier) {
        for (const finding of earlier) add(finding);
        continue;
      }
      reports = [];
      readTypes = undefined;
      readAll = false;
      try {
        policy.check(resource, context);
        reuse?.ran(resource, policy, reports, { types: readTypes ?? NO_TYPES, all: readAll });
      } catch (error) {
        onError?.(policy.id, error, resource);
      }
    }
  }
  return findings;
}

function toFinding(policy: Policy, resource: Resource, options: ReportOptions): Finding {
  const range = options.range ?? options.node?.range ?? resource.headerRange;
  const file = options.file ?? (options.range ? resource.file : options.node?.file) ?? resource.file;
  return {
    policyId: policy.id,
    title: policy.title,
    severity: policy.severity,
    message: options.message,
    file,
    range,
    resource: resource.address,
    resourceType: resource.type,
    format: resource.format,
    fix: options.fix && options.fix.edits.length ? options.fix : undefined,
    suppressed: null,
  };
}

/** Picks the syntax-specific builder from the file a node lives in. */
export function dispatchingFixBuilder(texts: TextProvider): FixBuilder {
  const hcl = createHclFixBuilder(texts);
  const yaml = createYamlFixBuilder(texts);
  const json = createJsonFixBuilder(texts);
  const pick = (file: string): FixBuilder => {
    const lower = file.toLowerCase();
    if (lower.endsWith('.tf') || lower.endsWith('.tf.json') || lower.endsWith('.tfvars')) return hcl;
    if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return yaml;
    return json;
  };
  return {
    addEntries: (map, snippets: Snippet[]) => pick(map.file).addEntries(map, snippets),
    setValue: (node: ModelNode, value: SnippetValue) => pick(node.file).setValue(node, value),
    removeEntry: (node: ModelNode) => pick(node.file).removeEntry(node),
    insertAfterResource: (resource: Resource, text: string) => pick(resource.file).insertAfterResource(resource, text),
  };
}
