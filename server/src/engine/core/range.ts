/**
 * Source positions shared by every parser, the model, policies and reports.
 *
 * Internally everything is 0-based (like LSP): `line` and `column` count from 0 and
 * `column`/`offset` are in UTF-16 code units (JavaScript string indices), so a range can be
 * handed to an editor unchanged. Reports that promise 1-based positions convert at the edge.
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** Maps string offsets to line/column in O(log lines). Built once per file text. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) starts.push(i + 1);
      else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: clamped - this.lineStarts[lo], offset: clamped };
  }

  range(startOffset: number, endOffset: number): SourceRange {
    return { start: this.position(startOffset), end: this.position(endOffset) };
  }

  /** Offset of the first character of a 0-based line (the text length past the last line). */
  lineStart(line: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    return this.lineStarts[line];
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    while (end > this.lineStart(line) && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  offsetAt(line: number, column: number): number {
    return Math.min(this.lineStart(line) + column, this.lineEnd(line));
  }
}

export function rangeContains(outer: SourceRange, inner: SourceRange): boolean {
  return outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}

export function rangeText(text: string, range: SourceRange): string {
  return text.slice(range.start.offset, range.end.offset);
}

/** An empty range at one position, e.g. where a fix inserts text. */
export function pointRange(position: Position): SourceRange {
  return { start: position, end: position };
}
