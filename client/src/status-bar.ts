/**
 * The status bar item: findings in the workspace by severity, a spinner while indexing.
 * Click: the Problems view (VS Code has no API to pre-fill its filter; "iac-audit" in the filter box
 * narrows it to ours).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type SeverityCounts, type StatusParams } from '../../server/src/lsp/protocol';

const ORDER: (keyof SeverityCounts)[] = ['critical', 'high', 'medium', 'low', 'info'];

export function statusText(params: StatusParams): string {
  if (params.indexing) return `$(sync~spin) IaC Audit ${params.done}/${params.total}`;
  const parts = ORDER.filter((s) => params.counts[s] > 0).slice(0, 3).map((s) => `${params.counts[s]} ${s}`);
  return parts.length ? `$(shield) ${parts.join(' · ')}` : '$(shield) IaC Audit: no findings';
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('iacAudit.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<StatusParams>();
  /**
   * Fires on every `iacAudit/status` notification. Other parts of the client (views that follow the
   * findings) subscribe here: the language client keeps ONE handler per notification method, so a
   * second `client.onNotification(STATUS_NOTIFICATION, …)` would silently replace this one.
   */
  readonly onDidUpdate = this.updated.event;

  constructor(client: LanguageClient) {
    this.item.name = 'IaC Audit';
    this.item.command = 'workbench.panel.markers.view.focus';
    this.item.text = '$(sync~spin) IaC Audit';
    this.item.tooltip = 'IaC Audit: starting';
    this.item.show();
    // onNotification works before start(): the handler is installed when the connection opens.
    this.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => this.update(params)));
  }

  update(params: StatusParams): void {
    this.updated.fire(params);
    this.item.text = statusText(params);
    const lines = ORDER.map((s) => `${s}: ${params.counts[s]}`);
    this.item.tooltip = new vscode.MarkdownString(
      [
        params.indexing ? `Indexing ${params.done} of ${params.total} files…` : `Findings in ${params.files} file${params.files === 1 ? '' : 's'}`,
        '',
        ...lines.map((l) => `- ${l}`),
        '',
        'Click to open the Problems view.',
      ].join('\n'),
    );
    const worst = ORDER.find((s) => params.counts[s] > 0);
    this.item.backgroundColor =
      !params.indexing && (worst === 'critical' || worst === 'high') ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.updated.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
