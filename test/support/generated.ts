/**
 * Generates clients into folders under out/, where node_modules is found, and compiles them with
 * the real TypeScript compiler.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { DiskFiles, fileUri } from '../../server/src/cli/files';
import { generateClient } from '../../server/src/codegen/generate';
import { planOutput, writeOutput } from '../../server/src/codegen/output';
import { analyzeContract, type Analysis } from '../../server/src/contract/analysis';
import { REPO_ROOT } from './lsp-client';

export const SHOP_CONTRACT = path.join(REPO_ROOT, 'examples/shop/comm.yaml');
export const HOSTILE_CONTRACT = path.join(REPO_ROOT, 'test/fixtures/codegen/hostile.comm.yaml');

/** Returns a fresh folder under out/generated for one test's output. */
export function outputFolder(name: string): string {
  const folder = path.join(REPO_ROOT, 'out', 'generated', name);
  fs.rmSync(folder, { recursive: true, force: true });
  return folder;
}

export function analyze(contractPath: string): Analysis {
  const files = new DiskFiles();
  const root = files.get(fileUri(contractPath));
  if (root === undefined) throw new Error(`Cannot read ${contractPath}.`);
  return analyzeContract(root, files, path.dirname(contractPath));
}

/** Generates a contract's client into `folder` and returns the generated paths. */
export function generateInto(contractPath: string, folder: string): string[] {
  const result = generateClient(analyze(contractPath).contract, path.basename(contractPath));
  if (result.collisions.length > 0)
    throw new Error(`Names collide: ${JSON.stringify(result.collisions.length)}`);
  writeOutput(planOutput(folder, result.files), false);
  return result.files.map((file) => file.path);
}

/** The options of the check: strict with exactOptionalPropertyTypes, as the output promises. */
const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  skipLibCheck: true,
  types: ['node'],
};

/**
 * Compiles every .ts file of `folder`; with `outDir` it writes CommonJS JavaScript there. Returns
 * the diagnostics as formatted text, one per line, empty when there are none.
 */
export function compile(folder: string, outDir?: string): string[] {
  const files = listTs(folder);
  const options: ts.CompilerOptions =
    outDir === undefined
      ? { ...STRICT_OPTIONS, noEmit: true }
      : { ...STRICT_OPTIONS, outDir, rootDir: folder };
  const program = ts.createProgram(files, options);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  return diagnostics.map((diagnostic) => {
    const where =
      diagnostic.file === undefined ? '' : `${path.relative(folder, diagnostic.file.fileName)}: `;
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
}

function listTs(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const location = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...listTs(location));
    else if (entry.name.endsWith('.ts')) found.push(location);
  }
  return found.sort();
}
