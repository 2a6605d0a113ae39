/**
 * Accountability through the CLI as users run it (`npx tsx server/src/cli/main.ts ...` in a
 * separate process) on a temporary git repository: commits by two authors at fixed dates, an
 * uncommitted edit, CODEOWNERS. Checks every finding's `owner` exactly, `--no-blame`,
 * `--group-by owner`, the suppression ledger and the audit log. Skipped when git is missing.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ADA, GRACE, gitAvailable, LOCAL, type TempRepo } from '../unit/ownership/git-repo';
import { accountabilityRepo, MAIN_V2 } from '../unit/ownership/accountability-repo';

const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'server', 'src', 'cli', 'main.ts');
/** What `npx tsx` runs, without npx's own start-up. */
const TSX_CLI = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The first test runs the TypeScript entry exactly as `npx tsx server/src/cli/main.ts` does; the
 * others run an esbuild bundle of the same entry (built in well under a second, and each run then
 * starts in ~0.1 s instead of ~1 s).
 */
let bundle = '';
const fromSource = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) => spawnCli(cwd, env, [TSX_CLI, MAIN, ...args]);
const run = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) => spawnCli(cwd, env, [bundle, ...args]);

function spawnCli(cwd: string, env: NodeJS.ProcessEnv, argv: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, env: { ...env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('accountability (CLI on a git repository)', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let adaSha: string;
  let graceSha: string;
  const cli = (...args: string[]) => run(repo.dir, repo.env, ...args);

  let bundleDir = '';

  before(async function () {
    if (!gitAvailable()) {
      console.log('    (skipped: git is not installed)');
      this.skip();
    }
    ({ repo, adaSha, graceSha } = accountabilityRepo());
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-cli-bundle-'));
    bundle = path.join(bundleDir, 'cli.js');
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    await esbuild.build({
      absWorkingDir: REPO,
      entryPoints: [MAIN],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      define: { IAC_AUDIT_VERSION: JSON.stringify(version) },
    });
  });
  after(() => {
    repo?.remove();
    if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  it('scan --format json: each finding\'s owner, exactly (npx tsx server/src/cli/main.ts)', async () => {
    const r = await fromSource(repo.dir, repo.env, 'scan', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { findings: { policyId: string; file: string; range: { start: { line: number } }; resource: string; owner: unknown }[] };
    assert.deepEqual(
      report.findings.map((f) => ({ at: `${f.file}:${f.range.start.line} ${f.policyId} ${f.resource}`, owner: f.owner })),
      [
        {
          at: 'app.tf:1 IAC-AWS-KMS-001 aws_kms_key.root',
          owner: {
            author: GRACE.name,
            email: GRACE.email,
            commit: graceSha,
            date: '2024-02-01T09:30:00-05:00',
            summary: 'open SG for debugging',
            uncommitted: false,
            codeowners: ['@org/everyone'],
          },
        },
        {
          at: 'infra/logs.tf:2 IAC-AWS-KMS-001 aws_kms_key.logs',
          owner: {
            author: ADA.name,
            email: ADA.email,
            commit: adaSha,
            date: '2024-01-10T10:00:00+01:00',
            summary: 'add SSH security group and app key',
            uncommitted: false,
            codeowners: ['@org/platform', '@ada'],
          },
        },
        {
          at: 'infra/main.tf:8 IAC-AWS-EC2-001 aws_security_group.ssh',
          owner: {
            author: GRACE.name,
            email: GRACE.email,
            commit: graceSha,
            date: '2024-02-01T09:30:00-05:00',
            summary: 'open SG for debugging',
            uncommitted: false,
            codeowners: ['@org/platform', '@ada'],
          },
        },
        {
          at: 'infra/main.tf:12 IAC-AWS-KMS-001 aws_kms_key.app',
          owner: {
            author: ADA.name,
            email: ADA.email,
            commit: adaSha,
            date: '2024-01-10T10:00:00+01:00',
            summary: 'add SSH security group and app key',
            uncommitted: false,
            codeowners: ['@org/platform', '@ada'],
          },
        },
        {
          at: 'infra/main.tf:16 IAC-AWS-KMS-001 aws_kms_key.new',
          owner: { author: LOCAL.name, email: LOCAL.email, commit: null, date: null, summary: null, uncommitted: true, codeowners: ['@org/platform', '@ada'] },
        },
      ],
    );
  });

  it('SARIF results carry the same owner in their properties', async () => {
    const r = await cli('scan', 'infra/main.tf', '--format', 'sarif', '--policy', 'IAC-AWS-EC2-001');
    const result = JSON.parse(r.stdout).runs[0].results[0];
    assert.deepEqual(result.properties.owner, {
      author: GRACE.name,
      email: GRACE.email,
      commit: graceSha,
      date: '2024-02-01T09:30:00-05:00',
      summary: 'open SG for debugging',
      uncommitted: false,
      codeowners: ['@org/platform', '@ada'],
    });
  });

  it('--no-blame: no owner field at all (null would mean "looked, not in a repository")', async () => {
    const r = await cli('scan', '--format', 'json', '--no-blame');
    const report = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    assert.equal(report.findings.length, 5);
    for (const f of report.findings) assert.equal('owner' in f, false);
  });

  it('outside a git repository the owner is null', async () => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-norepo-')));
    try {
      fs.writeFileSync(path.join(outside, 'main.tf'), MAIN_V2);
      const r = await run(outside, repo.env, 'scan', '--format', 'json');
      const report = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
      assert.deepEqual(report.findings.map((f) => [f.policyId, f.owner]), [
        ['IAC-AWS-EC2-001', null],
        ['IAC-AWS-KMS-001', null],
      ]);
      const grouped = await run(outside, repo.env, 'scan', '--group-by', 'owner');
      assert.match(grouped.stdout, /^No owner \(not in a git repository, or git unavailable\) — 2 findings\n/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('--group-by owner: findings per author, uncommitted apart, CODEOWNERS shown', async () => {
    const r = await cli('scan', '--group-by', 'owner');
    assert.equal(r.code, 1, r.stderr);
    const ec2 = 'Security group "ssh" allows SSH (port 22) from 0.0.0.0/0 (the whole internet): restrict the source to known CIDRs, or use SSM Session Manager instead of open SSH.';
    const kms = (name: string) => `KMS key "${name}" does not rotate its key material: add enable_key_rotation = true.`;
    assert.equal(
      r.stdout,
      [
        'Grace Hopper <grace@example.com> — 2 findings',
        `  app.tf:1:1          medium  IAC-AWS-KMS-001  ${kms('root')}  (@org/everyone)`,
        `  infra/main.tf:8:20  high    IAC-AWS-EC2-001  ${ec2}  (@org/platform @ada)`,
        '',
        'Ada Lovelace <ada@example.com> — 1 finding',
        `  infra/main.tf:12:1  medium  IAC-AWS-KMS-001  ${kms('app')}  (@org/platform @ada)`,
        '',
        'Uncommitted changes (not reviewed yet) — 1 finding',
        `  infra/main.tf:16:1  medium  IAC-AWS-KMS-001  ${kms('new')}  (@org/platform @ada)`,
        '',
        '4 findings (1 high, 3 medium) in 3 files; 1 suppressed.',
        '',
      ].join('\n'),
    );
  });

  it('plain text: a section lists findings on uncommitted lines', async () => {
    const r = await cli('scan', 'infra');
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('Uncommitted changes (not committed, so not reviewed) — 1 finding:');
    assert.ok(at > 0, r.stdout);
    assert.match(lines[at + 1], /^ {2}infra\/main\.tf:16:1 +medium +IAC-AWS-KMS-001 +KMS key "new"/);
    assert.deepEqual(lines.slice(at + 2), ['', '3 findings (1 high, 2 medium) in 2 files; 1 suppressed.', '']);
  });

  it('iac-audit suppressions: the ledger with who added each suppression and when', async () => {
    const r = await cli('suppressions', '--format', 'json', '--today', '2099-01-20');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.summary, { total: 1, active: 0, stale: 0, expired: 0, expiringSoon: 1, invalid: 0, withoutReason: 0 });
    assert.deepEqual(doc.suppressions, [
      {
        file: 'infra/logs.tf',
        line: 1,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 82 } },
        kind: 'iac-audit',
        syntax: 'iac-audit',
        scope: 'resource',
        policies: ['IAC-AWS-KMS-001'],
        resource: 'aws_kms_key.logs',
        reason: 'rotated by the HSM',
        expires: '2099-01-31',
        daysUntilExpiry: 11,
        status: 'expiring-soon',
        active: true,
        stale: false,
        expiringSoon: true,
        suppressed: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.logs' }],
        problems: [],
        addedBy: { name: ADA.name, email: ADA.email },
        addedAt: '2024-01-10T10:00:00+01:00',
        commit: adaSha,
        uncommitted: false,
      },
    ]);
    assert.deepEqual(doc.warnings, ['infra/logs.tf:1: the suppression of IAC-AWS-KMS-001 on aws_kms_key.logs expires in 11 days (2099-01-31; window 14 days)']);
    const strict = await cli('suppressions', '--strict', '--today', '2099-01-20');
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /^infra\/logs\.tf:1 {2}IAC-AWS-KMS-001 on aws_kms_key\.logs {2}\[expiring soon\]\n {4}reason: {5}"rotated by the HSM"\n {4}expires: {4}2099-01-31 \(in 11 days\)\n {4}added by: {3}Ada Lovelace <ada@example\.com>, 2024-01-10 \(\d+ years ago, [0-9a-f]{7}\)\n/);
    assert.match(strict.stdout, /\n1 suppression: 0 active, 1 expiring within 14 days\.\n$/);
    assert.equal((await cli('suppressions', '--today', '2099-01-01')).code, 0);
  });

  it('--audit-log: scans, what appeared and disappeared, reports; verify; tamper detection', async () => {
    const log = path.join('.iac-audit', 'audit-log.jsonl');
    const first = await cli('scan', 'infra', '--audit-log', log, '--format', 'json', '--output', 'report.json');
    assert.equal(first.code, 1, first.stderr);
    // Fix the open SSH rule, add a bucket-less key: one finding disappears, one appears.
    const main = path.join(repo.dir, 'infra', 'main.tf');
    const original = fs.readFileSync(main, 'utf8');
    fs.writeFileSync(main, original.replace('["0.0.0.0/0"]', '["10.0.0.0/8"]') + 'resource "aws_kms_key" "extra" {\n  description = "x"\n}\n');
    try {
      const second = await cli('scan', 'infra', '--audit-log', log);
      assert.equal(second.code, 1, second.stderr);
    } finally {
      fs.writeFileSync(main, original);
    }
    const entries = fs.readFileSync(path.join(repo.dir, log), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(entries.map((e) => [e.seq, e.event]), [
      [1, 'scan'],
      [2, 'report.generated'],
      [3, 'scan'],
      [4, 'findings.appeared'],
      [5, 'findings.disappeared'],
    ]);
    assert.deepEqual(entries[0].actor, { name: LOCAL.name, email: LOCAL.email });
    assert.equal(entries[0].data.policyPackVersion, require('../../policies/index').POLICY_PACK_VERSION);
    assert.deepEqual(entries[0].data.counts, { active: 3, suppressed: 1, bySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 } });
    assert.equal(entries[1].data.output, 'report.json');
    assert.equal(entries[1].data.sha256, require('node:crypto').createHash('sha256').update(fs.readFileSync(path.join(repo.dir, 'report.json'))).digest('hex'));
    assert.deepEqual(entries[3].data.findings.map((f: { policyId: string; file: string; resource: string }) => [f.policyId, f.file, f.resource]), [['IAC-AWS-KMS-001', 'infra/main.tf', 'aws_kms_key.extra']]);
    assert.deepEqual(entries[4].data.findings.map((f: { policyId: string; file: string; resource: string }) => [f.policyId, f.file, f.resource]), [['IAC-AWS-EC2-001', 'infra/main.tf', 'aws_security_group.ssh']]);
    assert.equal(entries[3].data.since, 1);

    const ok = await cli('audit-log', 'verify');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^\.iac-audit\/audit-log\.jsonl: verified 5 entries; the chain is intact \(head [0-9a-f]{64}, seq 5\)\.\n$/);
    const head = /head ([0-9a-f]{64})/.exec(ok.stdout)![1];

    const tampered = path.join(repo.dir, 'tampered.jsonl');
    const lines = fs.readFileSync(path.join(repo.dir, log), 'utf8').trimEnd().split('\n');
    const write = (ls: string[], tail = '\n') => fs.writeFileSync(tampered, ls.join('\n') + tail);
    const verify = async (...extra: string[]) => {
      const r = await cli('audit-log', 'verify', 'tampered.jsonl', ...extra);
      return [r.code, r.stdout.replace(/^tampered\.jsonl: /, '').trimEnd()];
    };

    write(lines.map((l, i) => (i === 2 ? l.replace('"files":2', '"files":3') : l)));
    assert.deepEqual(await verify(), [1, 'line 3: its SHA-256 no longer matches the "prev" recorded in line 4 (line 3 was modified, or an entry after it was removed); 2 entries verified before it.']);
    write(lines.filter((_, i) => i !== 1));
    assert.deepEqual(await verify(), [1, 'line 2: sequence number 3, expected 2 (an entry before it was deleted, or entries were reordered); 1 entry verified before it.']);
    write([lines[0], lines[1], lines[3], lines[2], lines[4]]);
    assert.deepEqual(await verify(), [1, 'line 3: sequence number 4, expected 3 (an entry before it was deleted, or entries were reordered); 2 entries verified before it.']);
    write(lines.slice(0, 4));
    assert.deepEqual((await verify())[0], 0, 'a shorter chain is valid on its own');
    assert.deepEqual(await verify('--head', head), [1, `line 5: the expected head ${head} is not in the log (entries were removed from its end, or it was rewritten); 4 entries verified before it.`]);
    write(lines.slice(0, 4), '\n' + lines[4].slice(0, 40));
    assert.deepEqual(await verify(), [0, 'verified 4 entries; line 5 is incomplete (crash during write?)']);
    assert.deepEqual((await verify('--strict'))[0], 1);
    const missing = await cli('audit-log', 'verify', 'nope.jsonl');
    assert.deepEqual([missing.code, missing.stderr], [2, 'iac-audit: audit log not found: nope.jsonl\n']);
  });
});
