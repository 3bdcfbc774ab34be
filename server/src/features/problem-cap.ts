/**
 * Caps the diagnostics of one file, because an editor slows down under tens of thousands of them.
 * Errors are kept before warnings, and one summary diagnostic counts the rest.
 */
import { compareProblems, Problem, Severity } from '../contract/problem';

/** The maximum number of diagnostics published for one file, the summary included. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function capProblems(
  uri: string,
  problems: readonly Problem[],
  max = MAX_DIAGNOSTICS_PER_FILE,
): Problem[] {
  if (problems.length <= max) return [...problems];
  const kept = [...problems]
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || compareProblems(a, b))
    .slice(0, max - 1);
  const hidden = problems.length - kept.length;
  kept.sort(compareProblems);
  kept.unshift({
    uri,
    span: { start: 0, end: 0 },
    severity: 'error',
    code: 'too-many-problems',
    message:
      `This file has ${problems.length} problems; ${hidden} of them are not shown. ` +
      'Fix the ones shown first: they often cause the others. The command line lists them all.',
  });
  return kept;
}
