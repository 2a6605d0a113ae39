/**
 * `iac-audit drift` as users run it: a separate process from the TypeScript source (node -r tsx,
 * as `npx tsx server/src/cli/main.ts` does), on a temporary root module with a state file.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'server', 'src', 'cli', 'main.ts');
const TSX = require.resolve('tsx/cjs');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

function drift(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', TSX, MAIN, 'drift', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MAIN_TF = `resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "private"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
`;

function state(acl: string, extra = ''): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.9.5',
    serial: 3,
    lineage: 'test',
    outputs: {},
    resources: [
      { mode: 'managed', type: 'aws_s3_bucket', name: 'logs', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: { id: 'acme-logs', bucket: 'acme-logs', acl } }] },
      { mode: 'managed', type: 'aws_sqs_queue', name: 'jobs', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: { id: 'q', name: 'jobs' } }] },
      ...(extra ? [{ mode: 'managed', type: 'aws_eip', name: extra, instances: [{ index_key: 0, attributes: { id: 'e' } }] }] : []),
    ],
  });
}

describe('iac-audit drift (CLI process)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-drift-'));
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra', 'main.tf'), MAIN_TF);
    fs.writeFileSync(path.join(dir, 'clean.tfstate'), state('private'));
    fs.writeFileSync(path.join(dir, 'drift.tfstate'), state('public-read', 'manual'));
    fs.writeFileSync(path.join(dir, 'corrupt.tfstate'), '{"version": 4, "resources": [');
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', resource_changes: [] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 without drift and says so', async () => {
    const r = await drift(dir, 'infra', '--state', 'clean.tfstate');
    assert.deepEqual(r, { code: 0, stdout: 'No drift: the code and clean.tfstate (raw state, Terraform 1.9.5) agree (2 code resources, 2 state instances).\n', stderr: '' });
  });

  it('exits 1 with drift: the exact JSON report', async () => {
    const r = await drift(dir, 'infra', '--state', 'drift.tfstate', '--format', 'json');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), {
      version: 1,
      tool: { name: 'iac-audit', version: VERSION },
      input: { file: 'drift.tfstate', kind: 'tfstate', terraformVersion: '1.9.5' },
      summary: { total: 2, codeResources: 2, stateInstances: 3, drifted: 0, changed: 1, 'missing-in-code': 1, 'missing-in-state': 0, planned: 0 },
      drift: [
        {
          kind: 'changed',
          address: 'aws_s3_bucket.logs',
          mode: 'managed',
          type: 'aws_s3_bucket',
          file: 'infra/main.tf',
          line: 3,
          range: { start: { line: 3, column: 12 }, end: { line: 3, column: 21 } },
          attribute: 'acl',
          codeValue: 'private',
          stateValue: 'public-read',
          message: 'acl: the code sets "private", the state has "public-read".',
        },
        {
          kind: 'missing-in-code',
          address: 'aws_eip.manual[0]',
          mode: 'managed',
          type: 'aws_eip',
          file: null,
          line: null,
          range: null,
          attribute: null,
          message: 'aws_eip.manual[0] is deployed but not in the code: created outside this code, or its code was deleted.',
        },
      ],
    });
  });

  it('text report grouped by kind with file:line, and --output writes it', async () => {
    const r = await drift(dir, 'infra', '--state', 'drift.tfstate', '--output', 'out/drift.txt');
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', '']);
    assert.equal(
      fs.readFileSync(path.join(dir, 'out', 'drift.txt'), 'utf8'),
      [
        'Drift between the code and drift.tfstate (raw state, Terraform 1.9.5):',
        '',
        'Code differs from the state (changed):',
        '  infra/main.tf:3  aws_s3_bucket.logs  acl',
        '      acl: the code sets "private", the state has "public-read".',
        '',
        'Deployed but not in the code (missing-in-code):',
        '  (no code)  aws_eip.manual[0]',
        '      aws_eip.manual[0] is deployed but not in the code: created outside this code, or its code was deleted.',
        '',
        '2 drift entries: 1 changed, 1 missing-in-code (2 code resources, 3 state instances).',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 with a clear message on usage, I/O and corrupt input', async () => {
    const cases: [string[], string][] = [
      [['infra'], 'iac-audit: give exactly one of --state FILE or --plan FILE\nRun "iac-audit drift --help" for usage.\n'],
      [['infra', '--state', 'clean.tfstate', '--plan', 'plan.json'], 'iac-audit: give exactly one of --state FILE or --plan FILE\nRun "iac-audit drift --help" for usage.\n'],
      [['infra', '--state', 'nope.tfstate'], 'iac-audit: cannot read nope.tfstate: no such file\n'],
      [['infra', '--state', 'corrupt.tfstate'], 'iac-audit: cannot read corrupt.tfstate: not valid JSON (Unexpected end of JSON input)\n'],
      [['infra', '--state', 'plan.json'], 'iac-audit: plan.json is a plan: use --plan plan.json\n'],
      [['infra', '--plan', 'clean.tfstate'], 'iac-audit: clean.tfstate is a state, not a plan: use --state clean.tfstate\n'],
      [['missing-dir', '--state', 'clean.tfstate'], 'iac-audit: path not found: missing-dir\n'],
      [['infra', '--state', 'clean.tfstate', '--format', 'xml'], 'iac-audit: invalid value "xml" for --format: expected one of text, json\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await drift(dir, ...args);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', stderr], args.join(' '));
    }
  });

  it('--plan: a plan without prior_state and without changes is no drift (exit 0)', async () => {
    const r = await drift(dir, 'infra', '--plan', 'plan.json', '--format', 'json');
    // No prior_state: presence cannot be judged, and the plan changes nothing.
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).summary, { total: 0, codeResources: 2, stateInstances: 0, drifted: 0, changed: 0, 'missing-in-code': 0, 'missing-in-state': 0, planned: 0 });
  });
});
