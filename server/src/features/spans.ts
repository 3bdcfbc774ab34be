/** Span helpers for features that show or edit ranges of YAML nodes. */
import type { Span } from '../contract/text';

/** The offset of the last character of a span that is not whitespace, or its start. */
export function lastContentOffset(text: string, span: Span): number {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) end--;
  return Math.max(span.start, end - 1);
}

/**
 * A span without its trailing whitespace. A block node's span runs to the start of the next line,
 * and an editor should not show or select that line break as part of the node.
 */
export function contentSpan(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) end--;
  return { start: span.start, end };
}
