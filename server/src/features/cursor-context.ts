/**
 * Works out what the cursor is writing: a key of which mapping, or a value at which path. The text
 * while typing is often not valid YAML, so this reads the lines themselves: the indentation of the
 * lines above gives the chain of keys, the current line gives the key or value being written, and
 * a scan of the current line gives the place inside a flow collection such as `{ a: 1, b| }`.
 * Only the lines between the cursor and its top-level key are read, never the whole file.
 */
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import { nodeAtPath, PathSegment } from '../contract/tree';
import { isBlockScalarHeader, isNodeProperties, lineShape, LineShape, stripComment, unquote } from './line-shape';

export interface CursorContext {
  /** `key`: writing a key of the mapping at `path`; `value`: writing the value at `path`. */
  position: 'key' | 'value';
  path: PathSegment[];
  /** The text already written of the key or value, from its start to the cursor, quotes removed. */
  prefix: string;
  /** The span a completion replaces: the written prefix, its opening quote excluded. */
  replace: Span;
  /** The column a key of this mapping starts at; for a value, the column of its key. */
  column: number;
  /** Whether the cursor is inside a flow collection, where an item must stay on one line. */
  flow: boolean;
  /** The keys already in the mapping, with their scalar values as written. */
  siblings: Map<string, string>;
  /** The quote that opens the value being written, if any. */
  quote: '"' | "'" | undefined;
  /** For a key: whether a colon already follows the key on the line. */
  hasColon: boolean;
  /** For a block key: the line's indentation is wrong for this mapping, so the line is re-indented. */
  reindent: Span | undefined;
  /** For a value after a sequence dash: the item may also start a mapping, as in `- ro|`. */
  itemMayBeKey: boolean;
}

interface BlockLine {
  line: number;
  shape: LineShape;
}

/** Reads the text around `offset`; undefined inside a comment, a block scalar or free text. */
export function cursorContext(file: ContractFile, offset: number): CursorContext | undefined {
  const reader = new LineReader(file);
  const line = file.lines.lineOf(offset);
  const lineStart = file.lines.lineStarts[line] ?? 0;
  const column = offset - lineStart;
  const text = file.lines.lineText(line);
  if (column > text.length) return undefined;
  if (inComment(text.slice(0, column))) return undefined;

  const flowStart = reader.flowStartLine(line, column);
  if (flowStart !== undefined) return flowContext(reader, flowStart, offset);
  return blockContext(reader, line, column, text);
}

