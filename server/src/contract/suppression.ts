/**
 * Suppression comments. A full-line comment `# switchboard-disable-next-line CODE[, CODE...]`
 * silences those codes on the next line that is neither blank nor a comment, and
 * `# switchboard-disable CODE[, CODE...]` silences them in the whole file. Text after ` -- ` is a
 * reason for the reader. A code that silences nothing is reported as `unused-suppression`.
 */
import type { ContractFile } from './parse';
import type { Problem } from './problem';
import type { Span } from './text';
import { locate } from './tree';

export const UNUSED_SUPPRESSION = 'unused-suppression';

const MARKER = 'switchboard-disable';
const DIRECTIVE = /^(\s*#\s*)switchboard-disable(-next-line)?(?=\s|$)(.*)$/;
const CODE = /[^\s,]+/g;

export interface Suppression {
  code: string;
  /** The code's text in the comment. */
  span: Span;
  /** The line whose problems it silences, or undefined for the whole file. */
  line: number | undefined;
}

/** Finds the suppression comments of a file. Lines inside a block scalar are text, not comments. */
export function findSuppressions(file: ContractFile): Suppression[] {
  if (!file.text.includes(MARKER)) return [];
  const suppressions: Suppression[] = [];
  const { lines } = file;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const match = DIRECTIVE.exec(text);
    if (match === null) continue;
    const lineStart = lines.lineStarts[line]!;
    const commentStart = lineStart + text.indexOf('#');
    if (locate(file.root, commentStart).node?.kind === 'scalar') continue;
    const target = match[2] === undefined ? undefined : nextContentLine(file, line);
    const codesStart = lineStart + match[1]!.length + MARKER.length + (match[2]?.length ?? 0);
    const codes = match[3]!.split(' -- ')[0]!;
    for (const code of codes.matchAll(CODE)) {
      const start = codesStart + code.index;
      suppressions.push({
        code: code[0],
        span: { start, end: start + code[0].length },
        line: target,
      });
    }
  }
  return suppressions;
}

/** Returns the first line after `line` that is neither blank nor a full-line comment, or -1 if none. */
function nextContentLine(file: ContractFile, line: number): number {
  for (let next = line + 1; next < file.lines.lineCount; next++) {
    const text = file.lines.lineText(next).trim();
    if (text !== '' && !text.startsWith('#')) return next;
  }
  return -1;
}

/**
 * Drops the problems that suppression comments silence, and reports each suppressed code that
 * silences nothing. `complete` is false when the semantic rules did not run, so a rule's
 * suppression cannot be judged unused.
 */
export function applySuppressions(
  files: readonly ContractFile[],
  problems: Problem[],
  knownCodes: ReadonlySet<string>,
  complete: boolean,
): Problem[] {
  const kept: Problem[] = [];
  const used = new Set<Suppression>();
  const byFile = new Map(
    files.map((file) => [file.uri, { file, suppressions: findSuppressions(file) }]),
  );
  for (const problem of problems) {
    const entry = byFile.get(problem.uri);
    const suppression =
      entry === undefined ? undefined : matching(entry.file, entry.suppressions, problem);
    if (suppression === undefined) kept.push(problem);
    else used.add(suppression);
  }
  for (const { file, suppressions } of byFile.values()) {
    for (const suppression of suppressions) {
      if (used.has(suppression)) continue;
      const unknown = !knownCodes.has(suppression.code) || suppression.code === UNUSED_SUPPRESSION;
      if (!unknown && !complete) continue;
      kept.push(unusedProblem(file, suppression, unknown));
    }
  }
  return kept;
}

function matching(
  file: ContractFile,
  suppressions: Suppression[],
  problem: Problem,
): Suppression | undefined {
  if (suppressions.length === 0 || problem.code === UNUSED_SUPPRESSION) return undefined;
  const line = file.lines.lineOf(problem.span.start);
  return suppressions.find(
    (suppression) =>
      suppression.code === problem.code &&
      (suppression.line === undefined || suppression.line === line),
  );
}

function unusedProblem(file: ContractFile, suppression: Suppression, unknown: boolean): Problem {
  const { code } = suppression;
  const where = suppression.line === undefined ? 'in this file' : 'on the next line';
  const message = unknown
    ? `'${code}' is not a code that can be suppressed, so this comment silences nothing. ` +
      'Use a code from docs/rules.md, or remove it.'
    : `This comment silences '${code}' ${where}, but no '${code}' problem is there. Remove it.`;
  return {
    uri: file.uri,
    span: suppression.span,
    severity: 'warning',
    code: UNUSED_SUPPRESSION,
    message,
    tags: ['unnecessary'],
  };
}
