/**
 * The extension inside desktop VS Code (VS Code API level): diagnostics appear for the fixture,
 * a quick fix applies, "Fix All in File" works, hovers show the policy. Waits on events
 * (languages.onDidChangeDiagnostics), never on time.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iac-audit.iac-audit';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Resolves with the diagnostics of `uri` as soon as they satisfy `ready` (now or later). */
function diagnosticsWhen(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri).filter((d) => d.source?.startsWith('iac-audit'));
      if (!ready(current)) return false;
      subscription.dispose();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('IaC Audit in desktop VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
  });

  it('shows findings for an insecure main.tf (a .tf without a Terraform extension)', async () => {
    const uri = fixtureUri('main.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'IAC-AWS-EC2-001'));
    const ssh = diagnostics.find((x) => codeOf(x) === 'IAC-AWS-EC2-001')!;
    assert.equal(ssh.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(ssh.source, 'iac-audit');
    assert.deepEqual([ssh.range.start.line, ssh.range.start.character, ssh.range.end.line, ssh.range.end.character], [11, 19, 11, 30]);
    assert.deepEqual(diagnostics.map(codeOf).sort(), ['IAC-AWS-EC2-001', 'IAC-AWS-KMS-001']);
  });

  it('shows the policy in the hover of a finding', async () => {
    const uri = fixtureUri('main.tf');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(11, 22));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes('**IAC-AWS-EC2-001**: Security group allows SSH from the internet'), text);
    assert.ok(text.includes('Severity: **high**'), text);
    assert.ok(text.includes('**Compliance:**'), text);
  });

  it('applies the quick fix and the finding disappears without saving', async () => {
    const uri = fixtureUri('main.tf');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 3, 0, 3));
    const fix = actions.find((a) => a.title === 'Fix: enable automatic key rotation');
    assert.ok(fix?.edit, `quick fix offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(actions.some((a) => a.title === 'Suppress IAC-AWS-KMS-001 with a reason…'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(document.getText().includes('  description = "app key"\n  enable_key_rotation = true\n'));
    assert.ok(document.isDirty);
    await diagnosticsWhen(uri, (d) => !d.some((x) => codeOf(x) === 'IAC-AWS-KMS-001'));
  });

  it('fixes every safe finding of a Kubernetes file with "Fix All in File"', async () => {
    const uri = fixtureUri('deploy.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await diagnosticsWhen(uri, (d) => d.filter((x) => codeOf(x) === 'IAC-K8S-POD-003').length === 2);
    await vscode.commands.executeCommand('iacAudit.fixAll');
    const after = await diagnosticsWhen(uri, (d) => d.length > 0 && !d.some((x) => codeOf(x) === 'IAC-K8S-POD-003'));
    assert.ok(after.some((x) => codeOf(x) === 'IAC-K8S-POD-005'));
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.equal((text.match(/allowPrivilegeEscalation: false/g) ?? []).length, 2);
  });
});
