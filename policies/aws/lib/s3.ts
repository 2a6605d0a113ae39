/**
 * Since AWS provider v4 most S3 bucket settings live in companion resources
 * (`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`, ...) whose `bucket` argument points at the
 * bucket. These helpers find a bucket's companions and say when the answer cannot be known.
 */
import { isUnknown, type Resource } from '../../../server/src/engine/core/model';
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
  const found = ctx.referencing(bucket, type, 'bucket');
  if (found.length) return { found, ambiguous: false };
  const bucketName = bucket.body.entries.get('bucket');
  const nameKnown = bucketName?.kind === 'scalar' && typeof bucketName.value === 'string';
  const knownNames = new Set<string>();
  for (const other of ctx.resources('aws_s3_bucket')) {
    const n = other.body.entries.get('bucket');
    if (n?.kind === 'scalar' && typeof n.value === 'string') knownNames.add(n.value);
  }
  const ambiguous = ctx.resources(type).some((companion) => {
    const target = companion.body.entries.get('bucket');
    if (!target) return false;
    if (isUnknown(target)) return !(target.refs ?? []).some((ref) => BUCKET_REF.test(ref));
    // A literal bucket name matches no bucket we know by name: it may be this one, if its name is not known.
    if (target.kind === 'scalar' && typeof target.value === 'string') return !nameKnown && !knownNames.has(target.value);
    return false;
  });
  return { found, ambiguous };
}

/** How messages name a bucket. */
export function describeBucket(bucket: Resource): string {
  return `S3 bucket "${bucket.name}"`;
}