function blockContext(reader: LineReader, line: number, column: number, text: string): CursorContext | undefined {
  const lineStart = reader.lineStart(line);
  const shape = lineShape(text);
  const before = text.slice(0, column);

  // An empty line, or only white space before the cursor and nothing after it.
  if (before.trim() === '' && text.slice(column).trim() === '') {
    return emptyLineContext(reader, line, column);
  }
  if (column < shape.indent) return undefined;

  const key = shape.key;
  if (key !== undefined && column <= key.end && column >= key.start) {
    const parent = reader.mappingPath(line, key.start, shape);
    if (parent === undefined) return undefined;
    const prefix = unquote(text.slice(key.start, column));
    const open = /^["']/.test(text.slice(key.start)) ? 1 : 0;
    return {
      position: 'key',
      path: parent,
      prefix: open === 1 ? text.slice(key.start + 1, column) : prefix,
      replace: { start: lineStart + key.start + open, end: lineStart + column },
      column: key.start,
      flow: false,
      siblings: reader.siblings(line, key.start),
      quote: undefined,
      hasColon: true,
      reindent: undefined,
      itemMayBeKey: false,
    };
  }

  if (key !== undefined && column > key.colon) {
    const valueText = text.slice(key.colon + 1, column);
    const parent = reader.mappingPath(line, key.start, shape);
    if (parent === undefined) return undefined;
    return scalarValue(reader, [...parent, key.name], lineStart + key.colon + 1, valueText, key.start, line, key.start);
  }

  // No key: a partial key, or an item of a sequence after its dash.
  const contentStart = shape.dashes.length > 0 ? shape.valueStart : shape.indent;
  const written = text.slice(contentStart, column);
  if (!/^[^\s:#,[\]{}]*$/.test(written.replace(/^["']/, ''))) return undefined;
  if (text.slice(column).trim() !== '' && !/^[^\s:#,[\]{}]*\s*$/.test(text.slice(column))) return undefined;
  const hasColon = false;
  if (shape.dashes.length > 0) {
    const item = reader.itemPath(line, shape.dashes[shape.dashes.length - 1]!, shape);
    if (item === undefined) return undefined;
    const context = scalarValue(reader, item, lineStart + contentStart, written, contentStart, line, contentStart);
    if (context !== undefined) context.itemMayBeKey = true;
    return context;
  }
  const parent = reader.mappingPath(line, contentStart, shape);
  if (parent === undefined) return undefined;
  return {
    position: 'key',
    path: parent,
    prefix: written,
    replace: { start: lineStart + contentStart, end: lineStart + column },
    column: contentStart,
    flow: false,
    siblings: reader.siblings(line, contentStart),
    quote: undefined,
    hasColon,
    reindent: undefined,
    itemMayBeKey: false,
  };
}

/** An empty line: the cursor's column picks the mapping, and the line takes that mapping's indentation. */
function emptyLineContext(reader: LineReader, line: number, column: number): CursorContext | undefined {
  const lineStart = reader.lineStart(line);
  const parent = reader.parentLine(line, column, true);
  if (parent === 'inside-scalar') return undefined;
  const path = parent === undefined ? [] : reader.pathThrough(parent, Infinity);
  if (path === undefined) return undefined;
  const mappingColumn = reader.childColumn(parent, line) ?? (parent === undefined ? 0 : childIndent(parent));
  const siblings = reader.siblingsOfChildren(parent, line, mappingColumn);
  return {
    position: 'key',
    path,
    prefix: '',
    replace: { start: lineStart + column, end: lineStart + column },
    column: mappingColumn,
    flow: false,
    siblings,
    quote: undefined,
    hasColon: false,
    reindent: mappingColumn === column ? undefined : { start: lineStart, end: lineStart + column },
    itemMayBeKey: false,
  };
}

function childIndent(parent: BlockLine): number {
  const { shape } = parent;
  const base = shape.key?.start ?? shape.dashes[shape.dashes.length - 1] ?? shape.indent;
  return base + 2;
}

/** A scalar value being written after `key:` or `- `, possibly quoted or after an anchor. */
function scalarValue(
  reader: LineReader,
  path: PathSegment[],
  valueOffset: number,
  valueText: string,
  column: number,
  line: number,
  siblingColumn: number,
): CursorContext | undefined {
  const leading = /^\s*(?:[&!][^\s]*\s+)*/.exec(valueText)![0];
  const written = valueText.slice(leading.length);
  if (isBlockScalarHeader(written.trim())) return undefined;
  const quote = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : undefined;
  const body = quote === undefined ? written : written.slice(1);
  if (quote === undefined && /[\s#]/.test(body)) return undefined;
  const start = valueOffset + leading.length + (quote === undefined ? 0 : 1);
  return {
    position: 'value',
    path,
    prefix: body,
    replace: { start, end: start + body.length },
    column,
    flow: false,
    siblings: reader.siblings(line, siblingColumn),
    quote,
    hasColon: false,
    reindent: undefined,
    itemMayBeKey: false,
  };
}

interface FlowFrame {
  open: '{' | '[';
  /** For a mapping: the key of the entry being written, once its colon is read. */
  key: string | undefined;
  /** For a sequence: the index of the item being written. */
  index: number;
  /** Offset where the entry being written starts. */
  entryStart: number;
  /** Offset just past the colon of the entry being written. */
  valueStart: number;
  siblings: Map<string, string>;
}

/** The cursor is inside a flow collection that opens on line `start`. */
function flowContext(reader: LineReader, start: number, offset: number): CursorContext | undefined {
  const lineStart = reader.lineStart(start);
  const text = reader.lineText(start);
  const shape = lineShape(text);
  const opener = shape.valueStart < 0 ? shape.indent : shape.valueStart;
  const openerOffset = lineStart + opener + (/^\s*/.exec(text.slice(opener))?.[0].length ?? 0);
  const scan = scanFlow(reader.file.text, openerOffset, offset);
  if (scan === undefined || scan.frames.length === 0) return undefined;

  let path: PathSegment[] | undefined;
  if (shape.key !== undefined) {
    const parent = reader.mappingPath(start, shape.key.start, shape);
    path = parent === undefined ? undefined : [...parent, shape.key.name];
  } else if (shape.dashes.length > 0) {
    path = reader.itemPath(start, shape.dashes[shape.dashes.length - 1]!, shape);
  } else {
    path = reader.pathThrough({ line: start, shape }, shape.indent);
  }
  if (path === undefined) return undefined;

  const frames = scan.frames;
  for (const frame of frames.slice(0, -1)) {
    if (frame.open === '{') {
      if (frame.key === undefined) return undefined;
      path.push(frame.key);
    } else {
      path.push(frame.index);
    }
  }
  const inner = frames[frames.length - 1]!;
  const column = reader.file.lines.positionAt(offset).character;
  if (inner.open === '{' && inner.key === undefined) {
    const written = reader.file.text.slice(inner.entryStart, offset);
    const leading = /^\s*/.exec(written)![0].length;
    const prefix = written.slice(leading);
    if (!/^[^\s:#,[\]{}'"]*$/.test(prefix)) return undefined;
    return {
      position: 'key',
      path,
      prefix,
      replace: { start: inner.entryStart + leading, end: offset },
      column,
      flow: true,
      siblings: inner.siblings,
      quote: undefined,
      hasColon: /^[^\s:,{}[\]]*\s*:/.test(reader.file.text.slice(offset, offset + 200)),
      reindent: undefined,
      itemMayBeKey: false,
    };
  }
  const valuePath = inner.open === '{' ? [...path, inner.key!] : [...path, inner.index];
  const valueFrom = inner.open === '{' ? inner.valueStart : inner.entryStart;
  const valueText = reader.file.text.slice(valueFrom, offset);
  const leading = /^\s*(?:[&!][^\s]*\s+)*/.exec(valueText)![0];
  const written = valueText.slice(leading.length);
  const quote = written.startsWith('"') ? '"' : written.startsWith("'") ? "'" : undefined;
  const body = quote === undefined ? written : written.slice(1);
  if (quote === undefined && /[\s#]/.test(body)) return undefined;
  const replaceStart = valueFrom + leading.length + (quote === undefined ? 0 : 1);
  return {
    position: 'value',
    path: valuePath,
    prefix: body,
    replace: { start: replaceStart, end: offset },
    column,
    flow: true,
    siblings: inner.siblings,
    quote,
    hasColon: false,
    reindent: undefined,
    itemMayBeKey: inner.open === '[',
  };
}

/**
 * Scans flow collections from `from` to `to`, tracking quotes and comments, and returns the open
 * collections at `to`, outermost first. Undefined when a bracket closes that was not opened.
 */
function scanFlow(text: string, from: number, to: number): { frames: FlowFrame[] } | undefined {
  const frames: FlowFrame[] = [];
  let quote: string | undefined;
  for (let i = from; i < to; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (quote === '"' && char === '\\') i++;
      else if (char === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    const frame = frames[frames.length - 1];
    if (char === '#' && (i === from || /\s/.test(text[i - 1]!))) {
      while (i < to && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if ((char === '"' || char === "'") && frame !== undefined && /^\s*$/.test(text.slice(currentStart(frame), i))) {
      quote = char;
    } else if (char === '{' || char === '[') {
      frames.push({ open: char, key: undefined, index: 0, entryStart: i + 1, valueStart: i + 1, siblings: new Map() });
    } else if (char === '}' || char === ']') {
      if (frames.length === 0) return undefined;
      frames.pop();
    } else if (char === ',' && frame !== undefined) {
      if (frame.open === '{') {
        const entry = text.slice(frame.entryStart, i);
        const colon = entry.indexOf(':');
        if (colon > 0) frame.siblings.set(unquote(entry.slice(0, colon).trim()), unquote(entry.slice(colon + 1).trim()));
        else if (entry.trim() !== '') frame.siblings.set(unquote(entry.trim()), '');
      }
      frame.key = undefined;
      frame.index++;
      frame.entryStart = i + 1;
      frame.valueStart = i + 1;
    } else if (char === ':' && frame?.open === '{' && frame.key === undefined && /[\s,{}[\]]|^$/.test(text[i + 1] ?? '')) {
      frame.key = unquote(text.slice(frame.entryStart, i).trim());
      frame.valueStart = i + 1;
    }
  }
  return quote === undefined || frames.length > 0 ? { frames } : undefined;
}

function currentStart(frame: FlowFrame): number {
  return frame.key === undefined ? frame.entryStart : frame.valueStart;
}

/** Whether the text before the cursor on its line ends inside a comment. */
function inComment(before: string): boolean {
  return stripComment(before).length < before.length;
}

/** Reads lines of a file and their shapes, each at most once. */
class LineReader {
  private readonly shapes = new Map<number, LineShape>();

  constructor(readonly file: ContractFile) {}

  lineStart(line: number): number {
    return this.file.lines.lineStarts[line] ?? 0;
  }

  lineText(line: number): string {
    return this.file.lines.lineText(line);
  }

  shape(line: number): LineShape {
    let shape = this.shapes.get(line);
    if (shape === undefined) this.shapes.set(line, (shape = lineShape(this.lineText(line))));
    return shape;
  }

  /** Counts leading spaces without slicing the line; -1 for a blank or comment line. */
  private indentOf(line: number): number {
    const text = this.file.text;
    const start = this.lineStart(line);
    const end = this.file.lines.lineContentEnd(line);
    let position = start;
    while (position < end && text.charCodeAt(position) === 32) position++;
    if (position >= end || text[position] === '#') return -1;
    return position - start;
  }

  /**
   * Finds the nearest line above `line` whose node contains the column: a key or dash at a smaller
   * column. With `skipScalars`, a key with a value on its line does not contain anything.
   */
  parentLine(line: number, column: number, skipScalars = false): BlockLine | undefined | 'inside-scalar' {
    let limit = column;
    for (let current = line - 1; current >= 0 && limit > 0; current--) {
      const indent = this.indentOf(current);
      if (indent < 0 || indent >= limit) continue;
      const shape = this.shape(current);
      const tokenColumn = shape.key?.start ?? shape.dashes[shape.dashes.length - 1] ?? shape.indent;
      if (tokenColumn >= limit) {
        // A dash line whose key is at the column: the key's mapping is the parent's item.
        return { line: current, shape };
      }
      if (shape.key !== undefined && shape.value !== '' && !isNodeProperties(shape.value)) {
        if (isBlockScalarHeader(shape.value)) return 'inside-scalar';
        if (!/^[[{]/.test(shape.value)) {
          if (!skipScalars) return 'inside-scalar';
          limit = shape.key.start;
          if (shape.dashes.length > 0) return { line: current, shape };
          continue;
        }
      }
      if (shape.key === undefined && shape.dashes.length === 0) return 'inside-scalar';
      return { line: current, shape };
    }
    return undefined;
  }

  /** The path of the mapping whose key starts at `column` on `line`. */
  mappingPath(line: number, column: number, shape: LineShape): PathSegment[] | undefined {
    const dash = shape.dashes[shape.dashes.length - 1];
    if (dash !== undefined && shape.key !== undefined && shape.key.start === column) {
      return this.itemPath(line, dash, shape);
    }
    const parent = this.parentLine(line, column);
    if (parent === 'inside-scalar') return undefined;
    if (parent === undefined) return [];
    return this.pathThrough(parent, column);
  }

  /** The path of the sequence item whose dash is at `column` on `line`. */
  itemPath(line: number, column: number, shape: LineShape): PathSegment[] | undefined {
    const index = shape.dashes.indexOf(column);
    if (index > 0) {
      // A nested item on the line of its parent item, as in `- - a`.
      const outer = this.itemPath(line, shape.dashes[index - 1]!, shape);
      return outer === undefined ? undefined : [...outer, 0];
    }
    const parent = this.parentLine(line, column);
    if (parent === 'inside-scalar') return undefined;
    const owner = parent === undefined ? [] : this.pathThrough(parent, column);
    if (owner === undefined) return undefined;
    return [...owner, this.itemIndex(owner, parent?.line ?? -1, line, column)];
  }

  /** The path of the node a parent line opens for children at columns past `column`. */
  pathThrough(parent: BlockLine, column: number): PathSegment[] | undefined {
    const { line, shape } = parent;
    if (shape.key !== undefined && shape.key.start < column) {
      const base = this.mappingPath(line, shape.key.start, shape);
      return base === undefined ? undefined : [...base, shape.key.name];
    }
    const dash = [...shape.dashes].reverse().find((candidate) => candidate < column);
    if (dash !== undefined) return this.itemPath(line, dash, shape);
    return [];
  }

  /** Counts the items of a sequence before the one on `line`, using the parsed tree when it can. */
  private itemIndex(owner: PathSegment[], ownerLine: number, line: number, column: number): number {
    const offset = this.lineStart(line) + column;
    const node = nodeAtPath(this.file.root, owner);
    if (node?.kind === 'seq') {
      const items = node.items();
      const found = items.findIndex((item) => item.span.start <= offset + 2 && offset <= item.span.end);
      if (found >= 0) return found;
    }
    let count = 0;
    for (let current = ownerLine + 1; current < line; current++) {
      if (this.indentOf(current) === column && this.shape(current).dashes[0] === column) count++;
    }
    return count;
  }

  /** The column of the first child line of `parent`, other than `skip`, if it has one. */
  childColumn(parent: BlockLine | undefined, skip: number): number | undefined {
    const start = parent === undefined ? 0 : parent.line + 1;
    const parentColumn = parent === undefined ? -1 : (parent.shape.key?.start ?? parent.shape.indent);
    if (parent !== undefined && parent.shape.key === undefined && parent.shape.dashes.length > 0) {
      // A dash line without a key: its mapping starts after the dash.
      return undefined;
    }
    for (let current = start; current < this.file.lines.lineCount; current++) {
      if (current === skip) continue;
      const indent = this.indentOf(current);
      if (indent < 0) continue;
      if (indent <= parentColumn) return undefined;
      const shape = this.shape(current);
      if (shape.dashes.length > 0 && shape.dashes[0] === indent) return undefined;
      return indent;
    }
    return undefined;
  }

  /** The keys of the mapping at `column` that `parent` opens, other than on `skip`. */
  siblingsOfChildren(parent: BlockLine | undefined, skip: number, column: number): Map<string, string> {
    const siblings = new Map<string, string>();
    if (parent?.shape.key !== undefined && parent.shape.dashes.length > 0 && parent.shape.key.start === column) {
      return this.siblings(parent.line, column);
    }
    const start = parent === undefined ? 0 : parent.line + 1;
    for (let current = start; current < this.file.lines.lineCount; current++) {
      if (current === skip) continue;
      const indent = this.indentOf(current);
      if (indent < 0) continue;
      if (indent < column) break;
      const shape = this.shape(current);
      if (indent === column && shape.key !== undefined && shape.dashes.length === 0) {
        siblings.set(shape.key.name, unquote(shape.value));
      }
    }
    return siblings;
  }

  /** The keys of the block mapping whose keys start at `column`, around `line` and not on it. */
  siblings(line: number, column: number): Map<string, string> {
    const siblings = new Map<string, string>();
    const add = (shape: LineShape) => {
      if (shape.key !== undefined && shape.key.start === column) siblings.set(shape.key.name, unquote(shape.value));
    };
    for (let current = line - 1; current >= 0; current--) {
      const indent = this.indentOf(current);
      if (indent < 0 || indent > column) continue;
      const shape = this.shape(current);
      if (indent === column && shape.dashes.length === 0) {
        add(shape);
        continue;
      }
      // A line to the left ends the mapping, but a dash line may hold its first key.
      add(shape);
      break;
    }
    const own = this.shape(line);
    if (own.dashes.length > 0 && own.key?.start !== column) return siblings;
    for (let current = line + 1; current < this.file.lines.lineCount; current++) {
      const indent = this.indentOf(current);
      if (indent < 0 || indent > column) continue;
      const shape = this.shape(current);
      if (indent < column || shape.dashes.length > 0) break;
      add(shape);
    }
    return siblings;
  }

  /**
   * Finds the line where a flow collection that contains the cursor opens, walking up while the
   * lines above end inside one. Undefined when the cursor is in block context.
   */
  flowStartLine(line: number, column: number): number | undefined {
    const maxLines = 50;
    for (let start = line; start >= 0 && line - start < maxLines; start--) {
      const text = this.lineText(start);
      const shape = this.shape(start);
      if (shape.blank || shape.comment) continue;
      const opener = shape.valueStart < 0 ? shape.indent : shape.valueStart;
      const from = this.lineStart(start) + opener;
      const to = this.lineStart(line) + column;
      const rest = stripComment(text.slice(opener)).trim();
      const opensFlow = /^(?:[&!][^\s]*\s+)*[[{]/.test(rest);
      if (opensFlow) {
        const scan = scanFlow(this.file.text, from, to);
        return scan !== undefined && scan.frames.length > 0 ? start : undefined;
      }
      if (start === line) {
        if (!/^[\]},]|^[^\s:#]+$/.test(stripComment(text).trim()) && shape.key !== undefined) return undefined;
      }
      if (!this.continuesFlow(start - 1)) return undefined;
    }
    return undefined;
  }

  /** Whether a line ends inside a flow collection: after `{`, `[` or `,`, a comment aside. */
  private continuesFlow(line: number): boolean {
    for (let current = line; current >= 0; current--) {
      const shape = this.shape(current);
      if (shape.blank || shape.comment) continue;
      return /[{[,]$/.test(stripComment(this.lineText(current)).trimEnd());
    }
    return false;
  }
}
