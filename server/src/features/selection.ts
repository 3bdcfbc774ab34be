/**
 * Selection ranges: from the key or value under the cursor out through its entry, the mapping or
 * sequence that contains it, and each enclosing entry, to the whole document.
 */
import type { Position, SelectionRange } from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import type { SyntaxNode } from '../contract/tree';
import { contentSpan } from './spans';

export function selectionRanges(file: ContractFile, positions: Position[]): SelectionRange[] {
  return positions.map((position) => selectionRange(file, file.lines.offsetAt(position)));
}

function selectionRange(file: ContractFile, offset: number): SelectionRange {
  const spans: Span[] = [{ start: 0, end: file.text.length }];
  let node = file.root;
  while (node !== undefined) {
    pushSpan(spans, file.text, node.span);
    node = stepInto(node, offset, spans, file.text);
  }
  let range: SelectionRange | undefined;
  for (const span of spans) {
    range =
      range === undefined
        ? { range: file.lines.rangeOf(span) }
        : { range: file.lines.rangeOf(span), parent: range };
  }
  return range!;
}

/** Records the spans inside `node` that contain the offset, and returns the child to descend into. */
function stepInto(
  node: SyntaxNode,
  offset: number,
  spans: Span[],
  text: string,
): SyntaxNode | undefined {
  if (node.kind === 'map') {
    for (const entry of node.entries()) {
      if (!contains(entry.span, offset)) continue;
      pushSpan(spans, text, entry.span);
      if (contains(entry.keySpan, offset)) {
        pushSpan(spans, text, entry.keySpan);
        return undefined;
      }
      return entry.value;
    }
  } else if (node.kind === 'seq') {
    return node.items().find((item) => contains(item.span, offset));
  }
  return undefined;
}

/** Adds a span that lies inside the last one, skipping a repeat; outer spans come first. */
function pushSpan(spans: Span[], text: string, full: Span): void {
  const span = contentSpan(text, full);
  const last = spans[spans.length - 1]!;
  if (span.start < last.start || span.end > last.end) return;
  if (span.start === last.start && span.end === last.end) return;
  spans.push(span);
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
