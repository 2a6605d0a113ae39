/**
 * textDocument/codeAction. Per finding under the cursor:
 *   "Fix: <what it does>"            (preferred when the fix is safe)
 *   "Suppress <ID> with a reason…"   (VS Code asks for the reason; other editors get a comment
 *                                     with an empty reason to fill in, which is itself reported)
 *   "Show documentation for <ID>"
 * and, for the file, "Fix all safe IaC Audit problems" / `source.fixAll.iacAudit`.
 */
import { CodeActionKind, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../../engine/core/policy';
import { findingDiagnostic } from '../diagnostics';
import { applyEdits, fixAllText, minimalEdit, safeFixesOf, workspaceEdit } from '../fixes';
import { CLIENT_COMMANDS, FIX_ALL_KIND, SERVER_COMMANDS, type FixRecordRequest, type SuppressionRequest } from '../protocol';
import type { FileRecord, Session } from '../session';
import { canSuppressWithComment, suppressionEdit } from '../suppress-edit';
import { sha256Text, type Accountability } from '../accountability';

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function registerCodeActionHandler(session: Session, accountability?: Accountability): void {
  session.connection.onCodeAction(async ({ textDocument, range, context }): Promise<CodeAction[]> => {
    const record = await session.currentRecord(textDocument.uri);
    const document = session.documents.get(textDocument.uri);
    if (!record || !document) return [];
    const actions: CodeAction[] = [];

    if (context.only && wants(context.only, FIX_ALL_KIND) && !context.only.includes(CodeActionKind.QuickFix)) {
      const action = await fixAllAction(session, record, FIX_ALL_KIND, accountability);
      return action ? [action] : [];
    }
    if (!wants(context.only, CodeActionKind.QuickFix)) return [];

    const overlaps = (f: Finding) =>
      (f.range.start.line < range.end.line || (f.range.start.line === range.end.line && f.range.start.column <= range.end.character)) &&
      (f.range.end.line > range.start.line || (f.range.end.line === range.start.line && f.range.end.column >= range.start.character));
    const findings = record.visible.filter(overlaps);
    const diagnosticContext = {
      settings: record.folder.settings,
      policyById: (id: string) => record.folder.policyById.get(id),
      isPolicyEnabled: record.folder.isPolicyEnabled,
      toUri: (p: string) => session.paths.toUri(p),
      documentVersion: record.version,
    };
    const versionOf = (uri: string) => session.documents.get(uri)?.version ?? null;
    const suppressible = canSuppressWithComment(record.path);
    const withReasonCommand = session.clientCommands.has(CLIENT_COMMANDS.suppressWithReason);
    const seenPolicies = new Set<string>();

    for (const finding of findings) {
      const diagnostic: Diagnostic = findingDiagnostic(finding, diagnosticContext);
      if (finding.fix) {
        actions.push({
          title: `Fix: ${finding.fix.description}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: finding.fix.safe,
          edit: workspaceEdit(finding.fix.edits, (p) => session.paths.toUri(p), versionOf),
          // Applied by the client, so the server learns of it only through this follow-up command.
          ...(accountability?.logsFixes(record) ? { command: recordFixCommand(textDocument.uri, document.getText(), finding, record.path) } : {}),
        });
      }
      const key = `${finding.policyId}\u0000${finding.resource}`;
      if (suppressible && !seenPolicies.has(key)) {
        const request: SuppressionRequest = {
          uri: textDocument.uri,
          version: record.version,
          policyId: finding.policyId,
          resource: finding.resource,
          line: finding.range.start.line,
        };
        if (withReasonCommand) {
          actions.push({
            title: `Suppress ${finding.policyId} with a reason…`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: { title: `Suppress ${finding.policyId} with a reason…`, command: CLIENT_COMMANDS.suppressWithReason, arguments: [request] },
          });
        } else {
          const edit = suppressionEdit(record.path, document.getText(), session.resourceOf(record, finding), finding.range.start.line, finding.policyId, '');
          actions.push({
            title: `Suppress ${finding.policyId} (write the reason in the comment)`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: workspaceEdit([edit], (p) => session.paths.toUri(p), versionOf),
          });
        }
      }
      if (!seenPolicies.has(finding.policyId)) {
        actions.push({
          title: `Show documentation for ${finding.policyId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${finding.policyId}`, command: SERVER_COMMANDS.showDocumentation, arguments: [finding.policyId] },
        });
      }
      seenPolicies.add(key);
      seenPolicies.add(finding.policyId);
    }

    if (findings.some((f) => f.fix?.safe) && safeFixesOf(record.visible, record.path, record.folder).length > 1) {
      actions.push({
        title: 'Fix all safe IaC Audit problems in this file',
        kind: CodeActionKind.QuickFix,
        command: { title: 'Fix all safe IaC Audit problems in this file', command: SERVER_COMMANDS.fixAll, arguments: [textDocument.uri, record.version] },
      });
    }
    return actions;
  });
}

/** The audit-log follow-up of a quick fix: `fix.applied` with the file's hash before and after. */
function recordFixCommand(uri: string, text: string, finding: Finding, path: string): Command {
  const after = applyEdits(text, finding.fix!.edits.filter((e) => e.file === path));
  const request: FixRecordRequest = {
    uri,
    before: sha256Text(text),
    after: sha256Text(after),
    fixes: [{ policyId: finding.policyId, resource: finding.resource, description: finding.fix!.description }],
  };
  return { title: 'Record the fix in the audit log', command: SERVER_COMMANDS.recordFix, arguments: [request] };
}

/** The fix-all action with its edit computed now (used on save and from the source action menu). */
export async function fixAllAction(session: Session, record: FileRecord, kind: string, accountability?: Accountability): Promise<CodeAction | undefined> {
  const document = session.documents.get(record.uri);
  if (!document || !safeFixesOf(record.visible, record.path, record.folder).length) return undefined;
  const before = document.getText();
  const version = document.version;
  const after = await session.queue.run('high', () => fixAllText(record.folder, record.path, before));
  const edit = minimalEdit(before, after);
  if (!edit) return undefined;
  const fixed = record.visible.filter((f) => f.fix?.safe && f.fix.edits.every((e) => e.file === record.path));
  const request: FixRecordRequest = {
    uri: record.uri,
    before: sha256Text(before),
    after: sha256Text(after),
    fixes: fixed.map((f) => ({ policyId: f.policyId, resource: f.resource, description: f.fix!.description })),
  };
  return {
    title: 'Fix all safe IaC Audit problems',
    kind,
    edit: { documentChanges: [{ textDocument: { uri: record.uri, version }, edits: [edit] }] },
    ...(accountability?.logsFixes(record) ? { command: { title: 'Record the fixes in the audit log', command: SERVER_COMMANDS.recordFix, arguments: [request] } } : {}),
  };
}
