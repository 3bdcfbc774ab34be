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
 * Decodes file contents read from disk: UTF-8, or UTF-16 after a UTF-16 byte order mark, as editors
 * read them. A leading byte order mark is not part of the text: editors drop it too, so positions
 * computed here match the editor's.
 */
export function decodeFileText(bytes: Buffer): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.toString('utf16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // swap16 needs whole code units: a trailing odd byte is no character.
    text = Buffer.from(bytes.subarray(0, bytes.length & ~1))
      .swap16()
      .toString('utf16le');
  } else {
    text = bytes.toString('utf8');
  }
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/**
 * The lines an edit changed. Lines before `from` have the same start and text as before. New lines
 * from `to` on have the text of old lines from `oldTo` on, shifted by the edit's length.
 */
export interface LineChange {
  readonly from: number;
  readonly to: number;
  readonly oldTo: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: Int32Array;

  constructor(
    readonly text: string,
    lineStarts?: Int32Array,
  ) {
    this.lineStarts = lineStarts ?? Int32Array.from(computeLineStarts(text));
  }

  /**
   * Builds the index of `text` from the index of an earlier version that shares its first `prefix`
   * and last `suffix` characters: only the lines between are scanned again.
   */
  static afterEdit(
    previous: LineIndex,
    text: string,
    prefix: number,
    suffix: number,
  ): { lines: LineIndex; change: LineChange } {
    const old = previous.lineStarts;
    const delta = text.length - previous.text.length;
    // A start before the prefix's end has its line break and the character after it unchanged.
    const kept = Math.max(1, firstAtLeast(old, prefix));
    // A start whose line break lies in the suffix is still a start, moved by the edit.
    const oldTo = suffix === 0 ? old.length : firstAtLeast(old, previous.text.length - suffix + 1);
    const scanEnd = oldTo < old.length ? old[oldTo]! + delta - 1 : text.length;
    const middle: number[] = [];
    for (let at = old[kept - 1]!; at < scanEnd; at++) {
      const code = text.charCodeAt(at);
      if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) middle.push(at + 1);
    }
    const starts = new Int32Array(kept + middle.length + old.length - oldTo);
    starts.set(old.subarray(0, kept));
    starts.set(middle, kept);
    const to = kept + middle.length;
    for (let line = oldTo; line < old.length; line++)
      starts[to + line - oldTo] = old[line]! + delta;
    return { lines: new LineIndex(text, starts), change: { from: kept - 1, to, oldTo } };
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

/** Finds the first value of an ascending array that is at least `value`, or returns its length. */
function firstAtLeast(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
