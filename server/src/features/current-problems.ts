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
 * Returns the problems of the file in the last analyses of the contracts that contain it, from
 * those analyses that read the current text of every file of their contract.
 */
export function currentProblems(workspace: ContractWorkspace, file: ContractFile): Problem[] {
  const problems: Problem[] = [];
  for (const root of workspace.rootsOf(file.uri)) {
    // A root is included by nothing, so its last analysis is its own.
    const analysis = workspace.lastAnalysis(root);
    if (analysis === undefined || !isCurrent(workspace, analysis, file)) continue;
    problems.push(...analysis.problems.filter((problem) => problem.uri === file.uri));
  }
  return problems;
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
