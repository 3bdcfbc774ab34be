/**
 * Offsets and LSP positions. Offsets index the JavaScript string, so they count UTF-16 code units,
 * which is also what LSP positions count by default. A line ends at `\n`, `\r\n` or a lone `\r`;
 * a position never points between `\r` and `\n`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Decodes file contents read from disk. A leading byte order mark is not part of the text: editors
 * drop it too, so positions computed here match the editor's.
 */
export function decodeFileText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];

  constructor(readonly text: string) {
    this.lineStarts = computeLineStarts(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    const lineStart = this.lineStarts[line] ?? 0;
    const contentEnd = this.lineContentEnd(line);
    return { line, character: Math.min(clamped, contentEnd) - lineStart };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line] ?? 0;
    const contentEnd = this.lineContentEnd(position.line);
    return Math.min(lineStart + Math.max(0, position.character), contentEnd);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Returns the offset just past the last character of a line, before its line break. */
  lineContentEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next;
    if (this.text.charCodeAt(end - 1) === 10 /* \n */) end--;
    if (this.text.charCodeAt(end - 1) === 13 /* \r */) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? 0, this.lineContentEnd(line));
  }

  /** Returns the line that contains an offset, by binary search. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
