/**
 * The contract a file belongs to, for editor features that need the names it defines. The last
 * analysis is reused even when the file changed since, because diagnostics analyse the new text a
 * few milliseconds after each edit, and building the model again on every keystroke would double
 * that work. Without an analysis, as before the first diagnostics of a file, the contract is
 * analysed now.
 */
import { buildContract, Contract } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Path } from '../contract/tree';
import type { ContractWorkspace } from '../workspace/workspace';

export function contractAt(workspace: ContractWorkspace, file: ContractFile): Contract {
  const analysis = workspace.lastAnalysis(file.uri);
  // NOTE: until the pending analysis runs, names defined by the latest edit are missing.
  if (analysis !== undefined && analysis.contract.files.some((known) => known.uri === file.uri)) {
    return analysis.contract;
  }
  for (const root of workspace.rootsOf(file.uri)) {
    const fresh = workspace.analyze(root);
    if (fresh !== undefined) return fresh.contract;
  }
  return buildContract([file]);
}

/** Returns a function that reads the file's plain data at a path. */
export function dataReader(file: ContractFile): (path: Path) => unknown {
  return (path) => {
    let value: unknown = file.data;
    for (const segment of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[String(segment)];
    }
    return value;
  };
}
