/**
 * Drift: reading Terraform's JSON formats (raw v4 state, `show -json` state and plan) and comparing
 * them with the code. Fixtures are small hand-written files in ./fixtures; the code is
 * ./fixtures/code (a root module calling ./app).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { baseAddress, compareDrift, formatKey, parseTerraformStateText, readTerraformState, SENSITIVE, type DriftEntry, type TerraformState } from '../../../server/src/engine/drift/index';
import type { Resource } from '../../../server/src/engine/core/model';
import { Project } from '../../../server/src/engine/project';
import { NodeFileHost } from '../../../server/src/node/file-host';

const FIXTURES = path.join(__dirname, 'fixtures');

async function load(name: string): Promise<TerraformState> {
  const result = parseTerraformStateText(await fs.readFile(path.join(FIXTURES, name), 'utf8'));
  assert.equal(result.error, undefined);
  return result.state!;
}

let code: readonly Resource[];

/** kind address attribute @file:line code=… state=… (only the fields present). */
function brief(e: DriftEntry): string {
  const parts = [e.kind, e.address];
  if (e.attribute) parts.push(e.attribute);
  if (e.file) parts.push(`@${e.file}:${e.range!.start.line + 1}`);
  if ('codeValue' in e) parts.push(`code=${JSON.stringify(e.codeValue)}`);
  if ('stateValue' in e) parts.push(`state=${JSON.stringify(e.stateValue)}`);
  if ('previousValue' in e) parts.push(`was=${JSON.stringify(e.previousValue)}`);
  if (e.actions) parts.push(`actions=${e.actions.join(',')}`);
  return parts.join(' ');
}

