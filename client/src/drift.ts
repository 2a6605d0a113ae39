/**
 * The "Drift" view (explorer): Terraform state / plan vs code, grouped by kind, each entry opening
 * its code location. The server reads the state file named by `iacAudit.drift.stateFile` (no
 * terraform process); the view's message says when it is not configured or cannot be read.
 */
import * as vscode from 'vscode';
import type { StatusBar } from './status-bar';
import { ExecuteCommandRequest, State, type LanguageClient } from 'vscode-languageclient/node';
import { SERVER_COMMANDS, type DriftFolderReport, type DriftItem, type DriftKindName } from '../../server/src/lsp/protocol';

type Run = <T>(command: string, args?: unknown[]) => Promise<T>;

const KINDS: { kind: DriftKindName; label: string; icon: string }[] = [
  { kind: 'drifted', label: 'Changed outside Terraform', icon: 'warning' },
  { kind: 'changed', label: 'Code differs from state', icon: 'diff' },
  { kind: 'missing-in-code', label: 'Deployed, not in code', icon: 'cloud' },
  { kind: 'missing-in-state', label: 'In code, not deployed', icon: 'circle-outline' },
  { kind: 'planned', label: 'Planned changes', icon: 'clock' },
];

type DriftNode = { kind: 'group'; group: (typeof KINDS)[number]; items: DriftEntryNode[] } | DriftEntryNode;
interface DriftEntryNode {
  kind: 'entry';
  item: DriftItem;
  folder: string;
}

function value(v: unknown): string {
  const text = v === undefined || v === null ? 'null' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The one-line description of an entry next to its address. */
export function driftDescription(item: DriftItem): string {
  if (item.kind === 'changed') return `${item.attribute}: code ${value(item.codeValue)}, state ${value(item.stateValue)}`;
  if (item.kind === 'drifted') return item.attribute ? `${item.attribute}: ${value(item.previousValue)} → ${value(item.stateValue)}` : (item.actions ?? []).join(', ');
  if (item.kind === 'planned') return (item.actions ?? []).join(', ');
  return item.path ? '' : 'no code';
}

/** The view's message: what is off or broken, folder by folder ('' when every folder compared). */
export function driftMessage(reports: DriftFolderReport[], multiFolder: boolean): string {
  if (!reports.length) return 'Open a folder with Terraform code and set iacAudit.drift.stateFile.';
  const problems = reports.filter((r) => r.status !== 'ok').map((r) => (multiFolder ? `${r.folder}: ${r.message}` : r.message));
  if (problems.length) return problems.join(' ');
  return reports.every((r) => !r.entries.length) ? reports.map((r) => (multiFolder ? `${r.folder}: ${r.message}` : r.message)).join(' ') : '';
}

export class DriftProvider implements vscode.TreeDataProvider<DriftNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  view?: vscode.TreeView<DriftNode>;

  constructor(private readonly run: Run) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: DriftNode): Promise<DriftNode[]> {
    if (node) return node.kind === 'group' ? node.items : [];
    let reports: DriftFolderReport[];
    try {
      reports = await this.run<DriftFolderReport[]>(SERVER_COMMANDS.drift);
    } catch (error) {
      if (this.view) this.view.message = `Drift could not be computed: ${error instanceof Error ? error.message : String(error)}`;
      return [];
    }
    const multi = reports.length > 1;
    if (this.view) this.view.message = driftMessage(reports, multi);
    const entries = reports.flatMap((r) => r.entries.map((item): DriftEntryNode => ({ kind: 'entry', item, folder: multi ? r.folder : '' })));
    return KINDS.map((group) => ({ kind: 'group' as const, group, items: entries.filter((e) => e.item.kind === group.kind) })).filter((g) => g.items.length);
  }

  getTreeItem(node: DriftNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.items.length}`;
      item.iconPath = new vscode.ThemeIcon(node.group.icon);
      item.contextValue = 'driftKind';
      return item;
    }
    const d = node.item;
    const item = new vscode.TreeItem(d.address, vscode.TreeItemCollapsibleState.None);
    item.description = [driftDescription(d), node.folder].filter(Boolean).join(' · ');
    item.tooltip = `${d.message}${d.path ? `\n${vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri!))}:${d.range!.start.line + 1}` : ''}`;
    item.contextValue = `drift.${d.kind}`;
    if (d.uri && d.range) {
      const selection = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
      item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(d.uri), { selection } satisfies vscode.TextDocumentShowOptions] };
    }
    return item;
  }
}

export function registerDrift(context: vscode.ExtensionContext, client: LanguageClient, status: StatusBar): void {
  const run: Run = <T>(command: string, args: unknown[] = []) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  const provider = new DriftProvider(run);
  const view = vscode.window.createTreeView('iacAudit.drift', { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  const register = (id: string, fn: () => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('iacAudit.showDrift', async () => {
    await vscode.commands.executeCommand('iacAudit.drift.focus');
    provider.refresh();
  });
  register('iacAudit.refreshDrift', () => provider.refresh());

  // The code changed (the server's counts moved) or the setting did: recompute while the view is visible.
  let timer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    status.onDidUpdate(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => view.visible && provider.refresh(), 1000);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('iacAudit.drift') && provider.refresh()),
    // The view may be asked before the server runs (it is registered before the client starts).
    client.onDidChangeState((e) => e.newState === State.Running && provider.refresh()),
    view,
    { dispose: () => timer && clearTimeout(timer) },
  );
}
