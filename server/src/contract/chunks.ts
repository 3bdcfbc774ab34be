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

interface LineInfo {
  start: number;
  end: number;
  /** Number of leading spaces. */
  indent: number;
  blank: boolean;
  comment: boolean;
  /** A tab appears before the first character that is not white space. */
  tabbed: boolean;
}

// A block mapping key on one line: a plain scalar, or a single- or double-quoted one, then a colon
// followed by white space or the end of the line. Plain keys that contain `:` or `#`, and complex
// keys, are valid YAML that this does not match: such text is parsed in larger chunks instead.
const KEY_LINE =
  /^(?:[^\s\-?:,[\]{}#&*!|>'"%@`][^:#\r\n]*|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*')[ \t]*:(?:[ \t]|\r|\n|$)/;
const HEADER_REST = /^[ \t]*(?:#.*)?$/;
const ANCHOR = /(?:^|[\s[{,])&([^\s[\]{},]+)/g;
const ALIAS = /(?:^|[\s[{,])\*([^\s[\]{},]+)/g;

export function splitChunks(text: string, lineStarts: readonly number[]): ChunkSpec[] {
  const lines = describeLines(text, lineStarts);
  const sectionLines = findSectionLines(text, lines);
  if (sectionLines === undefined) return [{ kind: 'document', start: 0, end: text.length, section: 0 }];

  const chunks: ChunkSpec[] = [];
  sectionLines.forEach((line, section) => {
    // Comments and blank lines before the first section belong to it.
    const first = section === 0 ? 0 : line;
    const last = sectionLines[section + 1] ?? lines.length;
    chunks.push(...chunkSection(text, lines, line, first, last, section));
  });
  return mergeAliasedChunks(text, chunks);
}

function describeLines(text: string, lineStarts: readonly number[]): LineInfo[] {
  const lines: LineInfo[] = [];
  for (let i = 0; i < lineStarts.length; i++) {
    const start = lineStarts[i] ?? 0;
    const end = lineStarts[i + 1] ?? text.length;
    let position = start;
    while (position < end && text.charCodeAt(position) === 32) position++;
    const indent = position - start;
    let tabbed = false;
    while (position < end && (text[position] === ' ' || text[position] === '\t')) {
      if (text[position] === '\t') tabbed = true;
      position++;
    }
    const next = text[position];
    const blank = position >= end || next === '\n' || next === '\r';
    lines.push({ start, end, indent, blank, comment: !blank && next === '#', tabbed });
  }
  return lines;
}

function isContent(line: LineInfo): boolean {
  return !line.blank && !line.comment;
}

function isKeyLine(text: string, line: LineInfo): boolean {
  return KEY_LINE.test(text.slice(line.start + line.indent, line.end));
}

/** Returns the lines that start sections, or undefined when the top level is not chunkable. */
function findSectionLines(text: string, lines: readonly LineInfo[]): number[] | undefined {
  const sections: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!isContent(line)) continue;
    if (line.tabbed && sections.length === 0) return undefined;
    if (line.indent > 0 || line.tabbed) {
      if (sections.length === 0) return undefined;
      continue;
    }
    if (!isKeyLine(text, line)) return undefined;
    sections.push(i);
  }
  return sections.length > 0 ? sections : undefined;
}

function chunkSection(
  text: string,
  lines: readonly LineInfo[],
  headerLine: number,
  firstLine: number,
  endLine: number,
  section: number,
): ChunkSpec[] {
  const whole: ChunkSpec[] = [
    { kind: 'sections', start: lines[firstLine]!.start, end: lineEnd(lines, endLine), section },
  ];
  const header = lines[headerLine]!;
  const afterColon = text.slice(header.start, header.end).replace(/\r?\n$/, '');
  const colon = keyLineColon(afterColon);
  if (colon < 0 || !HEADER_REST.test(afterColon.slice(colon + 1))) return whole;

  const entryLines: number[] = [];
  let childIndent = -1;
  for (let i = headerLine + 1; i < endLine; i++) {
    const line = lines[i]!;
    if (line.tabbed) return whole;
    if (!isContent(line)) continue;
    if (childIndent < 0) {
      childIndent = line.indent;
      if (text[line.start + line.indent] === '-') return whole;
    }
    if (line.indent < childIndent) return whole;
    if (line.indent === childIndent) {
      if (!isKeyLine(text, line)) return whole;
      entryLines.push(i);
    }
  }
  if (entryLines.length === 0) return whole;

  const chunks: ChunkSpec[] = [
    {
      kind: 'header',
      start: lines[firstLine]!.start,
      end: lines[entryLines[0]!]!.start,
      section,
    },
  ];
  entryLines.forEach((line, index) => {
    const next = entryLines[index + 1] ?? endLine;
    chunks.push({ kind: 'entries', start: lines[line]!.start, end: lineEnd(lines, next), section });
  });
  return chunks;
}

function lineEnd(lines: readonly LineInfo[], endLine: number): number {
  return endLine < lines.length ? lines[endLine]!.start : lines[lines.length - 1]!.end;
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
    const kind = first.kind === 'entries' && first.section === last.section ? 'entries' : 'sections';
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
  return a.length === b.length && a.every((range, i) => range[0] === b[i]![0] && range[1] === b[i]![1]);
}
