/**
 * The format-neutral model every policy reads.
 *
 * Terraform, CloudFormation and Kubernetes adapters all turn their syntax trees into the same
 * small tree of nodes (map / list / scalar / unknown). Each node keeps the range it was written
 * at, so a policy can report precisely and a fix can edit precisely, without knowing the syntax.
 *
 * "unknown" is a first-class value: an expression the adapter could not resolve statically
 * (a variable with no default, a function call, a resource attribute known only after apply).
 * Policies must never report a violation on an unknown value.
 */
import type { SourceRange } from './range';

export type Format = 'terraform' | 'cloudformation' | 'kubernetes';

export interface NodeOrigin {
  file: string;
  range: SourceRange;
  /** How the value got here, e.g. `var.region (terraform.tfvars)`, `local.tags`, `!Ref Env (default)`. */
  via: string;
}

export interface NodeBase {
  /** The file the node is written in, as the engine was given it (a workspace-relative POSIX path). */
  file: string;
  /** The value's own range: for `key = value`, the value; for a block, the whole block. */
  range: SourceRange;
  /** The key's range when the node is a map entry (`cidr_blocks` in `cidr_blocks = [...]`). */
  keyRange?: SourceRange;
  /** The whole entry, key and value, e.g. the full `key = value` line; used to delete or replace it. */
  entryRange?: SourceRange;
  /** Where the value was really defined when it was reached through a reference. */
  origin?: NodeOrigin;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

export interface UnknownNode extends NodeBase {
  kind: 'unknown';
  /** The source text of the expression, e.g. `var.cidr` or `aws_s3_bucket.b.id`. */
  text: string;
  /** Addresses this expression refers to (`aws_s3_bucket.b`, `var.cidr`), for cross-resource links. */
  refs?: string[];
}

export interface ListNode extends NodeBase {
  kind: 'list';
  items: ModelNode[];
}

export interface MapNode extends NodeBase {
  kind: 'map';
  /**
   * Entries by key. In Terraform a nested block (`ingress { ... }`) is stored as a ListNode of
   * MapNodes with `isBlock`, even when it appears once, so policies treat one and many alike.
   */
  entries: Map<string, ModelNode>;
  /** True for a Terraform block body (as opposed to an object expression `{ ... }`). */
  isBlock?: boolean;
  /** For a block: the header (`resource "aws_s3_bucket" "b"` / `ingress`); for YAML/JSON: the key. */
  headerRange?: SourceRange;
  /** Terraform `dynamic "x"` blocks: their content is not expanded, only their presence is known. */
  dynamicBlocks?: string[];
}

export type ModelNode = ScalarNode | UnknownNode | ListNode | MapNode;

/** What kind of top-level entity a Resource is. Most policies look at `resource` only. */
export type EntityKind = 'resource' | 'data' | 'module' | 'provider' | 'variable' | 'output' | 'locals' | 'terraform';

/**
 * A thing a policy checks: a Terraform resource/data/provider/... block, a CloudFormation
 * resource, or a Kubernetes object (one YAML document).
 */
export interface Resource {
  format: Format;
  kind: EntityKind;
  /** `aws_s3_bucket`, `AWS::S3::Bucket`, `Deployment`. */
  type: string;
  /** Terraform name label, CloudFormation logical id, Kubernetes metadata.name. */
  name: string;
  /**
   * Stable address used in reports and suppressions: `aws_s3_bucket.logs`,
   * `module.x.aws_s3_bucket.y`, `Resources.MyBucket` (CloudFormation),
   * `Deployment/default/web` (Kubernetes; namespace `default` when unset).
   */
  address: string;
  file: string;
  /** The whole block / resource / document. */
  range: SourceRange;
  /** Where to report a finding about something missing: the block header, the logical id key, `kind:`. */
  headerRange: SourceRange;
  /**
   * The properties policies read: a Terraform block body; a CloudFormation resource's
   * `Properties` (an empty map with a range at the resource when absent); a Kubernetes document.
   */
  body: MapNode;
  /**
   * CloudFormation: the resource's `Metadata` section (checkov/iac-audit suppressions can live there);
   * Kubernetes: `metadata.annotations`. Absent otherwise.
   */
  metadata?: MapNode;
}

// ---- small, total accessors so policies read like the documentation they implement ----

export function isMap(node: ModelNode | undefined): node is MapNode {
  return node?.kind === 'map';
}
export function isList(node: ModelNode | undefined): node is ListNode {
  return node?.kind === 'list';
}
export function isScalar(node: ModelNode | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}
export function isUnknown(node: ModelNode | undefined): node is UnknownNode {
  return node?.kind === 'unknown';
}

/** Follows a path of map keys and list indices; undefined as soon as a step is missing. */
export function getPath(node: ModelNode | undefined, ...path: (string | number)[]): ModelNode | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.kind === 'list' ? current.items[step] : undefined;
    else current = current.kind === 'map' ? current.entries.get(step) : undefined;
  }
  return current;
}

/**
 * The nested blocks (or YAML/JSON maps) under `key`, whether written once or many times.
 * A list of maps and a single map both come back as an array of maps.
 */
export function blocks(node: ModelNode | undefined, key: string): MapNode[] {
  const child = node?.kind === 'map' ? node.entries.get(key) : undefined;
  if (!child) return [];
  if (child.kind === 'map') return [child];
  if (child.kind === 'list') return child.items.filter(isMap);
  return [];
}

/** A scalar's value, or undefined for missing and unknown nodes. */
export function scalar(node: ModelNode | undefined): string | number | boolean | null | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/** Truthiness as Terraform/CloudFormation/YAML write it: true, "true", "True". Undefined if unknown. */
export function asBool(node: ModelNode | undefined): boolean | undefined {
  const v = scalar(node);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** A list node's scalar string items; unknown items are skipped (so callers never flag them). */
export function stringItems(node: ModelNode | undefined): { value: string; node: ModelNode }[] {
  if (!node) return [];
  const items = node.kind === 'list' ? node.items : [node];
  const out: { value: string; node: ModelNode }[] = [];
  for (const item of items) if (item.kind === 'scalar' && typeof item.value === 'string') out.push({ value: item.value, node: item });
  return out;
}
