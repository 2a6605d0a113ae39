/**
 * Protocol test: a suppression about to expire is an info finding (IAC-SUPPRESS-004, a hint by
 * default) on its comment; `iacAudit.suppressions.expiryWarningDays` sets the window, and changing it
 * re-validates open documents and the suppression ledger without a restart.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

// The server's "today" is the current UTC date; the expiry is 5 days after it.
const EXPIRES = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
const COMMENT = `# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by the HSM" expires=${EXPIRES}`;

function brief(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity, message: d.message }));
}

describe('protocol: suppression expiry reminder', function () {
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

  const ledgerStatus = async () =>
    ((await client.connection.sendRequest('workspace/executeCommand', { command: 'iacAudit.server.suppressionLedger', arguments: [] })) as { status: string }[]).map(
      (e) => e.status,
    );

  it('iacAudit.suppressions.expiryWarningDays turns the IAC-SUPPRESS-004 hint on and off', async () => {
    const uri = fileUri(path.join(workspace, 'expiring.tf'));
    await client.open(uri, `${COMMENT}\n${KMS_AND_SSH}`);
    const reminder = {
      code: 'IAC-SUPPRESS-004',
      range: range(0, 0, 0, COMMENT.length),
      // info maps to Hint by default.
      severity: 4,
      message: `Suppression of IAC-AWS-KMS-001 expires in 5 days (${EXPIRES}): fix the finding or review the suppression before then.`,
    };
    const ssh = (await client.diagnosticsFor(uri, 1)).diagnostics.find((d) => d.code === 'IAC-AWS-EC2-001')!;
    const sshBrief = brief([ssh])[0];
    // Default window (14 days): the reminder, and the KMS finding stays suppressed.
    assert.deepEqual(brief(client.latest(uri)!.diagnostics), [reminder, sshBrief]);
    assert.deepEqual(await ledgerStatus(), ['expiring-soon']);

    let next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, suppressions: { expiryWarningDays: 4 } });
    assert.deepEqual(brief((await next).diagnostics), [sshBrief]);
    assert.deepEqual(await ledgerStatus(), ['active']);

    // Dotted keys (flat configs of other editors) work too.
    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, 'suppressions.expiryWarningDays': 5 });
    assert.deepEqual(brief((await next).diagnostics), [reminder, sshBrief]);
    assert.deepEqual(await ledgerStatus(), ['expiring-soon']);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0, suppressions: { expiryWarningDays: 0 } });
    assert.deepEqual(brief((await next).diagnostics), [sshBrief]);

    next = client.nextDiagnostics(uri);
    await client.configure({ debounceMs: 0 });
    assert.deepEqual(brief((await next).diagnostics), [reminder, sshBrief]);
  });
});
