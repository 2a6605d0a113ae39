/**
 * The editor side of accountability: the "Findings by owner" and "Suppression Ledger" views, the
 * optional end-of-line owner decorations, and "IaC Audit: Verify Audit Log". Every answer comes
 * from the server (which runs git only in a trusted workspace, and only when asked).
 */
import * as vscode from 'vscode';
import type { StatusBar } from './status-bar';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  SERVER_COMMANDS,
  type AuditLogVerification,
  type LedgerItem,
  type LineOwner,
  type LspRange,
  type OwnedFinding,
  type OwnerGroup,
} from '../../server/src/lsp/protocol';

type Run = <T>(command: string, args?: unknown[]) => Promise<T>;

function runner(client: LanguageClient): Run {
  return <T>(command: string, args: unknown[] = []) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
}

function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function openAt(uri: string, range: LspRange): vscode.Command {
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection: toRange(range) } satisfies vscode.TextDocumentShowOptions] };
}

// ------------------------------------------------------------------ Findings by owner

type OwnerNode =
  | { kind: 'owner'; group: OwnerGroup }
  | { kind: 'file'; group: OwnerGroup; file: OwnerGroup['files'][number] }
  | { kind: 'finding'; file: OwnerGroup['files'][number]; finding: OwnedFinding };

export class FindingsByOwnerProvider implements vscode.TreeDataProvider<OwnerNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly run: Run) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: OwnerNode): Promise<OwnerNode[]> {
    if (!node) {
      const groups = await this.run<OwnerGroup[]>(SERVER_COMMANDS.findingsByOwner).catch(() => []);
      return groups.map((group) => ({ kind: 'owner', group }));
    }
    if (node.kind === 'owner') return node.group.files.map((file) => ({ kind: 'file', group: node.group, file }));
    if (node.kind === 'file') return node.file.findings.map((finding) => ({ kind: 'finding', file: node.file, finding }));
    return [];
  }

  getTreeItem(node: OwnerNode): vscode.TreeItem {
    if (node.kind === 'owner') {
      const count = node.group.files.reduce((n, f) => n + f.findings.length, 0);
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${count} finding${count === 1 ? '' : 's'}`;
      const owner = node.group.owner;
      item.iconPath = new vscode.ThemeIcon(!owner ? 'question' : owner.uncommitted ? 'git-pull-request-draft' : 'person');
      if (owner?.codeowners.length) item.tooltip = `Code owners: ${owner.codeowners.join(', ')}`;
      item.contextValue = 'owner';
      return item;
    }
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(vscode.Uri.parse(node.file.uri), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.file.findings.length}`;
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(`${f.policyId}: ${f.message}`, vscode.TreeItemCollapsibleState.None);
    item.description = `line ${f.range.start.line + 1} · ${f.severity}`;
    item.tooltip = `${f.message}\n${f.resource}`;
    item.iconPath = new vscode.ThemeIcon(f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'info');
    item.command = openAt(node.file.uri, f.range);
    return item;
  }
}

// ------------------------------------------------------------------ Suppression ledger

const STATUS_ICONS: Record<LedgerItem['status'], string> = {
  active: 'pass',
  'expiring-soon': 'watch',
  stale: 'circle-slash',
  expired: 'error',
  invalid: 'error',
};

export function ledgerDescription(item: LedgerItem): string {
  const parts: string[] = [item.status === 'expiring-soon' ? 'expiring soon' : item.status];
  if (item.expires) parts.push(item.daysUntilExpiry !== null && item.daysUntilExpiry >= 0 ? `until ${item.expires} (${item.daysUntilExpiry} d)` : `expired ${item.expires}`);
  if (item.addedBy) parts.push(item.uncommitted ? `${item.addedBy.name}, uncommitted` : `${item.addedBy.name}${item.addedAt ? `, ${item.addedAt.slice(0, 10)}` : ''}`);
  return parts.join(' · ');
}

