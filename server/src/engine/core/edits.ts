/**
 * Applying engine text edits (offset ranges) to a text: used by the server's Fix All, the fix
 * builders' tests and the corpus fix round-trip script, so all apply edits the same way.
 */
import type { TextEdit } from './policy';

/**
 * Applies non-overlapping edits. Edits are taken in offset order; insertions at the same offset
 * keep the order they are given in (as an editor applies a workspace edit).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    out += text.slice(cursor, edit.range.start.offset) + edit.newText;
    cursor = Math.max(cursor, edit.range.end.offset);
  }
  return out + text.slice(cursor);
}
