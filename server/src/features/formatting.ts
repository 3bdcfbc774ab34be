/**
 * Document formatting: re-indents every block collection by the editor's indent size, writes flow
 * mappings as `{ a: 1 }` and flow sequences as `[a, b]`, one space after each colon and comma, and
 * keeps comments, anchors, aliases, scalars as written, block scalars and key order. Blank lines
 * between entries shrink to one. The yaml library prints the document again from its syntax tree;
 * the result is checked before it is used, and the file is left as it is when the check fails.
 */
import { Document, isCollection, isSeq, Lexer, parseDocument, visit } from 'yaml';
import { FormattingOptions, TextEdit } from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';

export interface FormatResult {
  edits: TextEdit[];
  /** Why the file was not formatted, when it was not. */
  error?: string;
}

export function formatEdits(
  file: ContractFile,
  options: Pick<FormattingOptions, 'tabSize'>,
): FormatResult {
  const formatted = formatText(file.text, options.tabSize);
  if (typeof formatted !== 'string') return { edits: [], error: formatted.error };
  if (formatted === file.text) return { edits: [] };
  return { edits: [minimalEdit(file, formatted)] };
}

/** Returns the formatted text, or why the text cannot be formatted safely. */
export function formatText(text: string, indent = 2): string | { error: string } {
  try {
    return formatChecked(text, indent);
  } catch (error) {
    // yaml raises some problems, such as an alias without its anchor, only when it converts data.
    if (!(error instanceof Error)) throw error;
    return { error: `${error.message.split('\n', 1)[0]}; fix it first.` };
  }
}

function formatChecked(text: string, indent: number): string | { error: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const source = eol === '\n' ? text : text.replace(/\r\n/g, '\n');
  const document = parseDocument(source, { keepSourceTokens: false });
  if (document.errors.length > 0)
    return { error: 'the file has YAML syntax errors; fix them first.' };
  if (document.contents === null) return text;

  setFlowPadding(document);
  let output = document.toString({
    indent: Math.max(1, indent),
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
  });
  if (!/\n$/.test(source)) output = output.replace(/\n$/, '');
  const restored = restoreScalars(source, output);
  if (restored === undefined) {
    return {
      error: 'formatting would rewrite a scalar, such as a tagged value, so it was not applied.',
    };
  }
  output = keepTrailingComments(source, restored);
  const lost = differences(source, output);
  if (lost !== undefined)
    return { error: `formatting would change the file's ${lost}, so it was not applied.` };
  return eol === '\n' ? output : output.replace(/\n/g, '\r\n');
}

/** Writes flow mappings with a space inside their braces and flow sequences without one. */
function setFlowPadding(document: Document): void {
  visit(document, (_, node) => {
    if (!isCollection(node) || node.flow !== true) return;
    const padding = isSeq(node) ? '' : ' ';
    const print = node.toString.bind(node);
    node.toString = (context, ...rest) =>
      print(
        context === undefined ? undefined : { ...context, flowCollectionPadding: padding },
        ...rest,
      );
  });
}

/** Names what the output changed of the source's data, comments or anchors, if anything. */
function differences(source: string, output: string): string | undefined {
  const before = parseDocument(source);
  const after = parseDocument(output);
  if (after.errors.length > 0) return 'syntax';
  if (
    JSON.stringify(before.toJS({ maxAliasCount: -1 })) !==
    JSON.stringify(after.toJS({ maxAliasCount: -1 }))
  ) {
    return 'data';
  }
  if (commentsOf(source).join('\n') !== commentsOf(output).join('\n')) return 'comments';
  if (anchorsOf(source).join('\n') !== anchorsOf(output).join('\n')) return 'anchors';
  return undefined;
}

/** yaml's lexer marks a plain scalar, a block scalar's body and a document start by these tokens. */
const SCALAR_TOKEN = '\x1f';
const ZERO_WIDTH_TOKENS = new Set(['\x02', '\x18', '\x1f']);

interface Token {
  text: string;
  offset: number;
  /** A block scalar's body, which follows a `|` or `>` header. */
  block: boolean;
}

