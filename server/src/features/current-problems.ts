/**
 * Finds the problem of the current text that a client's diagnostic reports. A client can send a
 * diagnostic of an older version of the document. A fix built from its range would edit whatever
 * text is there now, so such a diagnostic matches nothing.
 */
import type { Diagnostic, Range } from 'vscode-languageserver/node';
import type { Analysis } from '../contract/analysis';
import type { ContractFile } from '../contract/parse';
import type { Problem } from '../contract/problem';
import type { ContractWorkspace } from '../workspace/workspace';

/**
 * Returns the problems of the file in the last analysis of its contract, or undefined unless that
 * analysis read the current text of every file of the contract.
 */
export function currentProblems(
  workspace: ContractWorkspace,
  file: ContractFile,
): Problem[] | undefined {
  const analysis = workspace.lastAnalysis(file.uri);
  if (analysis === undefined || !isCurrent(workspace, analysis, file)) return undefined;
  return analysis.problems.filter((problem) => problem.uri === file.uri);
}

function isCurrent(workspace: ContractWorkspace, analysis: Analysis, file: ContractFile): boolean {
  const files = analysis.contract.files;
  // The workspace parses each version of a document once, so the same object means the same text.
  return (
    files.includes(file) && files.every((analysed) => workspace.get(analysed.uri) === analysed)
  );
}

/** Finds the problem with the diagnostic's code, range and message in the current text. */
export function matchingProblem(
  problems: readonly Problem[],
  file: ContractFile,
  diagnostic: Diagnostic,
): Problem | undefined {
  return problems.find(
    (problem) =>
      problem.code === String(diagnostic.code) &&
      problem.message === diagnostic.message &&
      sameRange(file.lines.rangeOf(problem.span), diagnostic.range),
  );
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
