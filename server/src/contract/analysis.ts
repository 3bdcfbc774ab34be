/** Runs every check on a contract: syntax, schema, includes and semantic rules. */
import { FileProvider, resolveIncludes } from './includes';
import { buildContract, Contract } from './model';
import type { ContractFile } from './parse';
import { compareProblems, Problem } from './problem';
import { validateSchema } from './schema';
import { runRules } from '../rules';
import { codeCatalog } from '../rules/catalog';
import type { RuleMemory } from '../rules/memory';
import { applySuppressions } from './suppression';

export interface Analysis {
  contract: Contract;
  /** Problems in every file of the contract, sorted by file and position. */
  problems: Problem[];
  /** Included files that were not found: creating one changes the contract. */
  missing: readonly string[];
}

const schemaProblemsByFile = new WeakMap<ContractFile, Problem[]>();

/** Schema problems of one parsed file; a file object is immutable, so they are computed once. */
export function schemaProblems(file: ContractFile): Problem[] {
  let problems = schemaProblemsByFile.get(file);
  if (problems === undefined) {
    problems = file.incomplete ? [] : validateSchema(file);
    schemaProblemsByFile.set(file, problems);
  }
  return problems;
}

/**
 * Analyses a contract. `memory` contains the rule findings of the previous analysis of the same
 * contract, so that the rules check again only what changed.
 */
export function analyzeContract(
  root: ContractFile,
  provider: FileProvider,
  boundary?: string,
  memory?: RuleMemory,
): Analysis {
  const includes = resolveIncludes(root, provider, boundary);
  const problems: Problem[] = [...includes.problems];
  let complete = true;
  for (const file of includes.files) {
    problems.push(...file.problems, ...schemaProblems(file));
    complete &&= !file.incomplete;
  }
  const contract = buildContract(includes.files);
  // Rules would report the gaps left by a resource limit as mistakes, so they run on whole data only.
  if (complete) problems.push(...runRules(contract, memory));
  const shown = applySuppressions(includes.files, dropShadowed(problems), knownCodes(), complete);
  return { contract, problems: shown.sort(compareProblems), missing: includes.missing };
}

let codes: ReadonlySet<string> | undefined;

function knownCodes(): ReadonlySet<string> {
  codes ??= new Set(codeCatalog().map((info) => info.code));
  return codes;
}

/**
 * Drops a problem that a more precise one already reports: unknown-property on a key such as
 * `secret:` under an authentication scheme, which inline-secret explains, and invalid-value on an
 * include entry, such as an empty one, which an include problem explains.
 */
function dropShadowed(problems: Problem[]): Problem[] {
  const secretKeys = new Set<string>();
  const includeEntries = new Set<string>();
  for (const problem of problems) {
    const keySpan = problem.data?.['keySpan'] as { start: number } | undefined;
    if (problem.code === 'inline-secret' && keySpan !== undefined)
      secretKeys.add(`${problem.uri}\0${keySpan.start}`);
    if (problem.code.startsWith('include-'))
      includeEntries.add(`${problem.uri}\0${problem.span.start}`);
  }
  if (secretKeys.size === 0 && includeEntries.size === 0) return problems;
  return problems.filter((problem) => {
    const at = `${problem.uri}\0${problem.span.start}`;
    if (problem.code === 'unknown-property') return !secretKeys.has(at);
    return problem.code !== 'invalid-value' || !includeEntries.has(at);
  });
}
