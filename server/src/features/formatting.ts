/**
 * Document formatting: re-indents every block collection by the editor's indent size, writes flow
 * mappings as `{ a: 1 }` and flow sequences as `[a, b]`, one space after each colon and comma, and
 * keeps comments, anchors, aliases, quoting, block scalars and key order. The yaml library prints
 * the document again from its syntax tree; the result is checked before it is used, and the file is
 * left as it is when the check fails.
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
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const source = eol === '\n' ? text : text.replace(/\r\n/g, '\n');
  const document = parseDocument(source, { keepSourceTokens: false });
  if (document.errors.length > 0)
    return { error: 'the file has YAML syntax errors; fix them first.' };
  if (source.trim() === '') return text;

  setFlowPadding(document);
  let output = document.toString({
    indent: Math.max(1, indent),
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
  });
  if (!/\n$/.test(source)) output = output.replace(/\n$/, '');
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
