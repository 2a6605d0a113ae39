import { definePolicy } from '../../../server/src/engine/core/policy';
import { blocks, isMap, isList, type Resource } from '../../../server/src/engine/core/model';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { boolAttr, hasDynamicBlock, stringAttr } from '../lib/common';
import { isRegistryModule } from '../lib/modules';
import { bucketCompanions, describeBucket } from '../lib/s3';

const LOGGING = 'aws_s3_bucket_logging';

/**
 * A bucket that receives other buckets' access logs. Logging a log bucket into itself loops, and
 * into a third bucket only moves the question, so such sink buckets are not reported.
 */
function isLogSink(ctx: CheckContext, bucket: Resource): boolean {
  const acl = stringAttr(bucket.body, 'acl');
  if (acl === 'log-delivery-write') return true;
  if (ctx.referencing(bucket, LOGGING, 'target_bucket').length) return true;
  if (ctx.referencing(bucket, 'aws_s3_bucket_acl', 'bucket').some((r) => stringAttr(r.body, 'acl') === 'log-delivery-write')) return true;
  // Another bucket's inline logging block names this one, by reference or by its literal name.
  const targets = inlineLogTargets(ctx.resources('aws_s3_bucket'));
  if ((targets.byRef.get(bucket.address) ?? []).some((other) => other !== bucket)) return true;
  const name = bucket.body.entries.get('bucket');
  // NaN is never === itself, but a Map finds it.
  if (name?.kind !== 'scalar' || Number.isNaN(name.value)) return false;
  return (targets.byValue.get(name.value) ?? []).some((other) => other !== bucket);
}

interface InlineLogTargets {
  /** Buckets whose logging block's target_bucket refers to an address, by that address. */
  byRef: Map<string, Resource[]>;
  /** Buckets whose logging block's target_bucket is a literal, by that value. */
  byValue: Map<unknown, Resource[]>;
}

/**
 * Every bucket asks whether any other bucket logs into it: indexed once per scope (keyed by the
 * scope's bucket array, new for every evaluation) instead of rescanning all buckets per bucket.
 */
const inlineLogTargetsByScope = new WeakMap<readonly Resource[], InlineLogTargets>();

function inlineLogTargets(buckets: readonly Resource[]): InlineLogTargets {
  let index = inlineLogTargetsByScope.get(buckets);
  if (index) return index;
  index = { byRef: new Map(), byValue: new Map() };
  const add = <K>(map: Map<K, Resource[]>, key: K, bucket: Resource) => {
    const list = map.get(key);
    if (!list) map.set(key, [bucket]);
    else if (list[list.length - 1] !== bucket) list.push(bucket);
  };
  for (const other of buckets) {
    for (const logging of blocks(other.body, 'logging')) {
      const target = logging.entries.get('target_bucket');
      if (!target) continue;
      if (target.kind === 'unknown') for (const ref of target.refs ?? []) add(index.byRef, ref, other);
      else if (target.kind === 'scalar') add(index.byValue, target.value, other);
    }
  }
  if (buckets.length) inlineLogTargetsByScope.set(buckets, index);
  return index;
}

export default definePolicy({
  id: 'IAC-AWS-S3-003',
  title: 'S3 bucket server access logging is not enabled',
  severity: 'medium',
  description:
    'An aws_s3_bucket has no server access logging: neither an inline logging block nor an aws_s3_bucket_logging ' +
    'resource refers to it.',
  rationale:
    'Server access logs record every request made to the bucket (who, what, when, from where). Without them, ' +
    'data exfiltration or tampering cannot be investigated and access reviews have nothing to work from.',
  remediation:
    'Add an aws_s3_bucket_logging resource (AWS provider v4+) or an inline logging block (v3) with a target_bucket ' +
    'dedicated to access logs.',
  compliance: [
    { framework: 'CIS AWS Foundations 1.5', control: '3.6' },
    { framework: 'SOC 2', control: 'CC7.2' },
    { framework: 'HIPAA', control: '164.312(b)' },
    { framework: 'PCI DSS 4.0', control: '10.2.1' },
    { framework: 'NIST 800-53', control: 'AU-2' },
    { framework: 'NIST 800-53', control: 'AU-12' },
  ],
  aliases: {
    checkov: ['CKV_AWS_18'],
    kics: ['f861041c-8c9f-4156-acfc-5e6e524f5884'],
    trivy: ['AVD-AWS-0089', 'aws-s3-enable-bucket-logging'],
  },
  deviations: [
    'Buckets that receive access logs (acl = "log-delivery-write", or the target_bucket of a logging configuration ' +
      'in the module) are not reported: logging a log bucket loops or only moves the question. Checkov and KICS ' +
      'report them.',
    'A logging companion whose bucket argument cannot be resolved may configure any bucket of the module, so no ' +
      'bucket of that module is reported.',
    'There is no automatic fix: the target bucket is a decision.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_s3_bucket', 'module'] },
  kinds: ['resource', 'module'],
  check(resource, ctx) {
    if (resource.kind === 'module') {
      if (!isRegistryModule(resource, 's3-bucket') || boolAttr(resource.body, 'create_bucket').state === false) return;
      const input = resource.body.entries.get('logging');
      const empty = input && ((isMap(input) && input.entries.size === 0) || (isList(input) && input.items.length === 0));
      if (input && !empty) return;
      ctx.report({
        node: input,
        message: `Module "${resource.name}" (terraform-aws-modules/s3-bucket) does not enable access logging: set logging = { target_bucket = ..., target_prefix = ... }.`,
      });
      return;
    }
    if (blocks(resource.body, 'logging').length || hasDynamicBlock(resource.body, 'logging') || resource.body.entries.has('logging')) return;
    const { found, ambiguous } = bucketCompanions(ctx, resource, LOGGING);
    if (found.length || ambiguous) return;
    if (isLogSink(ctx, resource)) return;
    ctx.report({
      message: `${describeBucket(resource)} has no access logging: add an ${LOGGING} resource (or a logging block) with a target_bucket for its access logs.`,
    });
  },
});
