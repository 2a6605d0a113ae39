import * as assert from 'node:assert/strict';
import { builtinPolicies } from '../../../policies/index';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { Project } from '../../../server/src/engine/project';
import { applySuppressions, suppressionPolicies, type SuppressionOutput } from '../../../server/src/engine/suppressions/index';
import { findingAt, terraformResources, testPolicies } from './helpers';

const TODAY = '2026-06-15';

const TF = `resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
`;

/** Our directive above the bucket, expiring on `expires`, with one finding it covers (line 2, 1-based). */
function run(comment: string, expiryWarningDays?: number): SuppressionOutput & { problems: string[] } {
  const text = `${comment}\n${TF}`;
  const resources = terraformResources('main.tf', text);
  const findings = [findingAt('IAC-AWS-S3-001', 'main.tf', text, 1, resources)];
  const out = applySuppressions({ file: 'main.tf', text, findings, resources, policies: testPolicies, today: TODAY, expiryWarningDays });
  return { ...out, problems: out.directiveFindings.map((f) => `${f.policyId}@${f.range.start.line + 1}`) };
}

const ours = (expires: string) => `# iac-audit:ignore IAC-AWS-S3-001 reason="log sink" expires=${expires}`;

describe('suppressions: expiry reminder (IAC-SUPPRESS-004)', () => {
  it('reports a directive expiring within the window on the comment, info, and it still suppresses', () => {
    const comment = ours('2026-06-20');
    const out = run(comment);
    assert.equal(out.findings[0].suppressed?.kind, 'iac-audit');
    assert.equal(out.directiveFindings.length, 1);
    const f = out.directiveFindings[0];
    assert.deepEqual(
      { policyId: f.policyId, title: f.title, severity: f.severity, message: f.message, resource: f.resource, resourceType: f.resourceType, format: f.format },
      {
        policyId: 'IAC-SUPPRESS-004',
        title: 'Suppression expires soon',
        severity: 'info',
        message: 'Suppression of IAC-AWS-S3-001 expires in 5 days (2026-06-20): fix the finding or review the suppression before then.',
        resource: 'aws_s3_bucket.logs',
        resourceType: 'aws_s3_bucket',
        format: 'terraform',
      },
    );
    assert.equal(f.suppressed, null);
    assert.deepEqual([f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column], [0, 0, 0, comment.length]);
    // A reminder, not a problem with the directive: the ledger shows it as expiring soon instead.
    assert.equal(out.directives[0].active, true);
    assert.deepEqual(out.directives[0].problems, []);
    assert.equal(out.directives[0].suppressedCount, 1);
  });

  it('the window is inclusive: 14 days left is reported with the default, 15 is not', () => {
    assert.equal(
      run(ours('2026-06-29')).directiveFindings[0]?.message,
      'Suppression of IAC-AWS-S3-001 expires in 14 days (2026-06-29): fix the finding or review the suppression before then.',
    );
    assert.deepEqual(run(ours('2026-06-30')).problems, []);
    assert.deepEqual(run(ours('2026-06-30'), 15).problems, ['IAC-SUPPRESS-004@1']);
    assert.deepEqual(run(ours('2026-06-20'), 4).problems, []);
  });

  it('says "today" and "in 1 day"', () => {
    assert.equal(
      run(ours(TODAY)).directiveFindings[0].message,
      'Suppression of IAC-AWS-S3-001 expires today (2026-06-15): fix the finding or review the suppression before then.',
    );
    assert.equal(run(ours(TODAY)).findings[0].suppressed?.kind, 'iac-audit');
    assert.equal(
      run(ours('2026-06-16')).directiveFindings[0].message,
      'Suppression of IAC-AWS-S3-001 expires in 1 day (2026-06-16): fix the finding or review the suppression before then.',
    );
  });

  it('a window of 0 turns the reminder off, even for a directive expiring today', () => {
    const out = run(ours(TODAY), 0);
    assert.deepEqual(out.problems, []);
    assert.equal(out.findings[0].suppressed?.kind, 'iac-audit');
  });

  it('an expired directive is IAC-SUPPRESS-002 only; one without expiry or beyond the window gets nothing', () => {
    const expired = run(ours('2026-06-14'));
    assert.deepEqual(expired.problems, ['IAC-SUPPRESS-002@1']);
    assert.equal(expired.findings[0].suppressed, null);
    assert.deepEqual(run('# iac-audit:ignore IAC-AWS-S3-001 reason="log sink"').problems, []);
    assert.deepEqual(run(ours('2027-01-01'), 199).problems, []);
    assert.deepEqual(run(ours('2027-01-01'), 200).problems, ['IAC-SUPPRESS-004@1']);
  });

  it('a directive that suppresses nothing (unknown id) gets no reminder; a reason-less one gets both findings', () => {
    assert.deepEqual(run('# iac-audit:ignore IAC-AWS-S3-999 reason="typo" expires=2026-06-20').problems, ['IAC-SUPPRESS-003@1']);
    assert.deepEqual(run('# iac-audit:ignore IAC-AWS-S3-001 expires=2026-06-20').problems, ['IAC-SUPPRESS-001@1', 'IAC-SUPPRESS-004@1']);
  });

  it("covers tfsec/Trivy :exp: dates, in that tool's words", () => {
    const out = run('#tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2026-06-18 reason="migration"');
    assert.equal(out.findings[0].suppressed?.kind, 'tfsec');
    assert.deepEqual(
      out.directiveFindings.map((f) => f.message),
      ['Suppression tfsec:ignore:aws-s3-enable-bucket-encryption expires in 3 days (2026-06-18): fix the finding or review the suppression before then.'],
    );
  });
});

describe('Project: suppressionExpiryWarningDays', () => {
  const text = `# iac-audit:ignore IAC-AWS-S3-001 reason="log sink" expires=2026-06-25\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n`;
  const reminders = async (project: Project) =>
    (await project.evaluateFile('main.tf')).findings.filter((f) => f.policyId === 'IAC-SUPPRESS-004').map((f) => `${f.range.start.line + 1}: ${f.message}`);

  it('defaults to 14 days, is passed to the suppression engine, and a new value re-evaluates', async () => {
    const project = new Project(new MemoryFileHost({ 'main.tf': text }), { policies: [...builtinPolicies, ...suppressionPolicies], today: () => TODAY });
    const message = '1: Suppression of IAC-AWS-S3-001 expires in 10 days (2026-06-25): fix the finding or review the suppression before then.';
    assert.deepEqual(await reminders(project), [message]);
    project.updateOptions({ suppressionExpiryWarningDays: 9 });
    assert.deepEqual(await reminders(project), []);
    project.updateOptions({ suppressionExpiryWarningDays: 10 });
    assert.deepEqual(await reminders(project), [message]);
    project.updateOptions({ suppressionExpiryWarningDays: 0 });
    assert.deepEqual(await reminders(project), []);
  });
});
