/**
 * A real LSP client for protocol tests: spawns the built server (dist/server.js --stdio), speaks
 * JSON-RPC over its pipes, answers the server's requests (configuration, applyEdit, showDocument),
 * and records every notification. Tests wait on notifications, never on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
// vscode-jsonrpc's Node reader/writer, re-exported by the protocol package so the versions match.
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShutdownRequest,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type FileEvent,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type ShowDocumentParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import type { InitializationOptions, StatusParams } from '../../../server/src/lsp/protocol';
import { STATUS_NOTIFICATION } from '../../../server/src/lsp/protocol';
import { REPO_ROOT } from './build-server';

export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist', 'server.js');

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
}

/** Records a stream of values and resolves waiters on the first match (past or future). */
class Recorder<T> {
  readonly all: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(value: T): void {
    this.all.push(value);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(value)) return true;
      w.resolve(value);
      return false;
    });
  }

  /** First value at index >= `from` that matches. */
  wait(match: (value: T) => boolean, from = 0): Promise<T> {
    for (let i = from; i < this.all.length; i++) if (match(this.all[i])) return Promise.resolve(this.all[i]);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

export interface StartOptions {
  /** Workspace folder (absolute path); none when omitted. */
  workspace?: string;
  /** `iacAudit.*` settings answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  initializationOptions?: InitializationOptions;
  capabilities?: ClientCapabilities;
  args?: string[];
  /** Node flags for the server process (e.g. `--cpu-prof` when profiling). */
  execArgv?: string[];
  /** The script to start instead of dist/server.js (e.g. the `iac-audit-ls` bin). */
  serverScript?: string;
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    codeLens: { refreshSupport: false },
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    synchronization: { didSave: true },
  },
  window: { showDocument: { support: true }, workDoneProgress: false },
};

export class TestClient {
  readonly diagnostics = new Recorder<PublishDiagnosticsParams>();
  readonly status = new Recorder<StatusParams>();
  readonly logs: string[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly registrations: string[] = [];
  settings: Record<string, unknown>;
  stderr = '';
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<{ client: TestClient; initializeResult: InitializeResult }> {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverScript ?? SERVER_BUNDLE, '--stdio', ...(options.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk) => (client.stderr += String(chunk)));
    child.on('exit', () => (client.exited = true));

    connection.onNotification(PublishDiagnosticsNotification.type, (params) => client.diagnostics.push(params));
    connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => client.status.push(params));
    connection.onNotification('window/logMessage', (params: { message: string }) => client.logs.push(params.message));
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'iacAudit' ? client.settings : null)));
    connection.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) client.registrations.push(r.method);
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      client.appliedEdits.push(params);
      return { applied: true };
    });
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      client.shownDocuments.push(params);
      return { success: true };
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();

    const workspaceUri = options.workspace ? pathToFileURL(options.workspace).href : null;
    const initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: workspaceUri,
      workspaceFolders: workspaceUri ? [{ uri: workspaceUri, name: path.basename(options.workspace!) }] : null,
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? { indexWorkspace: false },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, initializeResult };
  }

  open(uri: string, text: string, languageId = 'plaintext', version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  filesChanged(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Changes the answered settings and tells the server, as VS Code does. */
  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { iacAudit: settings } });
  }

  /** The first publish for `uri` with `version` (already received or still to come). */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics.wait((p) => p.uri === uri && p.version === version);
  }

  /** The next publish for `uri` from now on that satisfies `match`. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.diagnostics.wait((p) => p.uri === uri && match(p), this.diagnostics.all.length);
  }

  /** The latest publish for a uri so far. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.diagnostics.all].reverse().find((p) => p.uri === uri);
  }

  async stop(): Promise<void> {
    if (this.exited) {
      this.connection.dispose();
      return;
    }
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }

  get hasExited(): boolean {
    return this.exited;
  }
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}
