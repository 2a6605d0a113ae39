/**
 * Protocol tests: the server survives invalid input (binary text, broken YAML, a huge file,
 * garbage Terraform, edits out of range) and keeps answering.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('protocol: invalid input', function () {
  let client: TestClient;
  let workspace: string;

  before(async function () {
    this.timeout(60_000);
    await buildServer();
    workspace = tempWorkspace();
    ({ client } = await TestClient.start({ workspace, settings: { debounceMs: 0 } }));
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  async function diagnosticsOf(name: string, text: string, languageId = 'plaintext') {
    const uri = fileUri(path.join(workspace, name));
    await client.open(uri, text, languageId);
    return (await client.diagnosticsFor(uri, 1)).diagnostics.map((d) => ({ source: d.source, range: d.range, severity: d.severity, message: d.message }));
  }

  it('skips binary text with a notice', async () => {
    assert.deepEqual(await diagnosticsOf('binary.tf', 'resource "a" "b" {\u0000\u0001\u0002}\n'), [
      { source: 'iac-audit (syntax)', range: range(0, 0, 0, 0), severity: 2, message: 'File skipped: it looks binary (contains NUL bytes).' },
    ]);
  });

  it('skips a file over the size limit with a notice', async () => {
    const huge = 'locals {\n  x = "' + 'a'.repeat(3 * 1024 * 1024) + '"\n}\n';
    assert.deepEqual(await diagnosticsOf('huge.tf', huge), [
      {
        source: 'iac-audit (syntax)',
        range: range(0, 0, 0, 0),
        severity: 2,
        message: 'File skipped: 3.0 MB is over the 2.0 MB size limit (iacAudit.maxFileSize / --max-file-size).',
      },
    ]);
  });

  it('reports invalid YAML as syntax errors', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      securityContext: {privileged: true\n  bad: [\n';
    const diagnostics = await diagnosticsOf('broken.yaml', yaml, 'yaml');
    assert.deepEqual(
      diagnostics.map((d) => [d.source, d.range.start.line]),
      [
        ['iac-audit (syntax)', 8],
        ['iac-audit (syntax)', 9],
      ],
    );
  });

  it('survives garbage Terraform', async () => {
    let garbage = '}}}{{{ "\\" ${ %{ <<EOF\n';
    for (let i = 0; i < 2000; i++) garbage += String.fromCharCode(33 + ((i * 7919) % 90)) + (i % 37 === 0 ? '\n' : '');
    const diagnostics = await diagnosticsOf('garbage.tf', garbage);
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.source === 'iac-audit (syntax)'));
  });

  it('starts as the `iac-audit-ls --stdio` bin too', async () => {
    const { client: bin, initializeResult } = await TestClient.start({ serverScript: path.join(__dirname, '..', '..', 'bin', 'iac-audit-ls.js') });
    try {
      assert.equal(initializeResult.serverInfo?.name, 'iac-audit-ls');
      await bin.open('untitled:bin', 'resource "aws_kms_key" "k" {\n}\n', 'terraform');
      assert.deepEqual((await bin.diagnosticsFor('untitled:bin', 1)).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001']);
    } finally {
      await bin.stop();
    }
  });

  it('keeps serving after all of that', async () => {
    const uri = fileUri(path.join(workspace, 'after.tf'));
    await client.open(uri, KMS_AND_SSH);
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(hover);
    // Requests about unknown documents get empty answers, not errors.
    const unknown = fileUri(path.join(workspace, 'never-opened.tf'));
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: unknown } }), []);
    assert.equal(client.hasExited, false);
    assert.equal(client.stderr, '');
  });
});
