/**
 * The IaC Audit language server: `iac-audit-ls --stdio` (or `--node-ipc`, as VS Code starts it).
 * A short bootstrap: the engine does the auditing, session.ts binds it to documents and versions,
 * and one handler module per LSP method binds that to the connection.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { builtinPolicies } from '../../../policies/index';
import { NodeFileHost } from '../node/file-host';
import { Indexer } from './indexer';
import { Session } from './session';
import { registerLifecycleHandlers } from './handlers/initialize';
import { registerDocumentHandlers } from './handlers/documents';
import { registerWatchedFileHandlers } from './handlers/watched-files';
import { registerCodeActionHandler } from './handlers/code-action';
import { registerHoverHandler } from './handlers/hover';
import { registerCodeLensHandler } from './handlers/code-lens';
import { registerExecuteCommandHandler } from './handlers/execute-command';
import { Accountability } from './accountability';

declare const IAC_AUDIT_VERSION: string | undefined;
const VERSION = typeof IAC_AUDIT_VERSION === 'string' ? IAC_AUDIT_VERSION : '0.0.0-dev';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const session = new Session(connection, new NodeFileHost('/'), () => builtinPolicies);
  const indexer = new Indexer(session);
  const accountability = new Accountability(session);

  // Document events that arrive before the settings are read wait for them, in order.
  let ready = false;
  const waiting: (() => void)[] = [];
  const whenReady = (fn: () => void) => (ready ? fn() : waiting.push(fn));
  const markReady = () => {
    ready = true;
    for (const fn of waiting.splice(0)) fn();
  };

  registerLifecycleHandlers(session, indexer, VERSION, markReady);
  registerDocumentHandlers(session, whenReady);
  registerWatchedFileHandlers(session);
  registerCodeActionHandler(session, accountability);
  registerHoverHandler(session, accountability);
  registerCodeLensHandler(session);
  registerExecuteCommandHandler(session, indexer, accountability);

  connection.onShutdown(() => session.dispose());
  session.documents.listen(connection);
  connection.listen();
}

// A bug must not silently kill the server mid-session: log it and keep serving.
process.on('uncaughtException', (error) => console.error('iac-audit-ls: uncaught exception', error));
process.on('unhandledRejection', (error) => console.error('iac-audit-ls: unhandled rejection', error));

if (require.main === module) startServer();
