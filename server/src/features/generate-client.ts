/** Handles the generate-client request: checks, generates and writes a contract's client. */
import * as path from 'node:path';
import { fileStem } from '../codegen/identifiers';
import { changedFiles, writeOutput } from '../codegen/output';
import { planGeneration } from '../codegen/run';
import type { GenerateClientParams, GenerateClientResult } from '../protocol';
import type { ContractWorkspace } from '../workspace/workspace';

export function generateClientFor(
  workspace: ContractWorkspace,
  params: GenerateClientParams,
): GenerateClientResult {
  const empty = { written: [], changed: [] };
  const root = workspace.rootsOf(params.uri)[0] ?? params.uri;
  const analysis = workspace.analyze(root);
  if (analysis === undefined) {
    return { status: 'failed', message: `The contract ${params.uri} could not be read.`, ...empty };
  }
  if (!path.isAbsolute(params.outDir)) {
    return {
      status: 'failed',
      message: `The output folder '${params.outDir}' is not an absolute path.`,
      ...empty,
    };
  }
  const plan = planGeneration(analysis, params.outDir);
  if (plan.kind === 'blocked') {
    const count = plan.problems.length;
    return {
      status: 'blocked',
      message: `Nothing was generated: the contract has ${count} problem(s) to fix first; see the Problems panel.`,
      ...empty,
    };
  }
  if (plan.kind === 'failed')
    return { status: 'failed', message: `Nothing was generated: ${plan.message}`, ...empty };

  const changed = changedFiles(plan.files).map((planned) => planned.location);
  if (changed.length > 0 && !params.overwrite) {
    return {
      status: 'confirm',
      message: `${changed.length} generated file(s) in ${params.outDir} were changed since they were generated.`,
      written: [],
      changed,
    };
  }
  writeOutput(plan.files, params.overwrite);
  const written = plan.files
    .filter((planned) => planned.action !== 'unchanged' && planned.action !== 'keep-scaffold')
    .map((planned) => planned.location);
  const stem = params.service === undefined ? undefined : fileStem(params.service);
  const client = plan.files.find(
    (planned) => stem !== undefined && planned.file.path === `clients/${stem}.ts`,
  );
  const index = plan.files.find((planned) => planned.file.path === 'index.ts');
  const entry = (client ?? index)?.location;
  return {
    status: 'written',
    message: `Generated ${plan.files.length} files in ${params.outDir} (${written.length} written).`,
    written,
    changed,
    ...(entry === undefined ? {} : { entry }),
  };
}
