/** initialize / initialized: negotiate capabilities, read settings, register watchers, start indexing. */
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import { FIX_ALL_KIND, SERVER_COMMANDS, type InitializationOptions } from '../protocol';
import type { Session } from '../session';
import { SettingsLoader, registerConfigurationHandlers, registerForConfigurationChanges } from './configuration';
import { registerFileWatchers } from './watched-files';
import type { Indexer } from '../indexer';

export const SERVER_NAME = 'iac-audit-ls';

export function registerLifecycleHandlers(session: Session, indexer: Indexer, version: string, markReady: () => void): void {
  const { connection } = session;
  let loader: SettingsLoader;
  let indexWorkspace = true;

  connection.onInitialize((params): InitializeResult => {
    session.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.trusted === 'boolean') session.trusted = options.trusted;
    if (Array.isArray(options.clientCommands)) session.clientCommands = new Set(options.clientCommands.filter((c) => typeof c === 'string'));
    if (options.indexWorkspace === false) indexWorkspace = false;
    // Helix and others pass their `config` table as the initialization options: accept `iacAudit` there too.
    loader = new SettingsLoader(session, options.settings ?? (options as { iacAudit?: unknown }).iacAudit);

    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    session.folders.setFolders(folders.map((f) => ({ uri: f.uri, path: session.paths.toPath(f.uri), name: f.name })));

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(async () => {
    registerForConfigurationChanges(session);
    registerFileWatchers(session);
    const startIndex = () => {
      if (indexWorkspace) void indexer.run(false).catch((error) => session.logError('Indexing the workspace failed', error));
    };
    registerConfigurationHandlers(session, loader, startIndex);
    session.settingsLoading = session.queue.run('high', () => loader.load()).catch((error) => session.logError('Loading settings failed', error));
    await session.settingsLoading;
    connection.console.info(
      `${SERVER_NAME} ${version} ready: ${session.folders.fallback.policies.length} built-in policies, ` +
        `${session.folders.workspaceFolders.length} workspace folder(s), workspace ${session.trusted ? 'trusted' : 'restricted (no custom code policies, no external processes)'}.`,
    );
    markReady();
    startIndex();
  });
}
