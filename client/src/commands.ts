/**
 * The commands of the "IaC Audit" category and the two the server's actions call into:
 * the suppression prompt (reason + optional expiry) and peeking at a resource's findings.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { CrashHandler } from './crash-handler';
import { CLIENT_COMMANDS, SERVER_COMMANDS, type LspRange, type ScanSummary, type SuppressionRequest } from '../../server/src/lsp/protocol';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, crashes: CrashHandler): void {
  const run = <T>(command: string, args: unknown[] = []) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('iacAudit.showOutput', () => output.show(true));

  register('iacAudit.restartServer', async () => {
    crashes.reset();
    await client.restart();
    void vscode.window.setStatusBarMessage('IaC Audit: server restarted', 3000);
  });

  register('iacAudit.scanWorkspace', () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'IaC Audit: scanning the workspace' }, async () => {
      const summary = await run<ScanSummary>(SERVER_COMMANDS.scanWorkspace);
      const c = summary.counts;
      void vscode.window.showInformationMessage(
        `IaC Audit: ${summary.files} IaC file${summary.files === 1 ? '' : 's'}, ${summary.findings} finding${summary.findings === 1 ? '' : 's'}` +
          ` (${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.info} info).`,
      );
    }),
  );

  register('iacAudit.fixAll', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    await run(SERVER_COMMANDS.fixAll, [editor.document.uri.toString(), editor.document.version]);
  });

  register(CLIENT_COMMANDS.suppressWithReason, async (request: SuppressionRequest) => {
    const reason = await vscode.window.showInputBox({
      title: `Suppress ${request.policyId} on ${request.resource}`,
      prompt: 'Why is this finding acceptable? (kept in the comment; who and when come from git)',
      placeHolder: 'e.g. logs bucket, encrypted by the organisation SCP',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A suppression needs a reason.'),
    });
    if (reason === undefined) return;
    const expires = await vscode.window.showInputBox({
      title: `Suppress ${request.policyId}: expiry (optional)`,
      prompt: 'Date after which the suppression stops applying, YYYY-MM-DD; leave empty for none',
      placeHolder: 'YYYY-MM-DD',
      ignoreFocusOut: true,
      validateInput: validateExpiry,
    });
    if (expires === undefined) return;
    await run(SERVER_COMMANDS.applySuppression, [{ ...request, reason: reason.trim(), expires: expires.trim() || undefined }]);
  });

  register(CLIENT_COMMANDS.showFindings, async (uri: string, position: { line: number; character: number }, locations: { uri: string; range: LspRange }[]) => {
    const converter = client.protocol2CodeConverter;
    await vscode.commands.executeCommand(
      'editor.action.showReferences',
      vscode.Uri.parse(uri),
      converter.asPosition(position),
      locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), converter.asRange(l.range))),
    );
  });
}

export function validateExpiry(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return 'Use YYYY-MM-DD, e.g. 2027-03-31.';
  if (v < new Date().toISOString().slice(0, 10)) return 'That date has passed: the suppression would not apply.';
  return undefined;
}
