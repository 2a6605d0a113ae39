/**
 * textDocument/codeLens: above each resource with findings, "2 high, 1 medium — show".
 * VS Code peeks the findings (client command); other editors jump to the first one.
 */
import type { CodeLens } from 'vscode-languageserver';
import { SEVERITIES, type Finding } from '../../engine/core/policy';
import { toLspRange } from '../diagnostics';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../protocol';
import type { Session } from '../session';

export function lensTitle(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n) parts.push(`${n} ${severity}`);
  }
  return `${parts.join(', ')} — show`;
}

export function registerCodeLensHandler(session: Session): void {
  session.connection.onCodeLens(async ({ textDocument }): Promise<CodeLens[]> => {
    const record = await session.currentRecord(textDocument.uri);
    if (!record || !record.folder.settings.codeLens.enabled || !record.visible.length) return [];
    const byResource = new Map<string, Finding[]>();
    for (const finding of record.visible) {
      const list = byResource.get(finding.resource) ?? [];
      list.push(finding);
      byResource.set(finding.resource, list);
    }
    const lenses: CodeLens[] = [];
    const peek = session.clientCommands.has(CLIENT_COMMANDS.showFindings);
    for (const [address, findings] of byResource) {
      const resource = session.resourceOf(record, findings[0]);
      const anchor = resource && resource.file === record.path ? resource.headerRange : findings[0].range;
      const range = toLspRange({ start: anchor.start, end: anchor.start });
      const title = lensTitle(findings);
      lenses.push({
        range,
        command: peek
          ? {
              title,
              command: CLIENT_COMMANDS.showFindings,
              arguments: [textDocument.uri, range.start, findings.map((f) => ({ uri: textDocument.uri, range: toLspRange(f.range) }))],
            }
          : { title, command: SERVER_COMMANDS.showFindings, arguments: [textDocument.uri, address] },
      });
    }
    return lenses;
  });
}
