/** Scan events: counts, the finding and suppression sets, and the differences from the last scan of the same paths. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { builtinPolicies } from '../../../policies/index';
import {
  AuditLog,
  findPreviousScan,
  fixAppliedEvent,
  MemoryAuditLogStore,
  reportGeneratedEvent,
  scanEvents,
  suppressionAddedEvent,
  verifyChain,
} from '../../../server/src/engine/audit-log/index';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { Project } from '../../../server/src/engine/project';
import { suppressionPolicies } from '../../../server/src/engine/suppressions/index';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const V1 = `resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_kms_key" "app" {
  description = "app key"
}
`;

/** SSH closed, a new key without rotation, the first key suppressed. */
const V2 = `resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by the HSM"
resource "aws_kms_key" "app" {
  description = "app key"
}

resource "aws_kms_key" "new" {
  description = "new key"
}
`;

async function scan(text: string) {
  const project = new Project(new MemoryFileHost({ 'infra/main.tf': text }), { policies: [...builtinPolicies, ...suppressionPolicies], today: () => '2026-03-01' });
  const result = await project.scan(['infra']);
  return { paths: ['infra'], files: result.files.length, resources: result.resources, errors: result.errors.length, findings: result.findings, directives: result.directives, policyPackVersion: '2026.11.0' };
}

describe('audit log: scan events', () => {
  it('the first scan records counts and sets only; the next one what appeared, disappeared, and suppressions added or removed', async () => {
    const store = new MemoryAuditLogStore();
    const log = new AuditLog({ store, sha256, tool: { name: 'iac-audit', version: '0.1.0' }, actor: async () => ({ name: 'CI', email: null }), now: () => new Date('2026-03-01T00:00:00Z') });

    const first = scanEvents(await scan(V1), findPreviousScan(await log.read(), ['infra']));
    assert.deepEqual(first.map((e) => e.event), ['scan']);
    const data = first[0].data as Record<string, unknown>;
    assert.deepEqual(
      { paths: data.paths, files: data.files, resources: data.resources, errors: data.errors, policyPackVersion: data.policyPackVersion, counts: data.counts, previousScan: data.previousScan },
      {
        paths: ['infra'],
        files: 1,
        resources: 2,
        errors: 0,
        policyPackVersion: '2026.11.0',
        counts: { active: 2, suppressed: 0, bySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 } },
        previousScan: null,
      },
    );
    assert.deepEqual(
      (data.findings as { policyId: string; file: string; resource: string }[]).map((f) => `${f.policyId} ${f.file} ${f.resource}`).sort(),
      ['IAC-AWS-EC2-001 infra/main.tf aws_security_group.ssh', 'IAC-AWS-KMS-001 infra/main.tf aws_kms_key.app'],
    );
    await log.record(first);

    // Another scope's scan in between is not what the next scan of infra/ compares with.
    await log.record(scanEvents({ ...(await scan(V2)), paths: ['elsewhere'] }, null));

    const previous = findPreviousScan(await log.read(), ['infra']);
    assert.equal(previous!.seq, 1);
    const second = scanEvents(await scan(V2), previous);
    assert.deepEqual(second.map((e) => e.event), ['scan', 'findings.appeared', 'findings.disappeared', 'suppression.added']);
    const refs = (i: number) => (second[i].data.findings as { policyId: string; resource: string; severity: string }[]).map((f) => `${f.policyId} ${f.resource} ${f.severity}`);
    assert.deepEqual(refs(1), ['IAC-AWS-KMS-001 aws_kms_key.new medium']);
    assert.deepEqual(refs(2).sort(), ['IAC-AWS-EC2-001 aws_security_group.ssh high', 'IAC-AWS-KMS-001 aws_kms_key.app medium']);
    assert.equal(second[1].data.since, 1);
    const added = second[3].data as { source: string; suppressions: { file: string; line: number; resource: string; policies: string[]; reason: string }[] };
    assert.equal(added.source, 'scan');
    assert.deepEqual(
      added.suppressions.map(({ file, line, resource, policies, reason }) => ({ file, line, resource, policies, reason })),
      [{ file: 'infra/main.tf', line: 11, resource: 'aws_kms_key.app', policies: ['IAC-AWS-KMS-001'], reason: 'rotated by the HSM' }],
    );
    await log.record(second);

    // And back: the suppression disappears again.
    const third = scanEvents(await scan(V1), findPreviousScan(await log.read(), ['infra']));
    assert.deepEqual(third.map((e) => e.event), ['scan', 'findings.appeared', 'findings.disappeared', 'suppression.removed']);
    assert.equal(third[0].data.previousScan, 3);
    await log.record(third);

    // Unchanged: only the scan.
    const fourth = scanEvents(await scan(V1), findPreviousScan(await log.read(), ['infra']));
    assert.deepEqual(fourth.map((e) => e.event), ['scan']);
    await log.record(fourth);

    const verified = verifyChain((await log.read())!, sha256);
    assert.equal(verified.ok, true);
    assert.equal(verified.entries, 1 + 1 + 4 + 4 + 1);
  });

  it('editor events: fix applied, suppression added, report generated', () => {
    assert.deepEqual(fixAppliedEvent({ source: 'editor', file: '/w/main.tf', before: 'a'.repeat(64), after: 'b'.repeat(64), fixes: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.app', description: 'enable key rotation' }] }), {
      event: 'fix.applied',
      data: { source: 'editor', file: '/w/main.tf', before: 'a'.repeat(64), after: 'b'.repeat(64), fixes: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.app', description: 'enable key rotation' }] },
    });
    const added = suppressionAddedEvent('editor', { file: 'main.tf', line: 3, resource: 'aws_kms_key.app', policies: ['IAC-AWS-KMS-001'], reason: 'HSM', expires: null, kind: 'iac-audit' });
    assert.equal(added.event, 'suppression.added');
    assert.deepEqual(added.data, { source: 'editor', suppressions: [{ file: 'main.tf', line: 3, resource: 'aws_kms_key.app', policies: ['IAC-AWS-KMS-001'], reason: 'HSM', expires: null, kind: 'iac-audit' }] });
    assert.deepEqual(reportGeneratedEvent({ format: 'sarif', output: 'out.sarif', sha256: 'c'.repeat(64), findings: 2, files: 1 }).data, { format: 'sarif', output: 'out.sarif', sha256: 'c'.repeat(64), findings: 2, files: 1 });
  });

  it('findPreviousScan skips torn and foreign lines', () => {
    const text = '{"seq":1,"event":"scan","data":{"paths":["infra"],"findings":[],"suppressions":[]}}\nnot json "event":"scan"\n{"seq":3,"event":"scan","data":{"paths":["other"]}}\n{"seq":4,"event":"sc';
    const found = findPreviousScan(new TextEncoder().encode(text), ['infra']);
    assert.deepEqual(found, { seq: 1, findings: [], suppressions: [] });
    assert.equal(findPreviousScan(null, ['infra']), null);
  });
});
