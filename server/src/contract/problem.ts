import type { Span } from './text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  uri: string;
  span: Span;
  message: string;
}

/** A diagnostic before it is converted to LSP or CLI form: positions are offsets into `uri`. */
export interface Problem {
  uri: string;
  span: Span;
  severity: Severity;
  /** A stable rule code, documented in docs/rules.md. */
  code: string;
  message: string;
  /** `unnecessary` renders faded in editors; used for unused definitions. */
  tags?: Array<'unnecessary' | 'deprecated'>;
  related?: RelatedLocation[];
  /** What a quick fix needs, such as the suggested name of a "did you mean" fix. */
  data?: ProblemData;
}

export interface ProblemData {
  /** A replacement for the text at `span`. */
  suggestion?: string;
  /** Extra facts for a quick fix, by key. */
  [key: string]: unknown;
}

export function compareProblems(a: Problem, b: Problem): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return (
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}
