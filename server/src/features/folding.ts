/**
 * Folding ranges: every mapping entry and sequence item that spans several lines, and every block
 * of two or more consecutive comment lines.
 */
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import type { SyntaxNode } from '../contract/tree';
import { lastContentOffset } from './spans';

/** Ranges by file object: a file object never changes, and editors ask again without edits. */
const cache = new WeakMap<ContractFile, FoldingRange[]>();

export function foldingRanges(file: ContractFile): FoldingRange[] {
  let ranges = cache.get(file);
  if (ranges === undefined) {
    ranges = computeRanges(file);
    cache.set(file, ranges);
  }
  return ranges;
}

function computeRanges(file: ContractFile): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  if (file.root !== undefined) collectNode(file, file.root, ranges);
  collectComments(file, ranges);
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function collectNode(file: ContractFile, node: SyntaxNode, ranges: FoldingRange[]): void {
  if (node.kind === 'map') {
    for (const entry of node.entries()) {
      addRange(file, { start: entry.keySpan.start, end: entry.span.end }, ranges);
      if (entry.value !== undefined) collectNode(file, entry.value, ranges);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items()) {
      addRange(file, item.span, ranges);
      collectNode(file, item, ranges);
    }
  }
}

function addRange(file: ContractFile, span: Span, ranges: FoldingRange[]): void {
  const startLine = file.lines.lineOf(span.start);
  const endLine = file.lines.lineOf(lastContentOffset(file.text, span));
  if (endLine > startLine) ranges.push({ startLine, endLine });
}

const COMMENT_LINE = /^\s*#/;

function collectComments(file: ContractFile, ranges: FoldingRange[]): void {
  let first: number | undefined;
  for (let line = 0; line <= file.lines.lineCount; line++) {
    const isComment = line < file.lines.lineCount && COMMENT_LINE.test(file.lines.lineText(line));
    if (isComment && first === undefined) first = line;
    if (!isComment && first !== undefined) {
      if (line - 1 > first)
        ranges.push({ startLine: first, endLine: line - 1, kind: FoldingRangeKind.Comment });
      first = undefined;
    }
  }
}
