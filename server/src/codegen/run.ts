/**
 * Generation as the command-line tool and the language server run it: check the contract, stop on
 * errors and name collisions, generate, and plan the writes into the output folder.
 */
import * as path from 'node:path';
import type { Analysis } from '../contract/analysis';
import { filePath } from '../contract/includes';
import type { Problem } from '../contract/problem';
import { generateClient } from './generate';
import { planOutput, type PlannedFile } from './output';

export type GenerationPlan =
  /** The contract has errors or name collisions; nothing was generated. */
  | { readonly kind: 'blocked'; readonly problems: readonly Problem[] }
  /** Generation failed, such as on a .proto that cannot be read; `message` says why. */
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'planned'; readonly files: readonly PlannedFile[] };

/** Returns the problems that stop generation: errors, and names that collide in generated code. */
export function blockingProblems(problems: readonly Problem[]): Problem[] {
  return problems.filter(
    (problem) => problem.severity === 'error' || problem.code === 'name-collision',
  );
}

/** Generates the client of an analyzed contract and plans writing it into `outDir`. */
export function planGeneration(analysis: Analysis, outDir: string): GenerationPlan {
  const blocking = blockingProblems(analysis.problems);
  if (blocking.length > 0) return { kind: 'blocked', problems: blocking };
  const root = analysis.contract.files[0];
  const source =
    root === undefined ? 'the contract' : path.basename(filePath(root.uri) ?? root.uri);
  try {
    const result = generateClient(analysis.contract, source);
    if (result.collisions.length > 0) {
      return {
        kind: 'failed',
        message: 'Names of the contract collide in generated code; run switchboard check.',
      };
    }
    return { kind: 'planned', files: planOutput(outDir, result.files) };
  } catch (error) {
    return { kind: 'failed', message: (error as Error).message };
  }
}
