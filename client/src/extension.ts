/**
 * The IaC Audit VS Code extension: starts the language server (dist/server.js) over IPC and adds
 * what only an editor can: commands, the suppression prompt, the status bar. All auditing happens
 * in the server, so every other LSP editor gets the same findings.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, TRUST_NOTIFICATION, type InitializationOptions } from '../../server/src/lsp/protocol';
import { registerAccountability } from './accountability';
import { registerDrift } from './drift';
import { registerCommands } from './commands';
import { CrashHandler } from './crash-handler';
import { StatusBar } from './status-bar';

let client: LanguageClient | undefined;

/** Selected by file pattern as well as language id: without a Terraform extension a .tf is plain text. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/*.{tf,tfvars,tf.json,tfvars.json}' },
  { scheme: 'file', pattern: '**/*.{yaml,yml,template}' },
  { language: 'terraform' },
  { language: 'terraform-vars' },
  { language: 'yaml' },
  { language: 'json' },
];

export async function activate(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const activationStarted = Date.now();
  const output = vscode.window.createOutputChannel('IaC Audit');
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    clientCommands: Object.values(CLIENT_COMMANDS),
  };
  const crashes = new CrashHandler(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions,
    outputChannel: output,
    errorHandler: crashes,
  };
  client = new LanguageClient('iacAudit', 'IaC Audit', serverOptions, clientOptions);
  const status = new StatusBar(client);
  context.subscriptions.push(output, status, client);
  registerCommands(context, client, output, crashes);
  registerAccountability(context, client, status);
  registerDrift(context, client, status);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
  );
  await client.start();
  // Reported so activation cost stays visible (the e2e suite prints it).
  output.appendLine(`IaC Audit activated in ${Date.now() - activationStarted} ms (language server started and initialized).`);
  return client;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
