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
  const found = [...ctx.referencing(bucket, type, 'bucket')];
  const bucketName = bucket.body.entries.get('bucket');
  const nameKnown = bucketName?.kind === 'scalar' && typeof bucketName.value === 'string';
  const knownNames = new Set<string>();
  for (const other of ctx.resources('aws_s3_bucket')) {
    const n = other.body.entries.get('bucket');
    if (n?.kind === 'scalar' && typeof n.value === 'string') knownNames.add(n.value);
  }
  let ambiguous = false;
  for (const companion of ctx.resources(type)) {
    if (found.includes(companion)) continue;
    const target = companion.body.entries.get('bucket');
    if (!target) continue;
    if (isUnknown(target)) {
      if ((target.refs ?? []).some((ref) => BUCKET_REF.test(ref))) continue; // names another bucket
      // `for_each = aws_s3_bucket.x` + `bucket = each.value.id`: the iteration says which bucket.
      const iterated = [...refsOf(companion.body.entries.get('for_each')), ...refsOf(companion.body.entries.get('count'))].filter((ref) =>
        BUCKET_REF.test(ref),
      );
      if (iterated.includes(bucket.address)) found.push(companion);
      else if (!iterated.length) ambiguous = true;
    } else if (target.kind === 'scalar' && typeof target.value === 'string') {
      // A literal name that matches no bucket we know by name may be this one, if its name is not known.
      if (!nameKnown && !knownNames.has(target.value)) ambiguous = true;
    }
  }
  return { found, ambiguous: found.length === 0 && ambiguous };
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
