/** A source text and the offsets where its lines start; line/column are computed only on demand. */

export interface Span {
  /** Offset of the first UTF-16 code unit. */
  readonly start: number;
  /** Offset just past the last code unit (exclusive). */
  readonly end: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units. */
  readonly column: number;
  /** 0-based offset. */
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export class SourceFile {
  readonly path: string;
  readonly text: string;
  private starts: number[] | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  /** Offsets at which each line begins (computed once, on first use). */
  get lineStarts(): readonly number[] {
    if (this.starts === undefined) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** Line/column of an offset (clamped into the file). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo] + 1, offset: o };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const start = starts[line - 1] ?? this.text.length;
    let end = line < starts.length ? starts[line] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

export function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** The smallest span that covers both. */
export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
