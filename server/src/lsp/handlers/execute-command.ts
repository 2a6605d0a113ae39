/**
 * workspace/executeCommand: the server side of the commands (see protocol.ts SERVER_COMMANDS).
 * Edits go to the client with workspace/applyEdit, pinned to the document version.
 */
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../../engine/core/policy';
import { toLspRange } from '../diagnostics';
import type { Indexer } from '../indexer';
import { SERVER_COMMANDS, type ScanSummary, type SuppressionRequest } from '../protocol';
import type { Session } from '../session';
import { canSuppressWithComment, suppressionEdit } from '../suppress-edit';
import { workspaceEdit } from '../fixes';
import { fixAllAction } from './code-action';
import { sha256Text, type Accountability } from '../accountability';
import { applyTextEdits } from '../text-edits';
import { driftReports } from '../drift';
import type { FixRecordRequest } from '../protocol';

export function registerExecuteCommandHandler(session: Session, indexer: Indexer, accountability?: Accountability): void {
  const { connection } = session;
  connection.onExecuteCommand(async ({ command, arguments: args = [] }) => {
    switch (command) {
      case SERVER_COMMANDS.fixAll:
        return fixAll(session, String(args[0]), typeof args[1] === 'number' ? args[1] : undefined, accountability);
      case SERVER_COMMANDS.scanWorkspace:
        return scan(session, indexer);
      case SERVER_COMMANDS.applySuppression:
        return applySuppression(session, args[0] as SuppressionRequest, accountability);
      case SERVER_COMMANDS.showDocumentation:
        return showDocumentation(session, String(args[0]));
      case SERVER_COMMANDS.showFindings:
        return showFindings(session, String(args[0]), String(args[1]));
      case SERVER_COMMANDS.recordFix:
        return accountability?.recordFix(args[0] as FixRecordRequest) ?? { recorded: false };
      case SERVER_COMMANDS.findingsByOwner:
        return accountability?.findingsByOwner() ?? [];
      case SERVER_COMMANDS.suppressionLedger:
        return accountability?.suppressionLedger() ?? [];
      case SERVER_COMMANDS.verifyAuditLog:
        return accountability?.verify(typeof args[0] === 'string' ? args[0] : undefined);
      case SERVER_COMMANDS.documentOwners:
        return accountability?.documentOwners(String(args[0])) ?? [];
      case SERVER_COMMANDS.drift:
        return driftReports(session);
      default:
        connection.console.warn(`Unknown command ${command}`);
        return undefined;
    }
  });
}

async function fixAll(session: Session, uri: string, version: number | undefined, accountability?: Accountability): Promise<{ applied: boolean }> {
  const document = session.documents.get(uri);
  if (!document || (version !== undefined && document.version !== version)) return { applied: false };
  const record = await session.currentRecord(uri);
  if (!record) return { applied: false };
  const action = await fixAllAction(session, record, 'source.fixAll.iacAudit');
  if (!action?.edit) {
    void session.connection.window.showInformationMessage('IaC Audit: no safe fixes to apply in this file.');
    return { applied: false };
  }
  const before = document.getText();
  const result = await session.connection.workspace.applyEdit({ label: 'IaC Audit: Fix all', edit: action.edit });
  if (result.applied && accountability?.logsFixes(record)) {
    const edits = action.edit.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? [];
    const fixes = record.visible.filter((f) => f.fix?.safe && f.fix.edits.every((e) => e.file === record.path));
    const request: FixRecordRequest = {
      uri,
      before: sha256Text(before),
      after: sha256Text(applyTextEdits(before, edits)),
      fixes: fixes.map((f) => ({ policyId: f.policyId, resource: f.resource, description: f.fix!.description })),
    };
    await accountability.recordFix(request);
  }
  return { applied: result.applied };
}

async function scan(session: Session, indexer: Indexer): Promise<ScanSummary> {
  return indexer.run(true);
}

async function applySuppression(session: Session, request: SuppressionRequest, accountability?: Accountability): Promise<{ applied: boolean }> {
  if (!request || typeof request.uri !== 'string' || typeof request.policyId !== 'string') return { applied: false };
  const document = session.documents.get(request.uri);
  const record = await session.currentRecord(request.uri);
  if (!document || !record || !canSuppressWithComment(record.path)) return { applied: false };
  // The document may have moved on while the user typed the reason: place the comment by the
  // resource as it is now, falling back to the line the finding was on.
  const finding = record.evaluation.findings.find((f) => f.policyId === request.policyId && f.resource === request.resource);
  const resource = finding
    ? session.resourceOf(record, finding)
    : record.evaluation.resources.find((r) => r.address === request.resource && r.file === record.path);
  const edit = suppressionEdit(record.path, document.getText(), resource, request.line, request.policyId, request.reason ?? '', request.expires);
  const result = await session.connection.workspace.applyEdit({
    label: `Suppress ${request.policyId}`,
    edit: workspaceEdit([edit], (p) => session.paths.toUri(p), (uri) => session.documents.get(uri)?.version ?? null),
  });
  if (result.applied) {
    await accountability?.recordSuppression(record.path, {
      line: edit.range.start.line + 1,
      resource: request.resource || null,
      policyId: request.policyId,
      reason: (request.reason ?? '').trim(),
      expires: request.expires ?? null,
    });
  }
  return { applied: result.applied };
}

async function showDocumentation(session: Session, policyId: string): Promise<{ uri: string }> {
  const readme = session.customReadmes.get(policyId);
  let uri: string;
  let external: boolean;
  if (readme) {
    uri = pathToFileURL(readme).href;
    external = false;
  } else {
    const policy = session.folders.all.map((f) => f.policyById.get(policyId)).find(Boolean);
    uri = docsUrl(policy ?? { id: policyId });
    external = true;
  }
  if (session.capabilities.window?.showDocument?.support) {
    await session.connection.window.showDocument({ uri, external, takeFocus: true });
  } else {
    void session.connection.window.showInformationMessage(`Documentation for ${policyId}: ${uri}`);
  }
  return { uri };
}

async function showFindings(session: Session, uri: string, resource: string): Promise<void> {
  const record = await session.currentRecord(uri);
  const first = record?.visible.find((f) => f.resource === resource);
  if (!first || !session.capabilities.window?.showDocument?.support) return;
  await session.connection.window.showDocument({ uri, selection: toLspRange(first.range), takeFocus: true });
}
