/**
 * Line starts and position objects for the HCL parser.
 *
 * Line breaks are counted exactly as `LineIndex` counts them (`\n`, `\r\n` and a lone `\r`), so every
 * range the parser produces equals what `LineIndex.range()` would give for the same offsets; the lexer
 * records the line of each token so positions are built in O(1) instead of by binary search.
 */
import type { Position, SourceRange } from '../../core/range';

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  if (text.indexOf('\r') < 0) {
    // The common case: native search for line feeds.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch > 13) continue;
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export class PositionFactory {
  constructor(readonly lineStarts: number[]) {}

  /** Position of `offset`, known to be on `line`. */
  at(offset: number, line: number): Position {
    return { line, column: offset - this.lineStarts[line], offset };
  }

  range(start: number, startLine: number, end: number, endLine: number): SourceRange {
    return { start: this.at(start, startLine), end: this.at(end, endLine) };
  }

  /** Line of `offset` when no token line is at hand (binary search). */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Line of `offset`, searching forward from `line` (offset is on or after that line). */
  lineFrom(offset: number, line: number): number {
    const starts = this.lineStarts;
    const last = starts.length - 1;
    while (line < last && starts[line + 1] <= offset) line++;
    return line;
  }

  pos(offset: number): Position {
    return this.at(offset, this.lineOf(offset));
  }

  rangeOf(start: number, end: number): SourceRange {
    const line = this.lineOf(start);
    return { start: this.at(start, line), end: this.at(end, this.lineFrom(end, line)) };
  }
}
