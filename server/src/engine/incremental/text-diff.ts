/**
 * One file's change between two evaluations, as the single replaced stretch that the longest
 * common prefix and suffix leave (a keystroke, a paste, a fix), and the mapping of positions
 * outside that stretch from the old text to the new one.
 *
 * Lines are counted as everywhere else in the engine (`\n`, `\r\n` and a lone `\r`; see
 * core/range.ts LineIndex and parsers/hcl/positions.ts). A `\r` next to or inside the changed
 * stretch could join or split a `\r\n` pair, so such a change maps nothing (callers then
 * recompute everything), which keeps the line arithmetic simple and exact.
 */
import type { Position, SourceRange } from '../core/range';

export interface TextDiff {
  /** True when the texts are equal: every position maps to itself. */
  readonly identical: boolean;
  /**
   * True when [start, end) (old offsets) lies wholly outside the changed stretch, with at least
   * one unchanged character between them, so its text, and the line breaks around it, are the same.
   */
  isClean(start: number, end: number): boolean;
  /** An old offset of a clean region -> the new offset. */
  mapOffset(offset: number): number;
  /** A range of the old text -> the same text in the new one; undefined when it touches the change. */
  mapRange(range: SourceRange): SourceRange | undefined;
}

const IDENTICAL: TextDiff = {
  identical: true,
  isClean: () => true,
  mapOffset: (offset) => offset,
  mapRange: (range) => range,
};

/** Maps nothing: the change could not be described exactly. */
const OPAQUE: TextDiff = {
  identical: false,
  isClean: () => false,
  mapOffset: (offset) => offset,
  mapRange: () => undefined,
};

const BLOCK = 256;

export function textDiff(before: string, after: string): TextDiff {
  if (before === after) return IDENTICAL;
  const max = Math.min(before.length, after.length);
  // Block-wise first (string comparison is native), then character by character.
  let a = 0;
  while (a + BLOCK <= max && before.slice(a, a + BLOCK) === after.slice(a, a + BLOCK)) a += BLOCK;
  while (a < max && before.charCodeAt(a) === after.charCodeAt(a)) a++;
  let suffix = 0;
  while (suffix + BLOCK <= max - a && before.slice(before.length - suffix - BLOCK, before.length - suffix) === after.slice(after.length - suffix - BLOCK, after.length - suffix)) {
    suffix += BLOCK;
  }
  while (suffix < max - a && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Old [a, b) became new [a, b2).
  const b = before.length - suffix;
  const b2 = after.length - suffix;
  if (hasCarriageReturn(before, a - 1, b + 1) || hasCarriageReturn(after, a - 1, b2 + 1)) return OPAQUE;
  const delta = b2 - b;
  const lineDelta = countLineBreaks(after, a, b2) - countLineBreaks(before, a, b);
  // The rest of the line the old stretch ends on (up to its line break) moves to another column.
  const endOfLineB = nextLineBreak(before, b);
  const columnDelta = b2 - lineStartBefore(after, b2) - (b - lineStartBefore(before, b));
  const isClean = (start: number, end: number) => end < a || start > b;
  const mapPosition = (p: Position): Position =>
    p.offset < a
      ? p
      : { line: p.line + lineDelta, column: p.offset <= endOfLineB ? p.column + columnDelta : p.column, offset: p.offset + delta };
  return {
    identical: false,
    isClean,
    mapOffset: (offset) => (offset < a ? offset : offset + delta),
    mapRange: (range) => {
      if (!isClean(range.start.offset, range.end.offset)) return undefined;
      return range.start.offset < a ? range : { start: mapPosition(range.start), end: mapPosition(range.end) };
    },
  };
}

function hasCarriageReturn(text: string, from: number, to: number): boolean {
  return text.slice(Math.max(0, from), to).includes('\r');
}

/** Line breaks in [from, to); the text there and around it has no `\r` (checked by the caller). */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Start of the line `offset` is on. */
function lineStartBefore(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Offset of the first line break at or after `offset` (the text's length when there is none). */
function nextLineBreak(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  const cr = text.indexOf('\r', offset);
  if (lf < 0) return cr < 0 ? text.length : cr;
  return cr < 0 ? lf : Math.min(lf, cr);
}