describe('drift', () => {
  before(async () => {
    code = await new Project(new NodeFileHost(path.join(FIXTURES, 'code')), { policies: [] }).terraformModuleResources('.');
  });

  describe('addresses', () => {
    it('formats count and for_each keys and strips them for matching', () => {
      assert.equal(formatKey(0), '[0]');
      assert.equal(formatKey('a.b'), '["a.b"]');
      assert.equal(baseAddress('module.x["k"].aws_instance.web[0]'), 'module.x.aws_instance.web');
      assert.equal(baseAddress('aws_s3_bucket.b["we].ird\\"key"]'), 'aws_s3_bucket.b');
    });
  });

  describe('readTerraformState', () => {
    it('reads a raw v4 .tfstate: instance keys, modules, data sources, sensitive attributes masked', async () => {
      const state = await load('state-v4.tfstate');
      assert.equal(state.source, 'tfstate');
      assert.equal(state.terraformVersion, '1.9.5');
      assert.deepEqual(
        state.instances.map((i) => `${i.address} <${i.baseAddress}>`),
        [
          'aws_s3_bucket.logs <aws_s3_bucket.logs>',
          'aws_instance.web[0] <aws_instance.web>',
          'aws_instance.web[1] <aws_instance.web>',
          'aws_security_group.sg <aws_security_group.sg>',
          'aws_db_instance.db <aws_db_instance.db>',
          'aws_eip.manual <aws_eip.manual>',
          'data.aws_caller_identity.me <data.aws_caller_identity.me>',
          'data.terraform_remote_state.old <data.terraform_remote_state.old>',
          'module.app.aws_sqs_queue.q["a"] <module.app.aws_sqs_queue.q>',
          'module.app.aws_sqs_queue.q["b"] <module.app.aws_sqs_queue.q>',
          'module.app.aws_sqs_queue.dlq <module.app.aws_sqs_queue.dlq>',
        ],
      );
      assert.deepEqual(state.instances[4].values, { id: 'db-1', password: SENSITIVE });
      assert.equal(state.instances[1].indexKey, 0);
      assert.equal(state.instances[8].indexKey, 'a');
    });

    it('reads `terraform show -json` state output with child modules and sensitive_values', async () => {
      const state = await load('state-show.json');
      assert.equal(state.source, 'state-json');
      assert.deepEqual(state.instances.map((i) => i.address), ['aws_s3_bucket.logs', 'aws_db_instance.db', 'module.app.aws_sqs_queue.q["a"]']);
      assert.equal(state.instances[1].values.password, SENSITIVE);
    });

    it('reads a plan: prior state, resource_drift and resource_changes, with sensitive values masked', async () => {
      const state = await load('plan-drift.json');
      assert.equal(state.source, 'plan-json');
      assert.deepEqual(state.instances.map((i) => i.address), ['aws_s3_bucket.logs', 'aws_db_instance.db']);
      assert.deepEqual(state.drift.map((c) => `${c.address} ${c.actions.join(',')}`), ['aws_s3_bucket.logs update', 'aws_eip.manual delete']);
      assert.deepEqual(state.changes.map((c) => `${c.address} ${c.actions.join(',')}`), ['aws_s3_bucket.logs no-op', 'aws_iam_user.new create', 'aws_db_instance.db delete,create']);
      assert.deepEqual(state.changes[2].before, { password: SENSITIVE });
      assert.deepEqual(state.changes[2].after, { password: SENSITIVE });
    });

    it('treats an empty file as an empty state, and `{"format_version":"1.0"}` (no state) as empty', () => {
      assert.deepEqual(parseTerraformStateText('  \n').state?.instances, []);
      assert.deepEqual(readTerraformState({ format_version: '1.0' }).state?.instances, []);
    });

    it('returns a clear error for corrupt JSON and wrong shapes, never throwing', () => {
      const cases: [unknown, string][] = [
        [[], 'expected a JSON object (a .tfstate, or the output of "terraform show -json"), got an array'],
        [null, 'expected a JSON object (a .tfstate, or the output of "terraform show -json"), got null'],
        ['x', 'expected a JSON object (a .tfstate, or the output of "terraform show -json"), got a string'],
        [{ hello: 1 }, 'not a Terraform state or plan: expected a .tfstate ("version": 4) or "terraform show -json" output ("format_version")'],
        [{ version: 3, modules: [] }, 'state format version 3 is not supported: only version 4 (Terraform 0.12 and later) is read'],
        [{ version: 5, resources: [] }, 'unknown state format version 5: expected 4'],
        [{ version: 4, resources: {} }, 'corrupt state: "resources" is not an array'],
        [{ version: 4, resources: [{ mode: 'managed', type: 'a' }] }, 'corrupt state: resources[0] lacks a valid mode, type or name'],
        [{ version: 4, resources: [{ mode: 'managed', type: 'a', name: 'b', instances: [7] }] }, 'corrupt state: an instance of resources[0] is not an object'],
        [{ format_version: '1.0', values: [] }, 'corrupt state JSON: "values" is not an object'],
        [{ format_version: '1.0', values: { root_module: { child_modules: [{ resources: 'x' }] } } }, 'corrupt state JSON: values.root_module.child_modules[0].resources is not an array'],
        [{ format_version: '1.2', resource_changes: [{ address: 'a.b' }] }, 'corrupt plan JSON: resource_changes[0] lacks an address, mode, type, name or change.actions'],
        [{ format_version: '1.2', resource_drift: 'nope' }, 'corrupt plan JSON: "resource_drift" is not an array'],
      ];
      for (const [input, message] of cases) assert.deepEqual(readTerraformState(input), { error: message }, JSON.stringify(input));
      assert.match(parseTerraformStateText('{"version": 4, "resources": [').error!, /^not valid JSON \(/);
    });
  });

  describe('compareDrift', () => {
    it('raw state: changed literals (typed comparison, sets unordered), missing in code and in state; unknown, sensitive and remote state ignored', async () => {
      const entries = compareDrift(code, await load('state-v4.tfstate'));
      assert.deepEqual(entries.map(brief), [
        'changed aws_instance.web[1] ami @main.tf:16 code="ami-123" state="ami-999"',
        'changed aws_instance.web[1] monitoring @main.tf:18 code=true state=false',
        'changed aws_s3_bucket.logs tags @main.tf:6 code={"Env":"prod"} state={"Env":"dev"}',
        'changed aws_s3_bucket.logs versioning.0.enabled @main.tf:10 code=true state=false',
        'changed module.app.aws_sqs_queue.q["b"] name @app/main.tf:3 code="jobs" state="jobs-renamed"',
        'missing-in-code aws_eip.manual',
        'missing-in-code module.app.aws_sqs_queue.dlq',
        'missing-in-state aws_iam_user.new @main.tf:27',
      ]);
      assert.equal(entries[0].message, 'ami: the code sets "ami-123", the state has "ami-999".');
      assert.equal(entries[5].message, 'aws_eip.manual is deployed but not in the code: created outside this code, or its code was deleted.');
      assert.equal(entries[7].message, 'aws_iam_user.new is in the code but not in the state: it has not been applied (or was removed from the state).');
      assert.deepEqual(entries[0].range, { start: { line: 15, column: 18, offset: 252 }, end: { line: 15, column: 27, offset: 261 } });
    });

    it('show -json state: data sources by presence only', async () => {
      const entries = compareDrift(code, await load('state-show.json'));
      assert.deepEqual(entries.map(brief), [
        'missing-in-state aws_iam_user.new @main.tf:27',
        'missing-in-state aws_instance.web @main.tf:14',
        'missing-in-state aws_security_group.sg @main.tf:21',
        'missing-in-state data.aws_caller_identity.me @main.tf:35',
      ]);
    });

    it('plan: drifted attributes and deletions, planned actions (no-op left out), a planned create is not also missing', async () => {
      const entries = compareDrift(code, await load('plan-drift.json'));
      assert.deepEqual(entries.map(brief), [
        'drifted aws_eip.manual actions=delete',
        'drifted aws_s3_bucket.logs tags.Owner @main.tf:3 state="someone" was=null actions=update',
        'changed aws_s3_bucket.logs tags @main.tf:6 code={"Env":"prod"} state={"Env":"prod","Owner":"someone"}',
        'missing-in-state aws_instance.web @main.tf:14',
        'missing-in-state aws_security_group.sg @main.tf:21',
        'missing-in-state data.aws_caller_identity.me @main.tf:35',
        'missing-in-state module.app.aws_sqs_queue.q @app/main.tf:1',
        'planned aws_db_instance.db @main.tf:31 actions=delete,create',
        'planned aws_iam_user.new @main.tf:27 actions=create',
      ]);
      assert.equal(entries[0].message, 'aws_eip.manual was deleted outside Terraform.');
      assert.equal(entries[1].message, 'tags.Owner was changed outside Terraform: null -> "someone".');
      assert.equal(entries[7].message, 'The plan would replace aws_db_instance.db.');
    });

    it('compareAttributes: false reports presence only', async () => {
      const entries = compareDrift(code, await load('state-v4.tfstate'), { compareAttributes: false });
      assert.deepEqual(entries.map((e) => e.kind), ['missing-in-code', 'missing-in-code', 'missing-in-state']);
    });

    it('no drift when state and code agree, count = 0 is not missing, a remote module is not judged', () => {
      const memoryState = readTerraformState({
        version: 4,
        resources: [
          { mode: 'managed', type: 'aws_s3_bucket', name: 'logs', instances: [{ attributes: { bucket: 'acme-logs', force_destroy: true, tags: { Env: 'prod' }, versioning: [{ enabled: 'true' }] } }] },
          { module: 'module.vpc', mode: 'managed', type: 'aws_vpc', name: 'this', instances: [{ index_key: 0, attributes: {} }] },
        ],
      }).state!;
      const logs = code.filter((r) => r.address === 'aws_s3_bucket.logs');
      const vpcCall = { ...logs[0], kind: 'module' as const, type: 'module', name: 'vpc', address: 'module.vpc' };
      assert.deepEqual(compareDrift([...logs, vpcCall], memoryState), []);
      const zero = { ...logs[0], address: 'aws_s3_bucket.none', body: { ...logs[0].body, entries: new Map([['count', { kind: 'scalar' as const, value: 0, file: 'main.tf', range: logs[0].range }]]) } };
      assert.deepEqual(compareDrift([zero], readTerraformState({ version: 4, resources: [] }).state!), []);
    });
  });

  describe('real Terraform JSON (../shared/formats/terraform-json)', () => {
    const root = path.resolve(__dirname, '../../../../shared/formats/terraform-json');
    it('reads every JSON / .tfstate file without throwing and classifies it', async function () {
      const files = await listJson(root).catch(() => undefined);
      if (!files) {
        console.log(`    (skipped: ${root} is absent)`);
        this.skip();
      }
      const counts: Record<string, number> = {};
      for (const file of files!) {
        const text = await fs.readFile(file, 'utf8');
        const result = parseTerraformStateText(text);
        const kind = result.error ? 'error' : result.state!.source;
        counts[kind] = (counts[kind] ?? 0) + 1;
        assert.ok(!result.error, `${path.relative(root, file)}: ${result.error}`);
        // Expected kinds by name: raw states end in .tfstate, `show -json` states have `values`, the rest are plans.
        const expected = file.endsWith('.tfstate') ? 'tfstate' : 'values' in JSON.parse(text) || !/"(resource_changes|planned_values|prior_state|plan_format_version)"/.test(text) ? 'state-json' : 'plan-json';
        assert.equal(kind, expected, path.relative(root, file));
        assert.doesNotThrow(() => compareDrift(code, result.state!));
      }
      console.log(`    ${files!.length} files: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      assert.ok(files!.length > 40);
    });

    it('finds the documented drift in the real plans', async function () {
      const file = path.join(root, 'show-json--drift/output.json');
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) {
        console.log(`    (skipped: ${root} is absent)`);
        this.skip();
      }
      const drift = compareDrift([], parseTerraformStateText(text!).state!).filter((e) => e.kind === 'drifted');
      assert.deepEqual(drift.map(brief), ['drifted test_instance.should_refresh ami state="refreshed" was="refresh-me" actions=update']);
      const trivy = await fs.readFile(path.join(root, '_realworld/trivy--arbitrary_name.plan.json'), 'utf8');
      assert.deepEqual(compareDrift([], parseTerraformStateText(trivy).state!).filter((e) => e.kind === 'drifted').map(brief), ['drifted aws_security_group.this actions=delete']);
    });
  });
});

async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listJson(full)));
    else if (/\.(json|tfstate)$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}
