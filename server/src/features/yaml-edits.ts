/**
 * Text edits that add, replace or remove one mapping entry while leaving every other character of
 * the file as it was, comments included. Block mappings get a new line at the indentation of their
 * entries, and flow mappings get a `, key: value` before their closing brace.
 */
import type { TextEdit } from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import { entryAtPath, nodeAtPath, Path, SyntaxEntry } from '../contract/tree';
import { lastContentOffset } from './spans';

/** A value to write: a scalar, written as is, or a mapping of such values. */
export type StubValue = string | number | boolean | { [key: string]: StubValue };

const INDENT_STEP = 2;

/**
 * Adds `key: value` as the last entry of the mapping at `path`. When the mapping does not exist,
 * adds it to its parent in turn; returns undefined when no parent mapping can take it.
 */
export function addEntry(
  file: ContractFile,
  path: Path,
  key: string,
  value: StubValue,
): TextEdit | undefined {
  const holder = nodeAtPath(file.root, path);
  if (holder?.kind === 'map') {
    return isFlow(file, holder.span)
      ? addToFlowMap(file, holder.span, holder.entries(), key, value)
      : addToBlockMap(file, holder.entries(), key, value);
  }
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const entry = path.length === 0 ? undefined : entryAtPath(file.root, path);
  if (entry !== undefined) {
    // `key:` with no value, or a null: the new mapping goes on the lines below the key.
    if (entry.value !== undefined && entry.value.scalar !== null) return undefined;
    return addBelowEmptyKey(file, entry, key, value);
  }
  if (path.length === 0) return undefined;
  return addEntry(file, path.slice(0, -1), last, { [key]: value });
}

function addToBlockMap(
  file: ContractFile,
  entries: SyntaxEntry[],
  key: string,
  value: StubValue,
): TextEdit | undefined {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const indent = file.lines.positionAt(first.keySpan.start).character;
  const lastLine = file.lines.lineOf(lastContentOffset(file.text, last.span));
  const lines = renderBlock(key, value, indent);
  return insertAfterLine(file, lastLine, lines);
}

