/**
 * Restarts the server when it crashes; says so after repeated crashes, and gives up (with a way
 * back: "Restart Server") after MAX_CRASHES within WINDOW_MS, so a crash loop cannot eat a CPU.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

const MAX_CRASHES = 5;
const WINDOW_MS = 3 * 60 * 1000;

export class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly output: vscode.OutputChannel) {}

  error(): ErrorHandlerResult {
    // A broken message is logged by the client; the connection itself is usually fine.
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < WINDOW_MS), now];
    const n = this.crashes.length;
    this.output.appendLine(`[client] the IaC Audit server stopped unexpectedly (${n} time${n === 1 ? '' : 's'} in the last 3 minutes).`);
    if (n >= MAX_CRASHES) {
      return {
        action: CloseAction.DoNotRestart,
        message: `The IaC Audit server crashed ${n} times in 3 minutes and was not restarted. See "IaC Audit: Show Output"; "IaC Audit: Restart Server" starts it again.`,
      };
    }
    if (n >= 2) {
      void vscode.window
        .showWarningMessage(`The IaC Audit server crashed ${n} times in 3 minutes; it was restarted.`, 'Show Output')
        .then((choice) => choice && this.output.show());
    }
    return { action: CloseAction.Restart, handled: true };
  }

  /** A manual restart starts the count again. */
  reset(): void {
    this.crashes = [];
  }
}
