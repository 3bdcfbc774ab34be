import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeContract } from '../contract/analysis';
import type { ContractFile } from '../contract/parse';
import { changedFiles, writeOutput } from '../codegen/output';
import { planGeneration } from '../codegen/run';
import { Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { checkRootOption, DiskFiles, fileUri, includeBoundary, ROOT_OPTION_HELP } from './files';
import { formatReport, locateProblems } from './report';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate a typed TypeScript client, bus and handlers from a contract.',
  help: `Usage: switchboard generate FILE --out DIR [--force] [--root DIR]

Generates TypeScript from the contract FILE into the folder DIR: payload types, a client
per service that applies the contract's timeouts, retries, circuit breakers and bulkheads,
a typed message bus, handler interfaces and handler stubs.

Options:
  --out DIR  The folder to write into; created when missing.
  --force    Replace generated files that were changed since they were generated.
             Without it, such files are left as they are and the command fails.
             Handler stubs (*.stub.ts) are written once and never replaced.
${ROOT_OPTION_HELP}

Exit status: 0 when every file was written, 1 when the contract has errors or names that
collide, or a changed file was kept, 2 on bad usage or a file that cannot be read.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        root: { type: 'string' },
      },
      allowPositionals: true,
    });
    if (positionals.length !== 1)
      throw new UsageError('Name exactly one contract file to generate from.');
    if (values.out === undefined) throw new UsageError('Name the output folder with --out DIR.');
    const location = positionals[0]!;
    checkRootOption(values.root, [location]);
    const files = new DiskFiles();
    const root = files.get(fileUri(location));
    if (root === undefined) {
      process.stderr.write(`Cannot read ${location}: no such file, or it could not be read.\n`);
      return EXIT_USAGE;
    }
    const analysis = analyzeContract(root, files, includeBoundary(location, values.root));
    const outDir = path.resolve(values.out);
    const plan = planGeneration(analysis, outDir);
    if (plan.kind === 'blocked') {
      const parsed = new Map<string, ContractFile>(
        analysis.contract.files.map((file) => [file.uri, file]),
      );
      process.stderr.write(formatReport('stylish', locateProblems(plan.problems, parsed)));
      process.stderr.write(`Nothing was generated: fix the problems above in ${location} first.\n`);
      return EXIT_FAILED;
    }
    if (plan.kind === 'failed') {
      process.stderr.write(`Nothing was generated: ${plan.message}\n`);
      return EXIT_FAILED;
    }
    const skipped = writeOutput(plan.files, values.force === true);
    for (const planned of skipped) {
      const why =
        planned.authorship === 'modified'
          ? 'was changed since it was generated'
          : 'was not written by Switchboard';
      process.stderr.write(`Kept ${path.relative(process.cwd(), planned.location)}: it ${why}.\n`);
    }
    const count = (action: string) =>
      plan.files.filter((planned) => planned.action === action).length;
    const written =
      count('create') +
      count('update') +
      (values.force === true ? changedFiles(plan.files).length : 0);
    process.stdout.write(
      `Generated ${plan.files.length} files in ${values.out}: ${written} written, ${count('unchanged')} unchanged, ` +
        `${count('keep-scaffold')} stubs kept.\n`,
    );
    if (skipped.length > 0) {
      process.stderr.write(
        'Run again with --force to replace the kept files, or move your changes elsewhere.\n',
      );
      return EXIT_FAILED;
    }
    return EXIT_OK;
  },
};
