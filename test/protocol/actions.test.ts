/**
 * Protocol tests: code actions and their edits (applying them yields the exact text), fix all,
 * suppression with a reason, documentation, and code lenses.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { CodeAction, CodeLens } from 'vscode-languageserver-protocol';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { applyTextEdits, editsFor, removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

const DEPLOYMENT = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.25
        - name: side
          image: busybox:1.36
          securityContext:
            runAsNonRoot: true
`;

function codeActions(client: TestClient, uri: string, at: ReturnType<typeof range>, only?: string[]): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: at,
    context: { diagnostics: [], ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

/** Sends the whole new text as version `version` and returns its diagnostics. */
async function replaceText(client: TestClient, uri: string, version: number, text: string) {
  await client.change(uri, version, [{ text }]);
  return client.diagnosticsFor(uri, version);
}

for (const withClientCommands of [false, true]) {
  describe(`protocol: code actions (${withClientCommands ? 'VS Code client commands' : 'plain LSP client'})`, function () {
    let client: TestClient;
    let workspace: string;

    before(async function () {
      this.timeout(60_000);
      await buildServer();
      workspace = tempWorkspace();
      ({ client } = await TestClient.start({
        workspace,
        settings: { debounceMs: 0 },
        initializationOptions: { indexWorkspace: false, clientCommands: withClientCommands ? ['iacAudit.suppressWithReason', 'iacAudit.showFindings'] : [] },
      }));
    });

    after(async () => {
      await client?.stop();
      removeWorkspace(workspace);
    });

    it('offers Fix / Suppress / Show documentation for a finding; the fix yields the exact text', async () => {
      const uri = fileUri(path.join(workspace, `fix-${withClientCommands}.tf`));
      await client.open(uri, KMS_AND_SSH);
      await client.diagnosticsFor(uri, 1);
      const actions = await codeActions(client, uri, range(0, 5, 0, 5));
      const suppressTitle = withClientCommands ? 'Suppress IAC-AWS-KMS-001 with a reason…' : 'Suppress IAC-AWS-KMS-001 (write the reason in the comment)';
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind, a.isPreferred]),
        [
          ['Fix: enable automatic key rotation', 'quickfix', true],
          [suppressTitle, 'quickfix', undefined],
          ['Show documentation for IAC-AWS-KMS-001', 'quickfix', undefined],
        ],
      );
      assert.deepEqual(actions[0].diagnostics?.map((d) => d.code), ['IAC-AWS-KMS-001']);
      const { version, edits } = editsFor(actions[0].edit!, uri);
      assert.equal(version, 1);
      const fixed = applyTextEdits(KMS_AND_SSH, edits);
      assert.equal(fixed, KMS_AND_SSH.replace('  description = "app key"\n', '  description = "app key"\n  enable_key_rotation = true\n'));
      const after = await replaceText(client, uri, 2, fixed);
      assert.deepEqual(after.diagnostics.map((d) => d.code), ['IAC-AWS-EC2-001']);
    });

    it('offers no fix where the policy has none, and nothing outside findings', async () => {
      const uri = fileUri(path.join(workspace, `nofix-${withClientCommands}.tf`));
      await client.open(uri, KMS_AND_SSH);
      await client.diagnosticsFor(uri, 1);
      const onSsh = await codeActions(client, uri, range(11, 22, 11, 22));
      assert.deepEqual(onSsh.map((a) => a.title).filter((t) => t.startsWith('Fix')), []);
      assert.equal(onSsh.length, 2);
      assert.deepEqual(await codeActions(client, uri, range(5, 2, 5, 2)), []);
    });

    it('suppresses with a reason: the comment goes above the resource and the finding leaves', async () => {
      const uri = fileUri(path.join(workspace, `suppress-${withClientCommands}.tf`));
      await client.open(uri, KMS_AND_SSH);
      await client.diagnosticsFor(uri, 1);
      const suppress = (await codeActions(client, uri, range(11, 22, 11, 22))).find((a) => a.title.startsWith('Suppress IAC-AWS-EC2-001'))!;
      let edits;
      if (withClientCommands) {
        assert.deepEqual(suppress.command, {
          title: 'Suppress IAC-AWS-EC2-001 with a reason…',
          command: 'iacAudit.suppressWithReason',
          arguments: [{ uri, version: 1, policyId: 'IAC-AWS-EC2-001', resource: 'aws_security_group.ssh', line: 11 }],
        });
        // What the VS Code client sends after asking for the reason and the expiry.
        const count = client.appliedEdits.length;
        const result = await client.connection.sendRequest('workspace/executeCommand', {
          command: 'iacAudit.server.applySuppression',
          arguments: [{ ...suppress.command!.arguments![0], reason: 'bastion "jump" host, see RUN-42', expires: '2099-12-31' }],
        });
        assert.deepEqual(result, { applied: true });
        assert.equal(client.appliedEdits.length, count + 1);
        ({ edits } = editsFor(client.appliedEdits[count].edit, uri));
      } else {
        ({ edits } = editsFor(suppress.edit!, uri));
      }
      const suppressed = applyTextEdits(KMS_AND_SSH, edits);
      const comment = withClientCommands
        ? '# iac-audit:ignore IAC-AWS-EC2-001 reason="bastion \\"jump\\" host, see RUN-42" expires=2099-12-31\n'
        : '# iac-audit:ignore IAC-AWS-EC2-001 reason=""\n';
      assert.equal(suppressed, KMS_AND_SSH.replace('resource "aws_security_group"', comment + 'resource "aws_security_group"'));
      const after = await replaceText(client, uri, 2, suppressed);
      // Without a reason the suppression still applies, and is itself reported (IAC-SUPPRESS-001).
      assert.deepEqual(
        after.diagnostics.map((d) => [d.code, d.range.start.line]),
        withClientCommands ? [['IAC-AWS-KMS-001', 0]] : [['IAC-AWS-KMS-001', 0], ['IAC-SUPPRESS-001', 4]],
      );
    });

    it('places a YAML suppression below the document separator, indented like the document', async () => {
      const uri = fileUri(path.join(workspace, `deploy-${withClientCommands}.yaml`));
      await client.open(uri, DEPLOYMENT, 'yaml');
      await client.diagnosticsFor(uri, 1);
      const actions = await codeActions(client, uri, range(9, 12, 9, 12));
      const suppress = actions.find((a) => a.title.startsWith('Suppress IAC-K8S-POD-005'))!;
      let edits;
      if (withClientCommands) {
        const count = client.appliedEdits.length;
        await client.connection.sendRequest('workspace/executeCommand', {
          command: 'iacAudit.server.applySuppression',
          arguments: [{ ...suppress.command!.arguments![0], reason: 'limits come from the LimitRange' }],
        });
        ({ edits } = editsFor(client.appliedEdits[count].edit, uri));
      } else ({ edits } = editsFor(suppress.edit!, uri));
      const text = applyTextEdits(DEPLOYMENT, edits);
      const reason = withClientCommands ? 'limits come from the LimitRange' : '';
      assert.equal(text, DEPLOYMENT.replace('---\n', `---\n# iac-audit:ignore IAC-K8S-POD-005 reason="${reason}"\n`));
      const after = await replaceText(client, uri, 2, text);
      assert.ok(!after.diagnostics.some((d) => d.code === 'IAC-K8S-POD-005'), JSON.stringify(after.diagnostics.map((d) => d.code)));
    });

    it('fixes every safe finding of a file with source.fixAll.iacAudit', async () => {
      const uri = fileUri(path.join(workspace, `fixall-${withClientCommands}.yaml`));
      await client.open(uri, DEPLOYMENT, 'yaml');
      const before = await client.diagnosticsFor(uri, 1);
      assert.deepEqual(
        before.diagnostics.map((d) => [d.code, d.range.start.line, (d.data as { fix?: { safe: boolean } }).fix?.safe]),
        [
          ['IAC-K8S-POD-002', 9, false],
          ['IAC-K8S-POD-003', 9, true],
          ['IAC-K8S-POD-005', 9, undefined],
          ['IAC-K8S-POD-005', 11, undefined],
          ['IAC-K8S-POD-003', 13, true],
        ],
      );
      const [action] = await codeActions(client, uri, range(0, 0, 0, 0), ['source.fixAll.iacAudit']);
      assert.equal(action.title, 'Fix all safe IaC Audit problems');
      assert.equal(action.kind, 'source.fixAll.iacAudit');
      const fixed = applyTextEdits(DEPLOYMENT, editsFor(action.edit!, uri).edits);
      assert.equal(
        fixed,
        DEPLOYMENT.replace('image: nginx:1.25\n', 'image: nginx:1.25\n          securityContext:\n            allowPrivilegeEscalation: false\n').replace(
          'runAsNonRoot: true\n',
          'runAsNonRoot: true\n            allowPrivilegeEscalation: false\n',
        ),
      );
      const after = await replaceText(client, uri, 2, fixed);
      assert.deepEqual(
        after.diagnostics.map((d) => [d.code, d.range.start.line]),
        // The new securityContext of "web" is now where runAsNonRoot is missing (line 11).
        [
          ['IAC-K8S-POD-005', 9],
          ['IAC-K8S-POD-002', 11],
          ['IAC-K8S-POD-005', 13],
        ],
      );
    });

    it('runs "fix all" as a command through workspace/applyEdit, pinned to the version', async () => {
      const uri = fileUri(path.join(workspace, `fixall-cmd-${withClientCommands}.yaml`));
      await client.open(uri, DEPLOYMENT, 'yaml');
      await client.diagnosticsFor(uri, 1);
      const count = client.appliedEdits.length;
      const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.fixAll', arguments: [uri, 1] });
      assert.deepEqual(result, { applied: true });
      const applied = editsFor(client.appliedEdits[count].edit, uri);
      assert.equal(applied.version, 1);
      assert.ok(!applyTextEdits(DEPLOYMENT, applied.edits).includes('allowPrivilegeEscalation: true'));
      assert.equal((applyTextEdits(DEPLOYMENT, applied.edits).match(/allowPrivilegeEscalation: false/g) ?? []).length, 2);
      // A stale version is refused.
      assert.deepEqual(await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.fixAll', arguments: [uri, 7] }), { applied: false });
    });

    it('shows the documentation of a policy', async () => {
      const count = client.shownDocuments.length;
      const result = await client.connection.sendRequest('workspace/executeCommand', {
        command: 'iacAudit.server.showDocumentation',
        arguments: ['IAC-AWS-KMS-001'],
      });
      const href = 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-KMS-001.md';
      assert.deepEqual(result, { uri: href });
      assert.deepEqual(client.shownDocuments[count], { uri: href, external: true, takeFocus: true });
    });

    it('puts a code lens above each resource with findings', async () => {
      const uri = fileUri(path.join(workspace, `lens-${withClientCommands}.tf`));
      await client.open(uri, KMS_AND_SSH + '\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
      await client.diagnosticsFor(uri, 1);
      const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
        [
          [0, '1 medium — show', withClientCommands ? 'iacAudit.showFindings' : 'iacAudit.server.showFindings'],
          [4, '1 high — show', withClientCommands ? 'iacAudit.showFindings' : 'iacAudit.server.showFindings'],
          [15, '1 high, 2 medium, 1 low — show', withClientCommands ? 'iacAudit.showFindings' : 'iacAudit.server.showFindings'],
        ],
      );
      if (withClientCommands) {
        assert.deepEqual(lenses[1].command?.arguments, [uri, { line: 4, character: 0 }, [{ uri, range: range(11, 19, 11, 30) }]]);
      }
      // Requests wait for a settings reload in progress: no need to wait for anything here.
      await client.configure({ debounceMs: 0, codeLens: { enabled: false } });
      assert.deepEqual(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), []);
      await client.configure({ debounceMs: 0 });
    });
  });
}
