/**
 * Engine fixes -> LSP workspace edits, and "fix all" for a file.
 *
 * Fix all runs in passes: apply every safe fix whose edits do not overlap, evaluate the result,
 * repeat (a later fix may need the text an earlier one wrote), at most MAX_PASSES times. The
 * client then gets one minimal edit from the original text to the final one, so applying it
 * yields exactly what the passes produced.
 */
import type { TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { applyEdits } from '../engine/core/edits';
import { LineIndex } from '../engine/core/range';

export { applyEdits };
import type { Finding, Fix, TextEdit } from '../engine/core/policy';
import type { FolderContext } from './folders';
import { isVisible, toLspRange } from './diagnostics';

const MAX_PASSES = 5;

/** The fixes of `fixes` that can be applied together: no edit overlaps an edit of another fix. */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const chosen: Fix[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) => {
    const [as, ae, bs, be] = [a.range.start.offset, a.range.end.offset, b.range.start.offset, b.range.end.offset];
    if (as === ae && bs === be) return false; // two insertions at one point apply in order
    if (as === ae) return bs < as && as < be;
    if (bs === be) return as < bs && bs < ae;
    return as < be && bs < ae;
  };
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

/** One edit that turns `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): LspTextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a CRLF pair or a surrogate pair (both ends move within the common parts).
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  while (endBefore < before.length && (isLowSurrogate(before.charCodeAt(endBefore)) || (before[endBefore] === '\n' && before[endBefore - 1] === '\r'))) {
    endBefore++;
    endAfter++;
  }
  const index = new LineIndex(before);
  return { range: toLspRange(index.range(start, endBefore)), newText: after.slice(start, endAfter) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The safe fixes of the visible findings of one file whose edits stay in that file. */
export function safeFixesOf(findings: readonly Finding[], path: string, folder: FolderContext): Fix[] {
  const fixes: Fix[] = [];
  for (const finding of findings) {
    if (finding.file !== path || !finding.fix?.safe || !isVisible(finding, folder.settings)) continue;
    if (finding.fix.edits.every((e) => e.file === path)) fixes.push(finding.fix);
  }
  return fixes;
}

/**
 * The text of `path` after every safe fix, computed through the folder's Project. Must run
 * inside the work queue: it temporarily replaces the file's buffer in the Project.
 */
export async function fixAllText(folder: FolderContext, path: string, text: string): Promise<string> {
  let current = text;
  try {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      folder.project.setDocument(path, current);
      const evaluation = await folder.project.evaluateFile(path);
      const fixes = compatibleFixes(safeFixesOf(evaluation.findings, path, folder));
      if (!fixes.length) break;
      const next = applyEdits(current, fixes.flatMap((f) => f.edits));
      if (next === current) break;
      current = next;
    }
  } finally {
    folder.project.setDocument(path, text);
  }
  return current;
}

/** A workspace edit for engine edits, pinned to the versions of open documents. */
export function workspaceEdit(edits: readonly TextEdit[], toUri: (path: string) => string, versionOf: (uri: string) => number | null): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const edit of edits) {
    const uri = toUri(edit.file);
    const list = byUri.get(uri) ?? [];
    list.push({ range: toLspRange(edit.range), newText: edit.newText });
    byUri.set(uri, list);
  }
  const documentChanges: TextDocumentEdit[] = [...byUri].map(([uri, list]) => ({
    textDocument: { uri, version: versionOf(uri) },
    edits: list,
  }));
  return { documentChanges };
}
