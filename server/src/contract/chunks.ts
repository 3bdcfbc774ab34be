/**
 * Splits a contract's text into chunks that parse independently, so that an edit reparses only the
 * chunk it touched. The split is a pure function of the text: a fresh open and a long run of edits
 * that arrive at the same text yield the same chunks and so the same diagnostics.
 *
 * A contract is a block mapping of sections (`services:`, `routes:`, ...) whose values are block
 * mappings of named entries. When the text has that shape, each section header and each entry is a
 * chunk. A section that does not (a flow mapping, a sequence, lines indented unevenly, tabs) is one
 * chunk, and a file whose top level is not a plain block mapping is one chunk in all. An alias and
 * the anchor it names always share a chunk: the chunks between them are merged.
 */

import type { LineChange, LineIndex } from './text';

export type ChunkKind =
  /** The whole file, parsed as one YAML document. */
  | 'document'
  /** One or more whole sections. */
  | 'sections'
  /** The header line of a chunked section, with the comments and blank lines before its entries. */
  | 'header'
  /** One or more consecutive entries of one section. */
  | 'entries';

export interface ChunkSpec {
  kind: ChunkKind;
  /** Offset of the chunk's first character. */
  start: number;
  /** Offset just past the chunk's last character. */
  end: number;
  /** For `header` and `entries`: the index of the section, counted over the file's sections. */
  section: number;
}