/** The scalars that yaml's lexer marks: plain scalars, keys included, and block scalar bodies. */
function markedScalarsOf(text: string): Token[] {
  const scalars: Token[] = [];
  let offset = 0;
  let afterMarker = false;
  let afterHeader = false;
  for (const token of new Lexer().lex(text)) {
    if (afterMarker) scalars.push({ text: token, offset, block: afterHeader });
    afterMarker = token === SCALAR_TOKEN;
    if (/^[|>]/.test(token)) afterHeader = true;
    else if (!afterMarker && !/^(?:\s*|#.*)$/.test(token)) afterHeader = false;
    if (!ZERO_WIDTH_TOKENS.has(token)) offset += token.length;
  }
  return scalars;
}

/**
 * Writes each plain scalar and block scalar body as the source wrote it, since yaml prints some
 * numbers in a form of its own (`0x1f` for `0x1F`, `7` for `007`) and refolds folded block
 * scalars. A block body keeps its lines, moved to the new indentation. Multi-line plain scalars
 * are left as yaml prints them. Undefined when the scalars do not pair up.
 */
function restoreScalars(source: string, output: string): string | undefined {
  const written = markedScalarsOf(source);
  const printed = markedScalarsOf(output);
  if (written.length !== printed.length) return undefined;
  let result = '';
  let copied = 0;
  for (let index = 0; index < printed.length; index++) {
    const token = printed[index]!;
    const original = written[index]!;
    if (original.text === token.text || original.block !== token.block) continue;
    let replacement: string;
    if (token.block) replacement = reindentBlock(original.text, indentOf(token.text));
    else if (!original.text.includes('\n')) replacement = original.text;
    else continue;
    result += output.slice(copied, token.offset) + replacement;
    copied = token.offset + token.text.length;
  }
  return result + output.slice(copied);
}

/** The indentation of a block scalar body: that of its least indented line with content. */
function indentOf(body: string): number {
  const indents = body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)![0].length);
  return indents.length === 0 ? 0 : Math.min(...indents);
}

function reindentBlock(body: string, indent: number): string {
  const from = indentOf(body);
  const prefix = ' '.repeat(indent);
  return body
    .split('\n')
    .map((line) => (line.trim() === '' && line.length <= from ? line : prefix + line.slice(from)))
    .join('\n');
}

/**
 * Puts back a comment that the source wrote after a key on the key's line: yaml prints it on a
 * line of its own below the key when the key's value is a block collection.
 */
function keepTrailingComments(source: string, output: string): string {
  const trailing = new Set<string>();
  for (const line of source.split('\n')) {
    const match = /^\s*(?:- )*([^\s#][^#]*?:)[ \t]+(#.*)$/.exec(line);
    if (match !== null) trailing.add(`${match[1]} ${match[2]!.trimEnd()}`);
  }
  if (trailing.size === 0) return output;
  const lines = output.split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const next = lines[index + 1];
    const key = /^\s*(?:- )*(\S.*:)$/.exec(line)?.[1];
    const comment = next === undefined ? undefined : /^\s*(#.*)$/.exec(next)?.[1];
    if (key !== undefined && comment !== undefined && trailing.has(`${key} ${comment}`)) {
      kept.push(`${line} ${comment}`);
      index++;
    } else {
      kept.push(line);
    }
  }
  return kept.join('\n');
}

function commentsOf(text: string): string[] {
  return [...new Lexer().lex(text)]
    .filter((token) => token.startsWith('#'))
    .map((token) => token.trimEnd());
}

function anchorsOf(text: string): string[] {
  return [...new Lexer().lex(text)].filter((token) => /^[&*]/.test(token));
}

/** One edit that replaces only the lines that changed, so the editor keeps the rest in place. */
function minimalEdit(file: ContractFile, formatted: string): TextEdit {
  const before = splitLines(file.text);
  const after = splitLines(formatted);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  const start = before.slice(0, head).join('').length;
  const end = file.text.length - before.slice(before.length - tail).join('').length;
  const newText = after.slice(head, after.length - tail).join('');
  return TextEdit.replace(file.lines.rangeOf({ start, end }), newText);
}

/** Splits text into lines that keep their line breaks. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}