export class SuppressionLedgerProvider implements vscode.TreeDataProvider<LedgerItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly run: Run) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: LedgerItem): Promise<LedgerItem[]> {
    if (node) return [];
    return this.run<LedgerItem[]>(SERVER_COMMANDS.suppressionLedger).catch(() => []);
  }

  getTreeItem(item: LedgerItem): vscode.TreeItem {
    const what = item.policies.length ? item.policies.join(', ') : 'all policies';
    const tree = new vscode.TreeItem(`${what}${item.resource ? ` on ${item.resource}` : ''}`, vscode.TreeItemCollapsibleState.None);
    tree.description = ledgerDescription(item);
    tree.iconPath = new vscode.ThemeIcon(STATUS_ICONS[item.status]);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${vscode.workspace.asRelativePath(vscode.Uri.parse(item.uri))}:${item.range.start.line + 1}\n\n`);
    tooltip.appendText(`Reason: ${item.reason ?? 'none given'}\n\nExpires: ${item.expires ?? 'never'}\n\n`);
    tooltip.appendText(`Suppresses: ${item.suppressedCount ? `${item.suppressedCount} finding(s)` : 'nothing (stale)'}\n\n`);
    tooltip.appendText(`Added by: ${item.addedBy ? `${item.addedBy.name} <${item.addedBy.email}>${item.commit ? ` in ${item.commit.slice(0, 7)}` : ''}${item.addedAt ? ` on ${item.addedAt}` : ''}` : 'unknown'}`);
    tree.tooltip = tooltip;
    tree.command = openAt(item.uri, item.range);
    return tree;
  }
}

// ------------------------------------------------------------------ end-of-line decorations

export class OwnerDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 3em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly run: Run) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('iacAudit.ownership') && this.schedule()),
    );
    this.schedule();
  }

  private enabled(document: vscode.TextDocument): boolean {
    const config = vscode.workspace.getConfiguration('iacAudit', document.uri);
    return config.get<boolean>('ownership.decorations', false) && config.get<boolean>('ownership.enabled', true) && vscode.workspace.isTrusted;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    // Diagnostics change on every keystroke: decorate once typing pauses.
    this.timer = setTimeout(() => void this.update(), 500);
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    if (!this.enabled(editor.document)) {
      editor.setDecorations(this.type, []);
      return;
    }
    const owners = await this.run<LineOwner[]>(SERVER_COMMANDS.documentOwners, [editor.document.uri.toString()]).catch(() => []);
    if (vscode.window.activeTextEditor !== editor) return;
    editor.setDecorations(
      this.type,
      owners
        .filter((o) => o.line < editor.document.lineCount)
        .map((o) => {
          const end = editor.document.lineAt(o.line).range.end;
          return { range: new vscode.Range(end, end), hoverMessage: o.hover, renderOptions: { after: { contentText: o.text } } };
        }),
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.type.dispose();
  }
}

// ------------------------------------------------------------------ registration

export function registerAccountability(context: vscode.ExtensionContext, client: LanguageClient, status: StatusBar): void {
  const run = runner(client);
  const byOwner = new FindingsByOwnerProvider(run);
  const ledger = new SuppressionLedgerProvider(run);
  const ownerView = vscode.window.createTreeView('iacAudit.findingsByOwner', { treeDataProvider: byOwner, showCollapseAll: true });
  const ledgerView = vscode.window.createTreeView('iacAudit.suppressionLedger', { treeDataProvider: ledger });
  const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('iacAudit.refreshFindingsByOwner', () => byOwner.refresh());
  register('iacAudit.refreshSuppressionLedger', () => ledger.refresh());
  register('iacAudit.showFindingsByOwner', () => vscode.commands.executeCommand('iacAudit.findingsByOwner.focus'));
  register('iacAudit.showSuppressionLedger', () => vscode.commands.executeCommand('iacAudit.suppressionLedger.focus'));
  register('iacAudit.verifyAuditLog', async () => {
    const folder = vscode.workspace.workspaceFolders?.length
      ? vscode.workspace.workspaceFolders.length === 1
        ? vscode.workspace.workspaceFolders[0]
        : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Verify the audit log of which folder?' })
      : undefined;
    const result = await run<AuditLogVerification>(SERVER_COMMANDS.verifyAuditLog, folder ? [folder.uri.toString()] : []);
    await showVerification(result);
  });

  // Views follow the findings: refresh (debounced) when the server's counts change and a view is visible.
  let timer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    status.onDidUpdate(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (ownerView.visible) byOwner.refresh();
        if (ledgerView.visible) ledger.refresh();
      }, 1000);
    }),
    ownerView,
    ledgerView,
    new OwnerDecorations(run),
    { dispose: () => timer && clearTimeout(timer) },
  );
}

export async function showVerification(result: AuditLogVerification): Promise<void> {
  if (!result.exists) {
    void vscode.window.showInformationMessage(`IaC Audit: ${result.message}`);
    return;
  }
  const open = 'Open Log';
  const choice = result.ok
    ? await vscode.window.showInformationMessage(`IaC Audit: audit log ${result.message}`, open)
    : await vscode.window.showErrorMessage(`IaC Audit: the audit log is broken: ${result.message}`, open);
  if (choice !== open) return;
  const line = (result.brokenLine ?? result.incompleteLine ?? 1) - 1;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(result.file));
  const at = new vscode.Range(Math.min(line, document.lineCount - 1), 0, Math.min(line, document.lineCount - 1), 0);
  await vscode.window.showTextDocument(document, { selection: at });
}
