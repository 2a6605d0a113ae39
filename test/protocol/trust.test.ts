/**
 * Protocol tests: Workspace Trust and custom policies. Custom policies from
 * `iacAudit.extraPolicyFolders` are code: they load only in a trusted workspace; declarative
 * (built-in) checks run either way.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';

const CUSTOM_POLICY = `module.exports = {
  id: 'ACME-KMS-001',
  title: 'KMS keys need a description that names the owner',
  severity: 'low',
  description: 'Every KMS key description names its owning team.',
  rationale: 'Keys without an owner are never rotated or retired.',
  remediation: 'Put "owner: <team>" in the description.',
  compliance: [],
  aliases: {},
  formats: ['terraform'],
  resourceTypes: { terraform: ['aws_kms_key'] },
  check(resource, ctx) {
    const description = resource.body.entries.get('description');
    if (description && description.kind === 'scalar' && !String(description.value).includes('owner:')) {
      ctx.report({ node: description, message: 'KMS key "' + resource.name + '": name the owner in the description.' });
    }
  },
};
`;

const BROKEN_POLICY = `module.exports = [{
  id: 'ACME-BROKEN-001', title: 'Always throws', severity: 'high', description: 'x', rationale: 'x', remediation: 'x',
  compliance: [], aliases: {}, formats: ['terraform'], resourceTypes: { terraform: ['aws_security_group'] },
  check() { throw new Error('boom from a custom policy'); },
}];
`;

const SLOW_POLICY = `module.exports = {
  id: 'ACME-SLOW-001', title: 'Slow on purpose', severity: 'info', description: 'x', rationale: 'x', remediation: 'x',
  compliance: [], aliases: {}, formats: ['terraform'], resourceTypes: { terraform: ['aws_kms_key'] },
  check(resource) {
    const d = resource.body.entries.get('description');
    if (d && String(d.value).includes('slow')) { const end = Date.now() + 150; while (Date.now() < end) {} }
  },
};
`;

describe('protocol: workspace trust and custom policies', function () {
  let client: TestClient;
  let workspace: string;

  before(async function () {
    this.timeout(60_000);
    await buildServer();
    workspace = tempWorkspace({
      'acme-policies/kms-owner/policy.js': CUSTOM_POLICY,
      'acme-policies/kms-owner/README.md': '# ACME-KMS-001\n',
      'acme-policies/broken.policy.js': BROKEN_POLICY,
      'acme-policies/slow.policy.js': SLOW_POLICY,
    });
    ({ client } = await TestClient.start({
      workspace,
      settings: { debounceMs: 0, extraPolicyFolders: ['acme-policies'] },
      initializationOptions: { indexWorkspace: false, trusted: false },
    }));
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  it('runs only the built-in policies in an untrusted workspace, and says why', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    await client.open(uri, KMS_AND_SSH);
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    assert.ok(
      client.logs.some((l) => l.startsWith('The workspace is not trusted: custom policies from iacAudit.extraPolicyFolders (acme-policies) are not loaded.')),
      client.logs.join('\n'),
    );
  });

  it('loads the custom policies once the workspace is trusted', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('iacAudit/trustChanged', { trusted: true });
    const published = await next;
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]),
      [
        ['IAC-AWS-KMS-001', 0, 0, 2],
        ['ACME-KMS-001', 1, 16, 3],
        ['IAC-AWS-EC2-001', 11, 19, 1],
      ],
    );
    // Its documentation is the README beside it.
    const count = client.shownDocuments.length;
    await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.showDocumentation', arguments: ['ACME-KMS-001'] });
    assert.deepEqual(client.shownDocuments[count], {
      uri: fileUri(path.join(workspace, 'acme-policies/kms-owner/README.md')),
      external: false,
      takeFocus: true,
    });
  });

  it('logs a throwing policy once and keeps every other finding', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    await client.change(uri, 2, [{ range: { start: { line: 5, character: 10 }, end: { line: 5, character: 13 } }, text: 'ssh2' }]);
    const published = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'ACME-KMS-001', 'IAC-AWS-EC2-001']);
    const failures = client.logs.filter((l) => l.startsWith('Policy ACME-BROKEN-001 failed on aws_security_group.ssh'));
    assert.equal(failures.length, 1, client.logs.join('\n'));
    assert.ok(failures[0].includes('boom from a custom policy'));
  });

  it('names a slow policy once in the output', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    await client.change(uri, 3, [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 20 } }, text: 'slow' }]);
    await client.diagnosticsFor(uri, 3);
    await client.change(uri, 4, [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 17 } }, text: 'very ' }]);
    await client.diagnosticsFor(uri, 4);
    const slow = client.logs.filter((l) => l.startsWith('Policy ACME-SLOW-001 took '));
    assert.equal(slow.length, 1, client.logs.join('\n'));
    assert.match(slow[0], /^Policy ACME-SLOW-001 took \d+ ms on aws_kms_key\.app \(.*main\.tf\); it slows every audit of such files\./);
  });

  it('drops them again when trust is withdrawn', async () => {
    const uri = fileUri(path.join(workspace, 'main.tf'));
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('iacAudit/trustChanged', { trusted: false });
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
  });

  it('takes settings from the initialization options when the client has no workspace/configuration', async () => {
    const other = tempWorkspace();
    const { client: plain } = await TestClient.start({
      workspace: other,
      capabilities: {},
      initializationOptions: { indexWorkspace: false, settings: { debounceMs: 0, severityThreshold: 'high' } },
    });
    try {
      const uri = fileUri(path.join(other, 'main.tf'));
      await plain.open(uri, KMS_AND_SSH);
      assert.deepEqual((await plain.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['IAC-AWS-EC2-001']);
      const next = plain.nextDiagnostics(uri);
      await plain.configure({ debounceMs: 0, severityThreshold: 'info' });
      assert.deepEqual((await next).diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    } finally {
      await plain.stop();
      removeWorkspace(other);
    }
  });
});