function addBelowEmptyKey(
  file: ContractFile,
  entry: SyntaxEntry,
  key: string,
  value: StubValue,
): TextEdit {
  const position = file.lines.positionAt(entry.keySpan.start);
  const line = file.lines.lineOf(lastContentOffset(file.text, entry.span));
  const lineEnd = file.lines.lineContentEnd(line);
  const text = file.text.slice(entry.keySpan.start, lineEnd);
  // Keep `key: null # why` readable: the new entries follow the key's line, and `null` goes.
  const nullMatch = /^([^#]*?:)\s*(null|~)?(\s*#.*)?$/.exec(text);
  const lines = renderBlock(key, value, position.character + INDENT_STEP);
  if (nullMatch === null) return insertAfterLine(file, line, lines);
  const head = nullMatch[1]! + (nullMatch[3] ?? '');
  return {
    range: file.lines.rangeOf({ start: entry.keySpan.start, end: lineEnd }),
    newText: `${head}${eol(file)}${lines.join(eol(file))}`,
  };
}

function addToFlowMap(
  file: ContractFile,
  span: Span,
  entries: SyntaxEntry[],
  key: string,
  value: StubValue,
): TextEdit {
  const close = lastContentOffset(file.text, span);
  const last = entries[entries.length - 1];
  const text = `${scalarText(key)}: ${renderFlow(value)}`;
  if (last === undefined)
    return { range: file.lines.rangeOf({ start: close, end: close }), newText: text };
  const at = lastContentOffset(file.text, last.span) + 1;
  return { range: file.lines.rangeOf({ start: at, end: at }), newText: `, ${text}` };
}

/** Replaces the value of an existing entry, keeping the key and any comment after the value. */
export function replaceValue(
  file: ContractFile,
  entry: SyntaxEntry,
  value: string,
): TextEdit | undefined {
  if (entry.value === undefined) return undefined;
  return { range: file.lines.rangeOf(entry.value.span), newText: value };
}

/**
 * Removes an entry. In a block mapping the whole line goes, unless a comment follows the entry on
 * its line: the comment then stays on a line of its own. Returns undefined for an entry that shares
 * its line with another.
 */
export function removeEntry(
  file: ContractFile,
  entry: SyntaxEntry,
  siblings: SyntaxEntry[],
): TextEdit | undefined {
  const end = lastContentOffset(file.text, entry.span) + 1;
  const holderIsFlow = siblings.length > 0 && isFlowEntry(file, entry);
  if (holderIsFlow) return removeFromFlow(file, entry, siblings);
  const firstLine = file.lines.lineOf(entry.keySpan.start);
  const lastLine = file.lines.lineOf(end - 1);
  const lineStart = file.lines.lineStarts[firstLine]!;
  if (file.text.slice(lineStart, entry.keySpan.start).trim() !== '') return undefined;
  const rest = file.text.slice(end, file.lines.lineContentEnd(lastLine));
  const nextLineStart = file.lines.lineStarts[lastLine + 1] ?? file.text.length;
  const comment = /^\s*(#.*)$/.exec(rest);
  if (rest.trim() !== '' && comment === null) return undefined;
  const keep =
    comment === null
      ? ''
      : `${file.text.slice(lineStart, entry.keySpan.start)}${comment[1]}${eol(file)}`;
  return { range: file.lines.rangeOf({ start: lineStart, end: nextLineStart }), newText: keep };
}

function removeFromFlow(file: ContractFile, entry: SyntaxEntry, siblings: SyntaxEntry[]): TextEdit {
  const index = siblings.findIndex((sibling) => sibling.keySpan.start === entry.keySpan.start);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  const end = lastContentOffset(file.text, entry.span) + 1;
  if (next !== undefined)
    return {
      range: file.lines.rangeOf({ start: entry.keySpan.start, end: next.keySpan.start }),
      newText: '',
    };
  if (previous !== undefined) {
    const start = lastContentOffset(file.text, previous.span) + 1;
    return { range: file.lines.rangeOf({ start, end }), newText: '' };
  }
  return { range: file.lines.rangeOf({ start: entry.keySpan.start, end }), newText: '' };
}

/** Whether the entry sits inside `{ ... }`: the nearest bracket before its key opens a flow mapping. */
function isFlowEntry(file: ContractFile, entry: SyntaxEntry): boolean {
  const before = file.text.slice(
    file.lines.lineStarts[file.lines.lineOf(entry.keySpan.start)]!,
    entry.keySpan.start,
  );
  return /[{,]\s*$/.test(before);
}

function isFlow(file: ContractFile, span: Span): boolean {
  return file.text.charAt(span.start) === '{';
}

function insertAfterLine(file: ContractFile, line: number, lines: string[]): TextEdit {
  const next = file.lines.lineStarts[line + 1];
  const newline = eol(file);
  if (next === undefined) {
    const end = file.text.length;
    return {
      range: file.lines.rangeOf({ start: end, end }),
      newText: `${newline}${lines.join(newline)}${newline}`,
    };
  }
  return {
    range: file.lines.rangeOf({ start: next, end: next }),
    newText: `${lines.join(newline)}${newline}`,
  };
}

/** Plain scalars that YAML would read as something other than a string. */
export const NOT_A_STRING =
  /^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?|\.inf|\.nan)$/i;

const PLAIN_SCALAR = /^[A-Za-z0-9_][A-Za-z0-9_.\-/ ]*$/;

/** Writes a key or scalar, in double quotes when YAML would misread it plain. */
function scalarText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain = PLAIN_SCALAR.test(value) && !value.endsWith(' ') && !NOT_A_STRING.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Writes `key: value` as block YAML lines at an indentation, nesting mappings one step deeper. */
export function renderBlock(key: string, value: StubValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof value !== 'object') return [`${pad}${scalarText(key)}: ${scalarText(value)}`];
  const keys = Object.keys(value);
  if (keys.length === 0) return [`${pad}${scalarText(key)}: {}`];
  const children = keys.flatMap((child) => renderBlock(child, value[child]!, indent + INDENT_STEP));
  return [`${pad}${scalarText(key)}:`, ...children];
}

function renderFlow(value: StubValue): string {
  if (typeof value !== 'object') return scalarText(value);
  const entries = Object.entries(value).map(
    ([key, child]) => `${scalarText(key)}: ${renderFlow(child)}`,
  );
  return `{${entries.join(', ')}}`;
}

/** The file's line ending, so that added lines match the rest. */
function eol(file: ContractFile): string {
  return file.text.includes('\r\n') ? '\r\n' : '\n';
}
