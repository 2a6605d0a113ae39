/**
 * Protocol test: `iacAudit.server.drift` compares each folder's Terraform code (open buffers
 * included) with the state file named by `iacAudit.drift.stateFile`, read through the server's file
 * host; off when unset, a clear message when the file is missing or corrupt.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import type { DriftFolderReport } from '../../server/src/lsp/protocol';

const MAIN_TF = `resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "private"
}
`;

const STATE = JSON.stringify({
  version: 4,
  terraform_version: '1.9.5',
  resources: [
    { mode: 'managed', type: 'aws_s3_bucket', name: 'logs', instances: [{ attributes: { id: 'acme-logs', bucket: 'acme-logs', acl: 'public-read' } }] },
    { mode: 'managed', type: 'aws_eip', name: 'manual', instances: [{ attributes: { id: 'e' } }] },
  ],
});

describe('protocol: drift', function () {
  let client: TestClient;
  let workspace: string;

  before(async function () {
    this.timeout(60_000);
    await buildServer();
    workspace = tempWorkspace({ 'infra/main.tf': MAIN_TF, 'infra/terraform.tfstate': STATE, 'broken.tfstate': '{"version": 4, "resources": {}}' });
    ({ client } = await TestClient.start({ workspace, settings: { debounceMs: 0 } }));
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  const drift = async () => (await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.drift', arguments: [] })) as DriftFolderReport[];
  const name = () => path.basename(workspace);

  it('is off without a state file', async () => {
    assert.deepEqual(await drift(), [
      {
        folderUri: fileUri(workspace),
        folder: name(),
        stateFile: '',
        entries: [],
        status: 'off',
        message: 'No state file configured: set iacAudit.drift.stateFile (e.g. terraform.tfstate or plan.json).',
      },
    ]);
  });

  it('lists drift entries with their code locations, and follows the unsaved buffer', async () => {
    await client.configure({ debounceMs: 0, drift: { stateFile: 'infra/terraform.tfstate' } });
    const mainUri = fileUri(path.join(workspace, 'infra', 'main.tf'));
    assert.deepEqual(await drift(), [
      {
        folderUri: fileUri(workspace),
        folder: name(),
        stateFile: 'infra/terraform.tfstate',
        status: 'ok',
        source: 'tfstate',
        message: '2 drift entries against infra/terraform.tfstate.',
        entries: [
          {
            kind: 'changed',
            address: 'aws_s3_bucket.logs',
            type: 'aws_s3_bucket',
            uri: mainUri,
            path: path.join(workspace, 'infra', 'main.tf'),
            range: { start: { line: 2, character: 11 }, end: { line: 2, character: 20 } },
            attribute: 'acl',
            codeValue: 'private',
            stateValue: 'public-read',
            message: 'acl: the code sets "private", the state has "public-read".',
          },
          {
            kind: 'missing-in-code',
            address: 'aws_eip.manual',
            type: 'aws_eip',
            message: 'aws_eip.manual is deployed but not in the code: created outside this code, or its code was deleted.',
          },
        ],
      },
    ]);
    // The editor's buffer wins over the disk: with acl fixed there, only the unmanaged EIP is left.
    await client.open(mainUri, MAIN_TF.replace('"private"', '"public-read"'));
    await client.diagnosticsFor(mainUri, 1);
    assert.deepEqual((await drift())[0].entries.map((e) => `${e.kind} ${e.address}`), ['missing-in-code aws_eip.manual']);
  });

  it('says clearly when the state file is missing or corrupt', async () => {
    await client.configure({ debounceMs: 0, drift: { stateFile: 'nope.tfstate' } });
    let [report] = await drift();
    assert.deepEqual([report.status, report.message, report.entries], ['error', 'Cannot read nope.tfstate: no such file.', []]);
    await client.configure({ debounceMs: 0, 'drift.stateFile': 'broken.tfstate' });
    [report] = await drift();
    assert.deepEqual([report.status, report.message], ['error', 'Cannot read broken.tfstate: corrupt state: "resources" is not an array.']);
  });
});
