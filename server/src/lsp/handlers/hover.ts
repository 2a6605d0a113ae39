/** textDocument/hover: on a finding (with who introduced it, when trusted), or on a suppression comment. */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { directiveHover, findingHover, todayUtc } from '../hover-content';
import { toLspRange } from '../diagnostics';
import type { Session } from '../session';
import type { Accountability } from '../accountability';
import type { SourceRange } from '../../engine/core/range';

function contains(range: SourceRange, line: number, character: number): boolean {
  const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.column);
  const beforeEnd = line < range.end.line || (line === range.end.line && character <= range.end.column);
  return afterStart && beforeEnd;
}

export function registerHoverHandler(session: Session, accountability?: Accountability): void {
  session.connection.onHover(async ({ textDocument, position }): Promise<Hover | null> => {
    const record = await session.currentRecord(textDocument.uri);
    if (!record) return null;
    const { line, character } = position;
    const parts: string[] = [];
    let range: SourceRange | undefined;

    for (const directive of record.evaluation.directives) {
      if (directive.file !== record.path || !contains(directive.range, line, character)) continue;
      const suppressed = record.evaluation.findings.filter(
        (f) => f.suppressed !== null && f.suppressed.file === directive.file && f.suppressed.range.start.offset === directive.range.start.offset,
      );
      const text = directiveHover({ directive, suppressed, policyById: (id) => record.folder.policyById.get(id), today: todayUtc() });
      const added = (await accountability?.directiveHoverLines(record, directive).catch(() => [])) ?? [];
      parts.push(added.length ? `${text}\n\n${added.join('\n\n')}` : text);
      range ??= directive.range;
    }
    for (const finding of record.visible) {
      if (!contains(finding.range, line, character)) continue;
      // Ownership runs git lazily, here on hover, never while typing (cached per file and content).
      const owner = (await accountability?.hoverLines(record, finding).catch(() => [])) ?? [];
      parts.push(findingHover(finding, record.folder.policyById.get(finding.policyId), owner));
      range ??= finding.range;
    }
    if (!parts.length) return null;
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: range && toLspRange(range) };
  });
}