// A block mapping key on one line: a plain scalar, or a single- or double-quoted one, then a colon
// followed by white space or the end of the line. Plain keys that contain `:` or `#`, and complex
// keys, are valid YAML that this does not match: such text is parsed in larger chunks instead.
const KEY_LINE =
  /^(?:[^\s\-?:,[\]{}#&*!|>'"%@`][^:#\r\n]*|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*')[ \t]*:(?:[ \t]|\r|\n|$)/;
const HEADER_REST = /^[ \t]*(?:#.*)?$/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;
const ANCHOR = /(?:^|[\s[{,])&([^\s[\]{},]+)/g;
const ALIAS = /(?:^|[\s[{,])\*([^\s[\]{},]+)/g;

export function splitChunks(lines: LineTable): ChunkSpec[] {
  const { text } = lines;
  const sectionLines = findSectionLines(lines);
  if (sectionLines === undefined)
    return [{ kind: 'document', start: 0, end: text.length, section: 0 }];

  const chunks: ChunkSpec[] = [];
  sectionLines.forEach((line, section) => {
    // Comments and blank lines before the first section belong to it.
    const first = section === 0 ? 0 : line;
    const last = sectionLines[section + 1] ?? lines.count;
    chunkSection(lines, line, first, last, section, chunks);
  });
  return mergeAliasedChunks(text, chunks);
}

/**
 * What the chunker needs to know of each line, in typed arrays: a 50k-line file would otherwise
 * allocate 50k objects on every edit.
 */
export class LineTable {
  readonly count: number;
  /** Number of leading spaces. */
  readonly indent: Int32Array;
  /** BLANK, COMMENT and TABBED bits, and KEY_CHECKED and KEY when isKeyLine has looked. */
  readonly flags: Uint8Array;
  readonly starts: Int32Array;

  /**
   * Describes the lines of `lines.text`. Given the table of the text before an edit and the lines
   * the edit changed, it copies what it knew of the other lines.
   */
  constructor(
    readonly text: string,
    lines: LineIndex,
    previous?: { table: LineTable; change: LineChange },
  ) {
    this.starts = lines.lineStarts;
    this.count = this.starts.length;
    this.indent = new Int32Array(this.count);
    this.flags = new Uint8Array(this.count);
    let from = 0;
    let to = this.count;
    if (previous !== undefined) {
      const { table, change } = previous;
      this.indent.set(table.indent.subarray(0, change.from));
      this.flags.set(table.flags.subarray(0, change.from));
      this.indent.set(table.indent.subarray(change.oldTo), change.to);
      this.flags.set(table.flags.subarray(change.oldTo), change.to);
      from = change.from;
      to = change.to;
    }
    for (let i = from; i < to; i++) this.describe(i);
  }

  private describe(line: number): void {
    const { text } = this;
    const start = this.starts[line]!;
    const end = this.end(line);
    let position = start;
    while (position < end && text.charCodeAt(position) === 32) position++;
    this.indent[line] = position - start;
    let flags = 0;
    for (
      let code = text.charCodeAt(position);
      code === 32 || code === 9;
      code = text.charCodeAt(++position)
    ) {
      if (code === 9) flags |= TABBED;
    }
    const next = position < end ? text.charCodeAt(position) : -1;
    if (next === -1 || next === 10 || next === 13) flags |= BLANK;
    else if (next === 35 /* # */) flags |= COMMENT;
    this.flags[line] = flags;
  }

  start(line: number): number {
    return this.starts[line]!;
  }

  end(line: number): number {
    return this.starts[line + 1] ?? this.text.length;
  }

  isContent(line: number): boolean {
    return (this.flags[line]! & (BLANK | COMMENT)) === 0;
  }

  isTabbed(line: number): boolean {
    return (this.flags[line]! & TABBED) !== 0;
  }

  isKeyLine(line: number): boolean {
    const flags = this.flags[line]!;
    if ((flags & KEY_CHECKED) !== 0) return (flags & KEY) !== 0;
    const key = KEY_LINE.test(
      this.text.slice(this.start(line) + this.indent[line]!, this.end(line)),
    );
    this.flags[line] = flags | KEY_CHECKED | (key ? KEY : 0);
    return key;
  }

  /** The first character after the indentation. */
  firstCharacter(line: number): string {
    return this.text.charAt(this.start(line) + this.indent[line]!);
  }

  /** The offset where the chunk that ends before `endLine` ends. */
  chunkEnd(endLine: number): number {
    return endLine < this.count ? this.start(endLine) : this.text.length;
  }
}

const BLANK = 1;
const COMMENT = 2;
const TABBED = 4;
const KEY_CHECKED = 8;
const KEY = 16;

/** Returns the lines that start sections, or undefined when the top level is not chunkable. */
function findSectionLines(lines: LineTable): number[] | undefined {
  const sections: number[] = [];
  for (let i = 0; i < lines.count; i++) {
    if (!lines.isContent(i)) continue;
    const tabbed = lines.isTabbed(i);
    if (tabbed && sections.length === 0) return undefined;
    if (lines.indent[i]! > 0 || tabbed) {
      if (sections.length === 0) return undefined;
      continue;
    }
    if (!lines.isKeyLine(i)) {
      // A stray line at the left edge, such as a `}` or a block sequence item, belongs to the
      // section above it. A document marker ends the document, so the file is one chunk and the
      // part after it is reported as ignored.
      const head = lines.text.slice(lines.start(i), lines.start(i) + 4);
      if (sections.length === 0 || DOCUMENT_MARKER.test(head)) return undefined;
      continue;
    }
    sections.push(i);
  }
  return sections.length > 0 ? sections : undefined;
}

function chunkSection(
  lines: LineTable,
  headerLine: number,
  firstLine: number,
  endLine: number,
  section: number,
  out: ChunkSpec[],
): void {
  const whole = () => {
    out.push({
      kind: 'sections',
      start: lines.start(firstLine),
      end: lines.chunkEnd(endLine),
      section,
    });
  };
  const header = lines.text
    .slice(lines.start(headerLine), lines.end(headerLine))
    .replace(/\r?\n$/, '');
  const colon = keyLineColon(header);
  if (colon < 0 || !HEADER_REST.test(header.slice(colon + 1))) return whole();

  const entryLines: number[] = [];
  let childIndent = -1;
  for (let i = headerLine + 1; i < endLine; i++) {
    if (lines.isTabbed(i)) return whole();
    if (!lines.isContent(i)) continue;
    const indent = lines.indent[i]!;
    if (childIndent < 0) {
      childIndent = indent;
      if (lines.firstCharacter(i) === '-') return whole();
    }
    if (indent < childIndent) {
      // A stray line, such as a lone `}`, stays in the entry above it, so the entries after it
      // are still read. A key indented less than its siblings changes the structure.
      if (lines.isKeyLine(i)) return whole();
      continue;
    }
    if (indent === childIndent) {
      if (!lines.isKeyLine(i)) return whole();
      entryLines.push(i);
    }
  }
  if (entryLines.length === 0) return whole();

  out.push({
    kind: 'header',
    start: lines.start(firstLine),
    end: lines.start(entryLines[0]!),
    section,
  });
  entryLines.forEach((line, index) => {
    const next = entryLines[index + 1] ?? endLine;
    out.push({ kind: 'entries', start: lines.start(line), end: lines.chunkEnd(next), section });
  });
}

/** Returns the index of the colon that ends a key line's key, or -1. */
function keyLineColon(line: string): number {
  const match = KEY_LINE.exec(line);
  if (match === null) return -1;
  return match[0].lastIndexOf(':');
}

/**
 * Merges chunks so that every alias shares a chunk with the anchor it names. A match inside a
 * string or comment merges chunks that did not need it, which costs time but never changes a result.
 */
function mergeAliasedChunks(text: string, chunks: ChunkSpec[]): ChunkSpec[] {
  if (chunks.length < 2 || (!text.includes('&') && !text.includes('*'))) return chunks;

  const ranges = findAliasRanges(text, chunks);
  if (ranges.length === 0) return chunks;

  // A merge inside one section joins its entries; one that reaches a header or another section
  // joins whole sections. Widening a range can make it overlap others, so repeat until stable.
  let current = ranges;
  for (;;) {
    const widened = current.map(([from, to]) => widenRange(chunks, from, to));
    const joined = joinRanges(widened);
    if (sameRanges(joined, current)) break;
    current = joined;
  }

  const merged: ChunkSpec[] = [];
  let index = 0;
  for (const [from, to] of current) {
    while (index < from) merged.push(chunks[index++]!);
    const first = chunks[from]!;
    const last = chunks[to]!;
    const kind =
      first.kind === 'entries' && first.section === last.section ? 'entries' : 'sections';
    merged.push({ kind, start: first.start, end: last.end, section: first.section });
    index = to + 1;
  }
  while (index < chunks.length) merged.push(chunks[index++]!);
  return merged;
}

function findAliasRanges(text: string, chunks: readonly ChunkSpec[]): Array<[number, number]> {
  const anchors: Array<{ name: string; offset: number }> = [];
  for (const match of text.matchAll(ANCHOR)) {
    anchors.push({ name: match[1]!, offset: match.index + match[0].length });
  }
  if (anchors.length === 0) return [];

  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(ALIAS)) {
    const offset = match.index + match[0].length;
    let anchorOffset = -1;
    for (const anchor of anchors) {
      if (anchor.offset > offset) break;
      if (anchor.name === match[1]) anchorOffset = anchor.offset;
    }
    if (anchorOffset < 0) continue;
    const from = chunkIndexAt(chunks, anchorOffset - 1);
    const to = chunkIndexAt(chunks, offset - 1);
    if (from < to) ranges.push([from, to]);
  }
  return joinRanges(ranges);
}

function chunkIndexAt(chunks: readonly ChunkSpec[], offset: number): number {
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (chunks[middle]!.start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function widenRange(chunks: readonly ChunkSpec[], from: number, to: number): [number, number] {
  const first = chunks[from]!;
  const last = chunks[to]!;
  if (first.kind === 'entries' && last.kind === 'entries' && first.section === last.section) {
    return [from, to];
  }
  let start = from;
  let end = to;
  while (start > 0 && chunks[start - 1]!.section === first.section) start--;
  while (end < chunks.length - 1 && chunks[end + 1]!.section === last.section) end++;
  return [start, end];
}

function joinRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const joined: Array<[number, number]> = [];
  for (const range of sorted) {
    const previous = joined[joined.length - 1];
    if (previous !== undefined && range[0] <= previous[1]) {
      previous[1] = Math.max(previous[1], range[1]);
    } else {
      joined.push([range[0], range[1]]);
    }
  }
  return joined;
}

function sameRanges(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return (
    a.length === b.length && a.every((range, i) => range[0] === b[i]![0] && range[1] === b[i]![1])
  );
}
