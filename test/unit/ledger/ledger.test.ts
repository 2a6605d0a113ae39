/** The suppression ledger over real engine results (built-in policies, the suppression engine). */
import * as assert from 'node:assert/strict';
import { builtinPolicies } from '../../../policies/index';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { buildLedger, daysBetween, ledgerWarnings, summarizeLedger } from '../../../server/src/engine/ledger/index';
import type { FindingOwner } from '../../../server/src/engine/ownership/index';
import { Project } from '../../../server/src/engine/project';
import { suppressionPolicies } from '../../../server/src/engine/suppressions/index';

const TODAY = '2026-03-01';

const MAIN_TF = `resource "aws_security_group" "ssh" {
  # iac-audit:ignore IAC-AWS-EC2-001 reason="bastion, tracked in SEC-12" expires=2026-03-10
  name = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by the HSM" expires=2099-01-31
resource "aws_kms_key" "app" {
  description = "app key"
}

resource "aws_kms_key" "other" {
  # iac-audit:ignore IAC-AWS-S3-001 reason="copied from the bucket module"
  description = "other"
}

#checkov:skip=CKV_AWS_7
resource "aws_kms_key" "third" {
  description = "third"
}

# iac-audit:ignore IAC-AWS-KMS-001 reason="old exception" expires=2026-02-01
resource "aws_kms_key" "fourth" {
  description = "fourth"
}

# iac-audit:ignore IAC-NOPE-001 reason="typo"
resource "aws_kms_key" "fifth" {
  description = "fifth"
}
`;

async function evaluate() {
  const project = new Project(new MemoryFileHost({ 'infra/main.tf': MAIN_TF }), { policies: [...builtinPolicies, ...suppressionPolicies], today: () => TODAY });
  return project.scan(['infra']);
}

describe('suppression ledger', () => {
  it('lists every suppression with policy, resource, reason, expiry, days left, staleness and status', async () => {
    const scan = await evaluate();
    const ledger = buildLedger({ directives: scan.directives, findings: scan.findings, today: TODAY });
    assert.deepEqual(
      ledger.map((e) => ({
        line: e.range.start.line + 1,
        policies: e.policies,
        resource: e.resource,
        reason: e.reason,
        expires: e.expires,
        days: e.daysUntilExpiry,
        suppressed: e.suppressed,
        stale: e.stale,
        soon: e.expiringSoon,
        status: e.status,
        problems: e.problems,
        kind: e.kind,
      })),
      [
        {
          line: 2,
          policies: ['IAC-AWS-EC2-001'],
          resource: 'aws_security_group.ssh',
          reason: 'bastion, tracked in SEC-12',
          expires: '2026-03-10',
          days: 9,
          suppressed: [{ policyId: 'IAC-AWS-EC2-001', resource: 'aws_security_group.ssh' }],
          stale: false,
          soon: true,
          status: 'expiring-soon',
          problems: [],
          kind: 'iac-audit',
        },
        {
          line: 13,
          policies: ['IAC-AWS-KMS-001'],
          resource: 'aws_kms_key.app',
          reason: 'rotated by the HSM',
          expires: '2099-01-31',
          days: 26634,
          suppressed: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.app' }],
          stale: false,
          soon: false,
          status: 'active',
          problems: [],
          kind: 'iac-audit',
        },
        {
          line: 19,
          policies: ['IAC-AWS-S3-001'],
          resource: 'aws_kms_key.other',
          reason: 'copied from the bucket module',
          expires: null,
          days: null,
          suppressed: [],
          stale: true,
          soon: false,
          status: 'stale',
          problems: [],
          kind: 'iac-audit',
        },
        {
          line: 23,
          policies: ['CKV_AWS_7'],
          resource: 'aws_kms_key.third',
          reason: null,
          expires: null,
          days: null,
          suppressed: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.third' }],
          stale: false,
          soon: false,
          status: 'active',
          problems: ['IAC-SUPPRESS-001'],
          kind: 'checkov',
        },
        {
          line: 28,
          policies: ['IAC-AWS-KMS-001'],
          resource: 'aws_kms_key.fourth',
          reason: 'old exception',
          expires: '2026-02-01',
          days: -28,
          suppressed: [],
          stale: false,
          soon: false,
          status: 'expired',
          problems: ['IAC-SUPPRESS-002'],
          kind: 'iac-audit',
        },
        {
          line: 33,
          policies: ['IAC-NOPE-001'],
          resource: 'aws_kms_key.fifth',
          reason: 'typo',
          expires: null,
          days: null,
          suppressed: [],
          stale: false,
          soon: false,
          status: 'invalid',
          problems: ['IAC-SUPPRESS-003'],
          kind: 'iac-audit',
        },
      ],
    );
    assert.deepEqual(summarizeLedger(ledger), { total: 6, active: 2, stale: 1, expired: 1, expiringSoon: 1, invalid: 1, withoutReason: 1 });
    assert.deepEqual(ledgerWarnings(ledger), [
      'infra/main.tf:2: the suppression of IAC-AWS-EC2-001 on aws_security_group.ssh expires in 9 days (2026-03-10; window 14 days)',
    ]);
  });

  it('the expiring-soon window is configurable', async () => {
    const scan = await evaluate();
    const narrow = buildLedger({ directives: scan.directives, findings: scan.findings, today: TODAY, expiringWithinDays: 5 });
    assert.equal(narrow.filter((e) => e.expiringSoon).length, 0);
    const today = buildLedger({ directives: scan.directives, findings: scan.findings, today: '2026-03-10', expiringWithinDays: 0 });
    assert.deepEqual(ledgerWarnings(today, 0), ['infra/main.tf:2: the suppression of IAC-AWS-EC2-001 on aws_security_group.ssh expires today (2026-03-10; window 0 days)']);
  });

  it('who added it and when come from the owner of the comment line', async () => {
    const scan = await evaluate();
    const owner: FindingOwner = {
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      commit: 'a'.repeat(40),
      date: '2026-01-05T10:00:00+01:00',
      summary: 'accept SSH for the bastion',
      uncommitted: false,
      codeowners: ['@org/platform'],
    };
    const owners = new Map(scan.directives.map((d, i) => [d, i === 0 ? owner : null] as const));
    const [first, second] = buildLedger({ directives: scan.directives, findings: scan.findings, today: TODAY, owners });
    assert.deepEqual([first.addedBy, first.addedAt, first.commit, first.uncommitted], [{ name: 'Ada Lovelace', email: 'ada@example.com' }, '2026-01-05T10:00:00+01:00', 'a'.repeat(40), false]);
    assert.deepEqual([second.addedBy, second.addedAt, second.commit, second.uncommitted], [null, null, null, null]);
  });

  it('daysBetween: whole UTC days, invalid dates are null', () => {
    assert.equal(daysBetween('2026-03-01', '2026-03-01'), 0);
    assert.equal(daysBetween('2026-03-01', '2026-02-28'), -1);
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2026-03-01', '2026-02-30'), null);
    assert.equal(daysBetween('2026-03-01', 'soon'), null);
  });
});
