/**
 * Since AWS provider v4 most S3 bucket settings live in companion resources
 * (`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`, ...) whose `bucket` argument points at the
 * bucket. These helpers find a bucket's companions and say when the answer cannot be known.
 */
import { isUnknown, type ModelNode, type Resource } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';

export interface Companions {
  /** Companion resources that certainly configure this bucket. */
  found: Resource[];
  /**
   * True when some companion of the type points at a bucket we cannot identify (a variable,
   * a module output, `each.value.id`), so it may configure this bucket: a policy must not report
   * a missing companion then.
   */
  ambiguous: boolean;
}

/** Addresses of S3 buckets, as written in `refs` (`aws_s3_bucket.b`, `module.m.aws_s3_bucket.b`). */
const BUCKET_REF = /(^|\.)aws_s3_bucket\.[^.]+$/;

export function bucketCompanions(ctx: CheckContext, bucket: Resource, type: string): Companions {
  const companions = ctx.resources(type);
  // No companion of the type: nothing to find, and no need to look at the other buckets (an
  // editor re-runs this check only when what it looked at changes).
  if (!companions.length) return { found: [], ambiguous: false };
  const found = [...ctx.referencing(bucket, type, 'bucket')];
  const index = companionIndex(ctx.resources('aws_s3_bucket'), companions);
  for (const companion of index.iterating.get(bucket.address) ?? []) if (!found.includes(companion)) found.push(companion);
  if (found.length) return { found, ambiguous: false };
  const bucketName = bucket.body.entries.get('bucket');
  const nameKnown = bucketName?.kind === 'scalar' && typeof bucketName.value === 'string';
  // found is empty here, so no candidate is excluded for being one of this bucket's companions.
  const ambiguous = index.unidentified.length > 0 || (!nameKnown && index.unmatchedNames.length > 0);
  return { found, ambiguous };
}

/**
 * What can be said about a module's companions of one type independently of the bucket asked
 * about. Every S3 policy asks for every bucket, so computing this per bucket was quadratic.
 */
interface CompanionIndex {
  buckets: readonly Resource[];
  /** Companions whose `bucket` comes from iterating buckets (`for_each = aws_s3_bucket.x`), by bucket address, in order. */
  iterating: Map<string, Resource[]>;
  /** Companions whose `bucket` is unknown and names no bucket, neither directly nor by iteration. */
  unidentified: Resource[];
  /** Companions whose `bucket` is a literal name that no bucket we know by name has. */
  unmatchedNames: Resource[];
}

/**
 * Keyed by the scope's array of companions of one type (CheckContext.resources returns the same
 * array for the whole evaluation of a scope, and a new one for the next), so the index lives as
 * long as that evaluation and never sees a changed module.
 */
const companionIndexes = new WeakMap<readonly Resource[], CompanionIndex>();

function companionIndex(buckets: readonly Resource[], companions: readonly Resource[]): CompanionIndex {
  const cached = companionIndexes.get(companions);
  if (cached && cached.buckets === buckets) return cached;
  const knownNames = new Set<string>();
  for (const other of buckets) {
    const n = other.body.entries.get('bucket');
    if (n?.kind === 'scalar' && typeof n.value === 'string') knownNames.add(n.value);
  }
  const index: CompanionIndex = { buckets, iterating: new Map(), unidentified: [], unmatchedNames: [] };
  for (const companion of companions) {
    const target = companion.body.entries.get('bucket');
    if (!target) continue;
    if (isUnknown(target)) {
      if ((target.refs ?? []).some((ref) => BUCKET_REF.test(ref))) continue; // names a bucket: found by referencing
      // `for_each = aws_s3_bucket.x` + `bucket = each.value.id`: the iteration says which bucket.
      const iterated = [...refsOf(companion.body.entries.get('for_each')), ...refsOf(companion.body.entries.get('count'))].filter((ref) =>
        BUCKET_REF.test(ref),
      );
      for (const address of new Set(iterated)) {
        const list = index.iterating.get(address);
        if (list) list.push(companion);
        else index.iterating.set(address, [companion]);
      }
      if (!iterated.length) index.unidentified.push(companion);
    } else if (target.kind === 'scalar' && typeof target.value === 'string') {
      // A literal name that matches no bucket we know by name may be any bucket whose name is not known.
      if (!knownNames.has(target.value)) index.unmatchedNames.push(companion);
    }
  }
  companionIndexes.set(companions, index);
  return index;
}

/** Every address an (unknown part of a) value refers to. */
function refsOf(node: ModelNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'unknown') return node.refs ?? [];
  if (node.kind === 'list') return node.items.flatMap(refsOf);
  if (node.kind === 'map') return [...node.entries.values()].flatMap(refsOf);
  return [];
}

/** How messages name a bucket. */
export function describeBucket(bucket: Resource): string {
  return `S3 bucket "${bucket.name}"`;
}
