/** Temporary workspaces for protocol tests, and applying LSP edits the way an editor does. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export function tempWorkspace(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-lsp-')));
  for (const [name, text] of Object.entries(files)) writeFile(dir, name, text);
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export function removeWorkspace(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The server's own helper: tests apply LSP edits exactly as the server does. */
export { applyTextEdits } from '../../../server/src/lsp/text-edits';

/** The edits a workspace edit makes to one document (documentChanges or changes). */
export function editsFor(edit: WorkspaceEdit, uri: string): { version: number | null | undefined; edits: TextEdit[] } {
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
  }
  return { version: undefined, edits: edit.changes?.[uri] ?? [] };
}
