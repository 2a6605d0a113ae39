/**
 * Test-local stand-ins for what the format adapters and policies provide, so the suppression engine
 * is tested on its own: a few policies with aliases, resources located by simple text rules, and
 * findings placed on a given line.
 */
import type { Format, MapNode, Resource } from '../../../server/src/engine/core/model';
import { definePolicy, type Finding, type Policy } from '../../../server/src/engine/core/policy';
import { LineIndex, type SourceRange } from '../../../server/src/engine/core/range';

export const KICS_S3_ENCRYPTION = '6726dcc0-5ff5-459d-b473-a780bef7665c';

function testPolicy(id: string, aliases: Policy['aliases']): Policy {
  return definePolicy({
    id,
    title: `Title of ${id}`,
    severity: 'high',
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    compliance: [{ framework: 'SOC 2', control: 'CC6.1' }],
    aliases,
    formats: ['terraform', 'cloudformation', 'kubernetes'],
    resourceTypes: { terraform: ['aws_s3_bucket'] },
    check: () => undefined,
  });
}

export const testPolicies: readonly Policy[] = [
  testPolicy('IAC-AWS-S3-001', {
    checkov: ['CKV_AWS_19'],
    kics: [KICS_S3_ENCRYPTION],
    trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'],
  }),
  testPolicy('IAC-AWS-S3-002', { checkov: ['CKV_AWS_21'], trivy: ['AVD-AWS-0090', 'aws-s3-enable-versioning'] }),
  testPolicy('IAC-AWS-EC2-001', { checkov: ['CKV_AWS_24'], trivy: ['AVD-AWS-0107', 'aws-ec2-no-public-ingress-sgr'] }),
  testPolicy('IAC-K8S-POD-001', { checkov: ['CKV_K8S_16'] }),
];

function emptyMap(file: string, range: SourceRange): MapNode {
  return { kind: 'map', file, range, entries: new Map() };
}

/** Terraform `resource "type" "name" {` ... the next `}` in column 0. */
export function terraformResources(file: string, text: string): Resource[] {
  const index = new LineIndex(text);
  const out: Resource[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const m = /^(resource|data) "([^"]+)" "([^"]+)"/.exec(index.lineText(line));
    if (!m) continue;
    let end = line;
    while (end < index.lineCount - 1 && index.lineText(end) !== '}') end++;
    const range = index.range(index.lineStart(line), index.lineEnd(end));
    const headerRange = index.range(index.lineStart(line), index.lineStart(line) + m[0].length);
    out.push({
      format: 'terraform',
      kind: m[1] === 'data' ? 'data' : 'resource',
      type: m[2],
      name: m[3],
      address: `${m[1] === 'data' ? 'data.' : ''}${m[2]}.${m[3]}`,
      file,
      range,
      headerRange,
      body: emptyMap(file, range),
    });
  }
  return out;
}

/** Kubernetes: one resource per `---`-separated document (`kind:` and `name:` read by regex). */
export function kubernetesResources(file: string, text: string): Resource[] {
  const index = new LineIndex(text);
  const out: Resource[] = [];
  let start = 0;
  const flush = (endLine: number) => {
    let first = start;
    while (first <= endLine && (index.lineText(first).trim() === '' || index.lineText(first).trim().startsWith('#'))) first++;
    if (first > endLine) return;
    const docText = text.slice(index.lineStart(first), index.lineEnd(endLine));
    const kind = /^kind:\s*(\S+)/m.exec(docText)?.[1] ?? 'Unknown';
    const name = /^\s+name:\s*(\S+)/m.exec(docText)?.[1] ?? '';
    const range = index.range(index.lineStart(first), index.lineEnd(endLine));
    const kindLine = docText.split('\n').findIndex((l) => l.startsWith('kind:'));
    const headerLine = first + Math.max(0, kindLine);
    out.push({
      format: 'kubernetes',
      kind: 'resource',
      type: kind,
      name,
      address: `${kind}/default/${name}`,
      file,
      range,
      headerRange: index.range(index.lineStart(headerLine), index.lineEnd(headerLine)),
      body: emptyMap(file, range),
    });
  };
  for (let line = 0; line < index.lineCount; line++) {
    if (index.lineText(line).startsWith('---')) {
      if (line > start) flush(line - 1);
      start = line + 1;
    }
  }
  flush(index.lineCount - 1);
  return out;
}

/** CloudFormation YAML: every two-space-indented key under `Resources:`. */
export function cloudformationResources(file: string, text: string, metadata?: Record<string, MapNode>): Resource[] {
  const index = new LineIndex(text);
  const out: Resource[] = [];
  let inResources = false;
  for (let line = 0; line < index.lineCount; line++) {
    const t = index.lineText(line);
    if (/^\S/.test(t)) inResources = t.startsWith('Resources:');
    const m = inResources ? /^ {2}([A-Za-z0-9]+):\s*$/.exec(t) : null;
    if (!m) continue;
    let end = line + 1;
    while (end + 1 < index.lineCount && (/^ {3,}/.test(index.lineText(end + 1)) || index.lineText(end + 1).trim() === '')) end++;
    const range = index.range(index.lineStart(line), index.lineEnd(end));
    const type = /Type:\s*(\S+)/.exec(text.slice(range.start.offset, range.end.offset))?.[1] ?? '';
    out.push({
      format: 'cloudformation',
      kind: 'resource',
      type,
      name: m[1],
      address: `Resources.${m[1]}`,
      file,
      range,
      headerRange: index.range(index.lineStart(line) + 2, index.lineStart(line) + 2 + m[1].length),
      body: emptyMap(file, range),
      metadata: metadata?.[m[1]],
    });
  }
  return out;
}

/** A finding of `policyId` on 0-based `line` (its trimmed text), attributed to the resource containing it. */
export function findingAt(policyId: string, file: string, text: string, line: number, resources: Resource[], format: Format = 'terraform'): Finding {
  const index = new LineIndex(text);
  const lineText = index.lineText(line);
  const indent = lineText.length - lineText.trimStart().length;
  const range = index.range(index.lineStart(line) + indent, index.lineEnd(line));
  const resource = resources.find((r) => r.range.start.offset <= range.start.offset && range.end.offset <= r.range.end.offset);
  return {
    policyId,
    title: `Title of ${policyId}`,
    severity: 'high',
    message: `message of ${policyId}`,
    file,
    range,
    resource: resource?.address ?? '',
    resourceType: resource?.type ?? '',
    format,
    suppressed: null,
  };
}

/** 0-based line of the first line containing `needle` (after `from`). */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  throw new Error(`"${needle}" not found`);
}
