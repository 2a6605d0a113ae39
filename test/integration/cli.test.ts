/**
 * The `iac-audit` CLI as users run it: a separate process (the TypeScript entry through tsx, so no
 * build is needed; plus the built bin when dist/cli.js exists) on temporary directories.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import * as esbuild from 'esbuild';
import { builtinPolicies } from '../../policies/index';
import { hash53 } from '../../server/src/engine/reports/index';
import { suppressionPolicies } from '../../server/src/engine/suppressions/index';

const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'server', 'src', 'cli', 'main.ts');
const BIN = path.join(REPO, 'bin', 'iac-audit.js');
const TSX = require.resolve('tsx/cjs');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
const SARIF_SCHEMA = path.resolve(REPO, '..', 'shared', 'formats', 'sarif', 'sarif-schema-2.1.0.draft-07.json');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.FORCE_COLOR;
  delete e.NO_COLOR;
  return e;
}

/** Runs a process to completion (resolved on its 'close' event). */
function runProcess(cwd: string, argv: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Most tests run a bundle of the TypeScript entry built into a temporary directory (esbuild, well
 * under a second, so `npm test` needs no build step): starting it costs ~0.1 s against ~0.5 s for
 * tsx. One test runs the source through tsx, one the installed bin.
 */
let bundle = '';
function cli(cwd: string, ...args: string[]): Promise<CliRun> {
  return runProcess(cwd, [bundle, ...args]);
}

function cliFromSource(cwd: string, ...args: string[]): Promise<CliRun> {
  return runProcess(cwd, ['-r', TSX, MAIN, ...args]);
}

/** The installed command: bin/iac-audit.js -> dist/cli.js. */
function bin(cwd: string, ...args: string[]): Promise<CliRun> {
  return runProcess(cwd, [BIN, ...args]);
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const OPEN_BUCKET = 'resource "aws_s3_bucket" "open" {\n  bucket = "open"\n}\n';
const SECURE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.25.3
      securityContext:
        allowPrivilegeEscalation: false
        privileged: false
        runAsNonRoot: true
        capabilities:
          drop: ["ALL"]
      resources:
        limits:
          cpu: 100m
          memory: 64Mi
`;
const PRIVILEGED_POD = SECURE_POD.replace('privileged: false', 'privileged: true');
const SUPPRESSED = `# iac-audit:ignore IAC-AWS-S3-001 reason="log sink, encrypted by SCP" expires=2099-12-31
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_s3_bucket" "data" {
  #checkov:skip=CKV_AWS_19
  bucket = "data"
}
`;

const dirs: string[] = [];
function ws(files: Record<string, string>): string {
  const dir = workspace(files);
  dirs.push(dir);
  return dir;
}
before(async function () {
  this.timeout(60000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-cli-bundle-'));
  dirs.push(out);
  bundle = path.join(out, 'cli.js');
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: [MAIN],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    define: { IAC_AUDIT_VERSION: JSON.stringify(VERSION) },
  });
});
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('iac-audit CLI (process)', function () {
  this.timeout(60000);

  it('prints its version and help', async () => {
    const [version, help, scanHelp] = await Promise.all([cliFromSource(os.tmpdir(), '--version'), cli(os.tmpdir(), '--help'), cli(os.tmpdir(), 'scan', '--help')]);
    assert.deepEqual([version.code, version.stdout, version.stderr], [0, `${VERSION}\n`, '']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: iac-audit <command> \[options\]/);
    assert.match(help.stdout, /\n {2}scan +Audit Terraform/);
    assert.match(help.stdout, /\n {2}policies +List every policy/);
    assert.equal(scanHelp.code, 0);
    assert.match(scanHelp.stdout, /--fail-on SEVERITY/);
    assert.match(scanHelp.stdout, /2 {2}usage or I\/O error/);
  });

  it('text: file:line:col  severity  ID  message, a summary, exit 1 on findings', async () => {
    const dir = ws({ 'main.tf': OPEN_BUCKET, 'k8s/pod.yaml': PRIVILEGED_POD });
    // Run from source (tsx) once, as a developer would.
    const r = await cliFromSource(dir, 'scan', '--policy', 'IAC-AWS-S3-001,IAC-K8S-POD-001');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    const severity = builtinPolicies.find((p) => p.id === 'IAC-K8S-POD-001')!.severity;
    assert.match(lines[0], new RegExp(`^k8s/pod\\.yaml:13:21 +${severity} +IAC-K8S-POD-001 +Pod "ok"`));
    assert.equal(lines[1], '');
    assert.match(lines[2], /^main\.tf:1:1 +low +IAC-AWS-S3-001 +S3 bucket "open"/);
    assert.equal(lines[3], '');
    assert.equal(lines[4], `2 findings (1 ${severity}, 1 low) in 2 files.`);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  it('json: the exact contract for a small case', async () => {
    const dir = ws({ 'infra/main.tf': `# iac-audit:ignore IAC-NOPE-001 reason="typo"\n${OPEN_BUCKET}` });
    const r = await cli(dir, 'scan', 'infra', '--format', 'json', '--policy', 'IAC-SUPPRESS-003');
    assert.equal(r.code, 1, r.stderr);
    const policy = suppressionPolicies[2];
    const message = 'Suppression names an unknown policy id "IAC-NOPE-001": no IaC Audit policy has this id or alias, so it suppresses nothing here.';
    assert.deepEqual(JSON.parse(r.stdout), {
      version: 1,
      tool: { name: 'iac-audit', version: VERSION, policyPackVersion: require('../../policies/index').POLICY_PACK_VERSION },
      summary: { files: 1, findings: 1, suppressed: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 1, info: 0 }, errors: 0, resources: 1 },
      findings: [
        {
          policyId: 'IAC-SUPPRESS-003',
          title: 'Suppression of an unknown policy',
          message,
          severity: 'low',
          aliases: { checkov: [], kics: [], trivy: [] },
          file: 'infra/main.tf',
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 46 } },
          resource: 'aws_s3_bucket.open',
          suppressed: null,
          compliance: policy.compliance,
          fixable: false,
          resourceType: 'aws_s3_bucket',
          format: 'terraform',
          docs: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-SUPPRESS-003.md',
          fix: null,
          fingerprint: hash53(`IAC-SUPPRESS-003\u0000infra/main.tf\u0000aws_s3_bucket.open\u0000${message}\u00000`),
          // Accountability (docs/accountability.md): null outside a git repository.
          owner: null,
        },
      ],
      errors: [],
    });
  });

  it('json: suppressed findings stay in the report with kind, reason and expiry, and do not fail the scan', async () => {
    const dir = ws({ 'main.tf': SUPPRESSED });
    const [r, withAudit] = await Promise.all([
      cli(dir, 'scan', '--format', 'json', '--policy', 'CKV_AWS_19'),
      cli(dir, 'scan', '--format', 'json', '--policy', 'CKV_AWS_19,IAC-SUPPRESS-001'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.summary, { files: 1, findings: 0, suppressed: 2, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, errors: 0, resources: 2 });
    const s3 = builtinPolicies.find((p) => p.id === 'IAC-AWS-S3-001')!;
    assert.deepEqual(
      report.findings.map((f: any) => [f.policyId, f.resource, f.range.start.line, f.suppressed]),
      [
        [
          'IAC-AWS-S3-001',
          'aws_s3_bucket.logs',
          2,
          {
            kind: 'iac-audit',
            reason: 'log sink, encrypted by SCP',
            expires: '2099-12-31',
            file: 'main.tf',
            range: { start: { line: 1, column: 1 }, end: { line: 1, column: 89 } },
          },
        ],
        [
          'IAC-AWS-S3-001',
          'aws_s3_bucket.data',
          6,
          { kind: 'checkov', reason: null, expires: null, file: 'main.tf', range: { start: { line: 7, column: 3 }, end: { line: 7, column: 27 } } },
        ],
      ],
    );
    assert.deepEqual(report.findings[0].aliases, { checkov: s3.aliases.checkov ?? [], kics: s3.aliases.kics ?? [], trivy: s3.aliases.trivy ?? [] });
    assert.deepEqual(report.findings[0].compliance, s3.compliance);
    // With the suppression audit on, the reason-less checkov:skip is itself a (low) finding.
    const audited = JSON.parse(withAudit.stdout);
    assert.deepEqual(
      audited.findings.filter((f: any) => !f.suppressed).map((f: any) => [f.policyId, f.range.start.line, f.resource]),
      [['IAC-SUPPRESS-001', 7, 'aws_s3_bucket.data']],
    );
  });

  it('--expiring-within DAYS: suppressions expiring within the window are info findings (IAC-SUPPRESS-004) and still suppress', async () => {
    // The scan's "today" is the current UTC date; the dates are relative to it.
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const soon = inDays(5);
    const later = inDays(20);
    const dir = ws({
      'main.tf':
        `# iac-audit:ignore IAC-AWS-S3-001 reason="log sink" expires=${soon}\n${OPEN_BUCKET}\n` +
        `# iac-audit:ignore IAC-AWS-S3-001 reason="data, until the KMS rollout" expires=${later}\n${OPEN_BUCKET.replace(/open/g, 'data')}`,
    });
    const policies = '--policy=IAC-AWS-S3-001,IAC-SUPPRESS-004';
    const [byDefault, wide, off, failOnInfo, text, bad, help] = await Promise.all([
      cli(dir, 'scan', '--format', 'json', policies),
      cli(dir, 'scan', '--format', 'json', policies, '--expiring-within', '20'),
      cli(dir, 'scan', '--format', 'json', policies, '--expiring-within', '0'),
      cli(dir, 'scan', policies, '--fail-on', 'info'),
      cli(dir, 'scan', policies),
      cli(dir, 'scan', '--expiring-within', 'soon'),
      cli(dir, 'scan', '--help'),
    ]);
    const open = (r: CliRun) => JSON.parse(r.stdout).findings.filter((f: any) => !f.suppressed).map((f: any) => [f.policyId, f.severity, f.range.start.line, f.resource, f.message]);
    const message = (date: string, days: number) => `Suppression of IAC-AWS-S3-001 expires in ${days} days (${date}): fix the finding or review the suppression before then.`;
    // Info does not fail the scan by default (--fail-on low); both buckets stay suppressed.
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.deepEqual(JSON.parse(byDefault.stdout).summary.suppressed, 2);
    assert.deepEqual(open(byDefault), [['IAC-SUPPRESS-004', 'info', 1, 'aws_s3_bucket.open', message(soon, 5)]]);
    assert.deepEqual(open(wide), [
      ['IAC-SUPPRESS-004', 'info', 1, 'aws_s3_bucket.open', message(soon, 5)],
      ['IAC-SUPPRESS-004', 'info', 6, 'aws_s3_bucket.data', message(later, 20)],
    ]);
    assert.deepEqual([off.code, open(off)], [0, []]);
    assert.equal(failOnInfo.code, 1, failOnInfo.stderr);
    assert.match(text.stdout, new RegExp(`^main\\.tf:1:1 +info +IAC-SUPPRESS-004 +Suppression of IAC-AWS-S3-001 expires in 5 days \\(${soon}\\)`, 'm'));
    assert.deepEqual([bad.code, bad.stderr], [2, 'iac-audit: invalid value "soon" for --expiring-within: expected a number of days\n']);
    assert.match(help.stdout, /--expiring-within DAYS +Report suppressions expiring within DAYS days as IAC-SUPPRESS-004 \(info; default: 14; 0: off\)\./);
  });

  it('sarif: valid SARIF 2.1.0 with rules, relative URIs and in-source suppressions', async () => {
    const dir = ws({ 'main.tf': SUPPRESSED + OPEN_BUCKET });
    const r = await cli(dir, 'scan', '--format', 'sarif', '--policy', 'IAC-AWS-S3-001');
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((rule: any) => rule.id),
      ['IAC-AWS-S3-001'],
    );
    assert.deepEqual(
      run.results.map((res: any) => [res.ruleId, res.locations[0].physicalLocation.artifactLocation.uri, res.locations[0].physicalLocation.region.startLine, res.suppressions?.[0]?.justification ?? null]),
      [
        ['IAC-AWS-S3-001', 'main.tf', 2, 'log sink, encrypted by SCP'],
        ['IAC-AWS-S3-001', 'main.tf', 6, null],
        ['IAC-AWS-S3-001', 'main.tf', 10, null],
      ],
    );
    assert.equal(run.results[2].suppressions, undefined);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(dir).href}/`);
    if (!fs.existsSync(SARIF_SCHEMA)) {
      console.log(`    (schema validation skipped: ${SARIF_SCHEMA} is absent)`);
      return;
    }
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('exit codes follow --fail-on', async () => {
    const dir = ws({ 'main.tf': OPEN_BUCKET, 'pod.yaml': SECURE_POD });
    const severity = builtinPolicies.find((p) => p.id === 'IAC-AWS-S3-001')!.severity;
    assert.equal(severity, 'low', 'this test assumes IAC-AWS-S3-001 is low');
    // Low fails by default (any unsuppressed finding), not at --fail-on medium or none.
    const runs = await Promise.all(
      [[], ['--fail-on', 'medium'], ['--fail-on', 'none'], ['--fail-on', 'low'], ['--fail-on', 'info']].map((extra) => cli(dir, 'scan', 'main.tf', '--policy', 'IAC-AWS-S3-001', ...extra)),
    );
    assert.deepEqual(
      runs.map((r) => r.code),
      [1, 0, 0, 1, 1],
    );
    const clean = await cli(dir, 'scan', 'pod.yaml');
    assert.deepEqual([clean.code, clean.stdout], [0, 'No findings in 1 file.\n']);
  });

  it('exit 2 with a clear message on usage and I/O errors', async () => {
    const dir = ws({ 'main.tf': OPEN_BUCKET });
    const cases: [string[], RegExp][] = [
      [['scan', '--bogus'], /^iac-audit: Unknown option '--bogus'\nRun "iac-audit scan --help" for usage\.\n$/],
      [['scan', 'missing-dir'], /^iac-audit: path not found: missing-dir\n$/],
      [['scan', '--format', 'xml'], /^iac-audit: invalid value "xml" for --format: expected one of text, json, sarif\n$/],
      [['scan', '--fail-on', 'severe'], /^iac-audit: invalid value "severe" for --fail-on/],
      [['scan', '--policy', 'IAC-NOPE-001'], /^iac-audit: unknown policy id "IAC-NOPE-001" in --policy\nRun "iac-audit policies"/],
      [['scan', '--max-file-size', 'big'], /^iac-audit: invalid value "big" for --max-file-size/],
      [['scan', '--output', 'main.tf/report.json'], /^iac-audit: cannot write the report to main\.tf\/report\.json: (ENOTDIR|EEXIST)\n$/],
      [['frobnicate'], /^iac-audit: unknown command "frobnicate"\n/],
      [[], /^Usage: iac-audit <command>/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(dir, ...args)));
    for (const [i, [args, stderr]] of cases.entries()) {
      const r = runs[i];
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, stderr, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('reports invalid files in the errors array and keeps scanning the rest', async () => {
    const dir = ws({
      'broken.tf': 'resource "aws_s3_bucket" "half" {\n  bucket = \n',
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
      'ok.tf': OPEN_BUCKET,
    });
    const [r, text] = await Promise.all([cli(dir, 'scan', '--format', 'json', '--policy', 'IAC-AWS-S3-001'), cli(dir, 'scan', '--policy', 'IAC-AWS-S3-001')]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const errorFiles = [...new Set(report.errors.map((e: any) => e.file))];
    assert.deepEqual(errorFiles, ['broken.tf', 'broken.yaml']);
    for (const e of report.errors) {
      assert.equal(typeof e.message, 'string');
      assert.ok(e.range === null || (e.range.start.line >= 1 && e.range.start.column >= 1));
    }
    assert.ok(report.errors.some((e: any) => e.file === 'broken.tf' && e.range && e.severity === 'error'));
    assert.ok(report.findings.some((f: any) => f.file === 'ok.tf' && f.policyId === 'IAC-AWS-S3-001'));
    assert.match(text.stdout, /\nInput errors:\nbroken\.tf:\d+:\d+ {2}error {2}/);
    assert.match(text.stdout, /input errors?\.\n$/);
  });

  it('--policy and --skip-policy select policies by id or alias', async () => {
    const dir = ws({ 'main.tf': OPEN_BUCKET });
    const ids = async (...args: string[]) => [...new Set<string>(JSON.parse((await cli(dir, 'scan', '--format', 'json', ...args)).stdout).findings.map((f: any) => f.policyId))].sort();
    const [all, byTrivyId, two, skipped] = await Promise.all([
      ids(),
      ids('--policy', 'aws-s3-enable-bucket-encryption'),
      ids('--policy', 'IAC-AWS-S3-001', '--policy', 'IAC-AWS-S3-002'),
      ids('--skip-policy', 'CKV_AWS_19'),
    ]);
    assert.ok(all.includes('IAC-AWS-S3-001') && all.length > 1, all.join(','));
    assert.deepEqual(byTrivyId, ['IAC-AWS-S3-001']);
    assert.deepEqual(two, ['IAC-AWS-S3-001', 'IAC-AWS-S3-002']);
    assert.deepEqual(skipped, all.filter((id) => id !== 'IAC-AWS-S3-001'));
  });

  it('--output, --exclude, --max-file-size, and paths relative to the current directory', async () => {
    const dir = ws({ 'a/main.tf': OPEN_BUCKET, 'legacy/main.tf': OPEN_BUCKET, 'big/main.tf': OPEN_BUCKET + `# ${'x'.repeat(2000)}\n` });
    const [r, sub] = await Promise.all([
      cli(dir, 'scan', '--format', 'json', '--output', 'out/report.json', '--exclude', 'legacy', '--max-file-size', '1k', '--policy', 'IAC-AWS-S3-001'),
      // From a subdirectory, paths are relative to it (with ..), for relative and absolute arguments alike.
      cli(path.join(dir, 'a'), 'scan', '../a', path.join(dir, 'legacy'), '--format', 'json', '--policy', 'IAC-AWS-S3-001'),
    ]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', '']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'report.json'), 'utf8'));
    assert.deepEqual(
      report.findings.map((f: any) => f.file),
      ['a/main.tf'],
    );
    assert.deepEqual(
      report.errors.map((e: any) => [e.file, e.severity, /^File skipped: 2\.\d KB is over the 1\.0 KB size limit/.test(e.message)]),
      [['big/main.tf', 'warning', true]],
    );
    assert.deepEqual(
      JSON.parse(sub.stdout).findings.map((f: any) => f.file),
      ['../legacy/main.tf', 'main.tf'],
    );
  });

  it('policies lists every policy with its metadata, suppression policies included', async () => {
    const [r, text] = await Promise.all([cli(os.tmpdir(), 'policies', '--format', 'json'), cli(os.tmpdir(), 'policies')]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    const ids = doc.policies.map((p: any) => p.id);
    assert.deepEqual(ids, [...builtinPolicies, ...suppressionPolicies].map((p) => p.id));
    const s3 = doc.policies.find((p: any) => p.id === 'IAC-AWS-S3-001');
    const policy = builtinPolicies.find((p) => p.id === 'IAC-AWS-S3-001')!;
    assert.deepEqual(
      { title: s3.title, severity: s3.severity, compliance: s3.compliance, languages: s3.languages, fixable: s3.fixable },
      { title: policy.title, severity: policy.severity, compliance: policy.compliance, languages: policy.formats, fixable: policy.fixable === true },
    );
    assert.deepEqual(Object.keys(s3.aliases), ['checkov', 'kics', 'trivy']);
    const suppress = doc.policies.find((p: any) => p.id === 'IAC-SUPPRESS-002');
    assert.deepEqual([suppress.severity, suppress.fixable, suppress.languages], ['low', false, ['terraform', 'cloudformation', 'kubernetes']]);
    assert.match(text.stdout, /^IAC-SUPPRESS-001 +low +Suppression without a reason$/m);
  });

  it('the built bin (dist/cli.js) behaves like the source', async function () {
    if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) {
      console.log('    (skipped: dist/cli.js is absent; run "npm run build")');
      this.skip();
    }
    const dir = ws({ 'main.tf': SUPPRESSED + OPEN_BUCKET });
    const [fromBin, fromSource, version] = await Promise.all([
      bin(dir, 'scan', '--format', 'json', '--policy', 'IAC-AWS-S3-001'),
      cli(dir, 'scan', '--format', 'json', '--policy', 'IAC-AWS-S3-001'),
      bin(dir, '--version'),
    ]);
    assert.equal(fromBin.code, 1, fromBin.stderr);
    assert.deepEqual(JSON.parse(fromBin.stdout), JSON.parse(fromSource.stdout));
    assert.equal(version.stdout, `${VERSION}\n`);
  });
});
