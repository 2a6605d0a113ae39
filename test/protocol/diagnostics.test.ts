/**
 * Protocol tests: the built server over stdio, real JSON-RPC. Diagnostics: exact codes, ranges,
 * severities, sources and versions; half-typed files; stale versions; settings changes.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';


const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

function brief(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({ source: d.source, code: d.code, range: d.range, severity: d.severity }));
}

describe('protocol: diagnostics', function () {
  let client: TestClient;
  let initializeResult: InitializeResult;
  let workspace: string;

  before(async function () {
    this.timeout(60_000);
    await buildServer();
    workspace = tempWorkspace();
    ({ client, initializeResult } = await TestClient.start({ workspace, settings: { debounceMs: 0 } }));
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  it('advertises its capabilities and name', () => {
    const caps = initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.iacAudit'] });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(caps.executeCommandProvider?.commands, [
      'iacAudit.server.fixAll',
      'iacAudit.server.scanWorkspace',
      'iacAudit.server.applySuppression',
      'iacAudit.server.showDocumentation',
      'iacAudit.server.showFindings',
      'iacAudit.server.recordFix',
      'iacAudit.server.findingsByOwner',
      'iacAudit.server.suppressionLedger',
      'iacAudit.server.verifyAuditLog',
      'iacAudit.server.documentOwners',
      'iacAudit.server.drift',
    ]);
    assert.equal(initializeResult.serverInfo?.name, 'iac-audit-ls');
  });

  it('registers for configuration and watched-file changes', async () => {
    // Registration requests arrive right after `initialized`; the first publish proves they were sent.
    const uri = fileUri(path.join(workspace, 'registrations.tf'));
    await client.open(uri, '');
    await client.diagnosticsFor(uri, 1);
    assert.deepEqual(client.registrations.sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
  });

  it('audits a .tf opened as plain text, with exact diagnostics for that version', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    await client.open(uri, KMS_AND_SSH, 'plaintext');
    const published = await client.diagnosticsFor(uri, 1);
    assert.equal(published.version, 1);
    assert.deepEqual(published.diagnostics, [
      {
        range: range(0, 0, 0, 28),
        severity: 2,
        code: 'IAC-AWS-KMS-001',
        codeDescription: { href: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-KMS-001.md' },
        source: 'iac-audit',
        message: 'KMS key "app" does not rotate its key material: add enable_key_rotation = true.',
        data: {
          policyId: 'IAC-AWS-KMS-001',
          resource: 'aws_kms_key.app',
          documentVersion: 1,
          fix: {
            description: 'enable automatic key rotation',
            safe: true,
            edits: [{ uri, range: range(2, 0, 2, 0), newText: '  enable_key_rotation = true\n' }],
          },
        },
      },
      {
        range: range(11, 19, 11, 30),
        severity: 1,
        code: 'IAC-AWS-EC2-001',
        codeDescription: { href: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-EC2-001.md' },
        source: 'iac-audit',
        message:
          'Security group "ssh" allows SSH (port 22) from 0.0.0.0/0 (the whole internet): restrict the source to known CIDRs, or use SSM Session Manager instead of open SSH.',
        data: { policyId: 'IAC-AWS-EC2-001', resource: 'aws_security_group.ssh', documentVersion: 1 },
      },
    ]);
  });

  it('re-validates on didChange: fixing the CIDR by hand removes the finding', async () => {
    const uri = fileUri(path.join(workspace, 'edit.tf'));
    await client.open(uri, KMS_AND_SSH);
    await client.diagnosticsFor(uri, 1);
    await client.change(uri, 2, [{ range: range(11, 20, 11, 29), text: '10.0.0.0/8' }]);
    const published = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(brief(published.diagnostics), [{ source: 'iac-audit', code: 'IAC-AWS-KMS-001', range: range(0, 0, 0, 28), severity: 2 }]);
  });

  it('keeps the findings of complete blocks in a half-typed file, next to syntax diagnostics', async () => {
    const uri = fileUri(path.join(workspace, 'half.tf'));
    const text = `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_kms_key" "k" {
  description = 
`;
    await client.open(uri, text, 'terraform');
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ source: d.source, code: d.code, range: d.range, message: d.message })),
      [
        { source: 'iac-audit (syntax)', code: undefined, range: range(9, 27, 9, 28), message: 'Unclosed block "resource": no closing "}" before the end of the file' },
        { source: 'iac-audit (syntax)', code: undefined, range: range(10, 16, 10, 16), message: 'Expected an expression, found the end of the line' },
        {
          source: 'iac-audit',
          code: 'IAC-AWS-EC2-001',
          range: range(5, 19, 5, 30),
          message:
            'Security group "ssh" allows SSH (port 22) from 0.0.0.0/0 (the whole internet): restrict the source to known CIDRs, or use SSM Session Manager instead of open SSH.',
        },
        { source: 'iac-audit', code: 'IAC-AWS-KMS-001', range: range(9, 0, 9, 26), message: 'KMS key "k" does not rotate its key material: add enable_key_rotation = true.' },
      ],
    );
    // Finishing the block clears the syntax errors and keeps the findings.
    await client.change(uri, 2, [{ range: range(10, 16, 11, 0), text: '"k"\n}\n' }]);
    const fixed = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(
      fixed.diagnostics.map((d) => d.code),
      ['IAC-AWS-EC2-001', 'IAC-AWS-KMS-001'],
    );
  });

  it('never publishes a superseded version after the current one', async () => {
    const uri = fileUri(path.join(workspace, 'stale.tf'));
    await client.open(uri, KMS_AND_SSH);
    await client.diagnosticsFor(uri, 1);
    const from = client.diagnostics.all.length;
    // v2 opens port 3389 too, v3 closes SSH: sent back to back, v2 must not come after v3.
    const v2 = client.change(uri, 2, [{ range: range(8, 18, 8, 20), text: '3389' }]);
    const v3 = client.change(uri, 3, [{ range: range(11, 20, 11, 29), text: '10.1.0.0/16' }]);
    await Promise.all([v2, v3]);
    const third = await client.diagnosticsFor(uri, 3);
    await client.change(uri, 4, [{ range: range(1, 16, 1, 23), text: 'key' }]);
    await client.diagnosticsFor(uri, 4);
    const versions = client.diagnostics.all.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    const at3 = versions.indexOf(3);
    assert.ok(at3 >= 0);
    assert.ok(!versions.slice(at3 + 1).includes(2), `v2 published after v3: ${versions.join(',')}`);
    assert.deepEqual(versions.filter((v) => v !== 2), [3, 4]);
    assert.deepEqual(third.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001']);
  });

  it('applies settings changes without a restart', async () => {
    const uri = fileUri(path.join(workspace, 'settings.tf'));
    await client.open(uri, KMS_AND_SSH);
    await client.diagnosticsFor(uri, 1);

    let next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, severityThreshold: 'high' });
    assert.deepEqual(brief((await next).diagnostics), [{ source: 'iac-audit', code: 'IAC-AWS-EC2-001', range: range(11, 19, 11, 30), severity: 1 }]);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, severityMapping: { high: 'information', medium: 'hint' } });
    assert.deepEqual(brief((await next).diagnostics).map((d) => [d.code, d.severity]), [
      ['IAC-AWS-KMS-001', 4],
      ['IAC-AWS-EC2-001', 3],
    ]);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, policies: { 'IAC-AWS-EC2-001': false, 'IAC-AWS-KMS-001': { severity: 'critical' } } });
    assert.deepEqual(brief((await next).diagnostics), [{ source: 'iac-audit', code: 'IAC-AWS-KMS-001', range: range(0, 0, 0, 28), severity: 1 }]);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, enable: false });
    assert.deepEqual((await next).diagnostics, []);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0 });
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
  });

  it('debounces a burst of changes and publishes the last version', async () => {
    const uri = fileUri(path.join(workspace, 'debounce.tf'));
    await client.configure({ debounceMs: 50 });
    await client.open(uri, KMS_AND_SSH);
    await client.diagnosticsFor(uri, 1);
    const from = client.diagnostics.all.length;
    for (let v = 2; v <= 6; v++) await client.change(uri, v, [{ range: range(1, 17, 1, 17), text: 'x' }]);
    const last = await client.diagnosticsFor(uri, 6);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    const versions = client.diagnostics.all.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.equal(versions[versions.length - 1], 6, versions.join(','));
    await client.configure({ debounceMs: 0 });
  });

  it('with run "onSave", audits on open and save only', async () => {
    const uri = fileUri(path.join(workspace, 'onsave.tf'));
    await client.configure({ debounceMs: 0, run: 'onSave' });
    await client.open(uri, KMS_AND_SSH);
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    await client.change(uri, 2, [{ range: range(11, 20, 11, 29), text: '10.0.0.0/8' }]);
    // A request answered after the change was handled: by then an on-type run would have been queued.
    await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.showDocumentation', arguments: ['IAC-AWS-KMS-001'] });
    assert.equal(client.diagnostics.all.some((p) => p.uri === uri && p.version === 2), false);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001']);
    await client.configure({ debounceMs: 0 });
  });

  it('audits documents that exist only in the editor (untitled, by language id)', async () => {
    await client.open('untitled:Untitled-1', 'resource "aws_kms_key" "k" {\n}\n', 'terraform');
    const published = await client.diagnosticsFor('untitled:Untitled-1', 1);
    assert.deepEqual(brief(published.diagnostics), [{ source: 'iac-audit', code: 'IAC-AWS-KMS-001', range: range(0, 0, 0, 26), severity: 2 }]);
  });

  it('ignores YAML and JSON that are neither Kubernetes nor CloudFormation', async () => {
    const uri = fileUri(path.join(workspace, 'docker-compose.yml'));
    await client.open(uri, 'services:\n  web:\n    image: nginx\n    privileged: true\n', 'yaml');
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
    const json = fileUri(path.join(workspace, 'package.json'));
    await client.open(json, '{ "name": "x" }', 'json');
    assert.deepEqual((await client.diagnosticsFor(json, 1)).diagnostics, []);
  });
});
