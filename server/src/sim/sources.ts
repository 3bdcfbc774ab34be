/** Turns the plan's source references into file positions, so a trace event can reveal its line. */
import type { Contract } from '../contract/model';
import type { Range } from '../contract/text';
import { entryAtPath, nodeAtPath } from '../contract/tree';
import type { SourceRef } from './plan';

export interface SourceLocation {
  readonly uri: string;
  /** 0-based line and UTF-16 character positions, as LSP counts them. */
  readonly range: Range;
}

/** Returns the position of each reference: the key that starts it, or the file's start. */
export function resolveSources(
  contract: Contract,
  sources: readonly SourceRef[],
): SourceLocation[] {
  const files = new Map(contract.files.map((file) => [file.uri, file]));
  return sources.map((source) => {
    const file = files.get(source.uri);
    const start = { line: 0, character: 0 };
    if (file === undefined) return { uri: source.uri, range: { start, end: start } };
    const entry = entryAtPath(file.root, source.path);
    const span = entry?.keySpan ?? nodeAtPath(file.root, source.path)?.span;
    if (span === undefined) return { uri: source.uri, range: { start, end: start } };
    return { uri: source.uri, range: file.lines.rangeOf(span) };
  });
}
