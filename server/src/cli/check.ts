import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeContract } from '../contract/analysis';
import type { ContractFile } from '../contract/parse';
import type { Problem } from '../contract/problem';
import { Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { checkRootOption, DiskFiles, ROOT_OPTION_HELP, fileUri, includeBoundary } from './files';
import { formatReport, locateProblems, REPORT_FORMATS, ReportFormat } from './report';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check contracts and print their problems.',
  help: `Usage: switchboard check FILE... [--format stylish|json|sarif] [--root DIR]

Checks each contract file and the files it includes, and prints every problem.
Includes must stay inside the top folder of the git work tree that contains FILE,
or inside the folder of FILE when it is in no git work tree.

Options:
  --format FORMAT  stylish (default) for people; json for an array of problems with
                   0-based LSP positions; sarif for a SARIF 2.1.0 log, as code
                   scanning services read it.
${ROOT_OPTION_HELP}

Exit status: 0 when no file has errors, 1 when one has, 2 on bad usage or a file that
cannot be read or checked.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { format: { type: 'string', default: 'stylish' }, root: { type: 'string' } },
      allowPositionals: true,
    });
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) {
      throw new UsageError(`Unknown format '${values.format}'; use ${REPORT_FORMATS.join(', ')}.`);
    }
    if (positionals.length === 0) throw new UsageError('Name at least one contract file to check.');
    checkRootOption(values.root, positionals);

    const files = new DiskFiles();
    const parsed = new Map<string, ContractFile>();
    const problems: Problem[] = [];
    const seen = new Set<string>();
    let unreadable = false;
    for (const location of positionals) {
      const uri = fileUri(location);
      const root = readable(location) ? files.get(uri) : undefined;
      if (root === undefined) {
        process.stderr.write(`Cannot read ${location}: ${readError(location)}\n`);
        unreadable = true;
        continue;
      }
      const boundary = includeBoundary(location, values.root);
      const analysis = analyzeSafely(location, () => analyzeContract(root, files, boundary));
      if (analysis === undefined) {
        unreadable = true;
        continue;
      }
      for (const file of analysis.contract.files) parsed.set(file.uri, file);
      for (const problem of analysis.problems) {
        // A file included by two of the named files would otherwise report its problems twice.
        const key = `${problem.uri}:${problem.span.start}:${problem.span.end}:${problem.code}:${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problem);
      }
    }

    process.stdout.write(formatReport(format, locateProblems(problems, parsed)));
    if (unreadable) return EXIT_USAGE;
    return problems.some((problem) => problem.severity === 'error') ? EXIT_FAILED : EXIT_OK;
  },
};

/**
 * Runs the checks of one file. An unexpected error becomes a message naming the file, so that the
 * other files are still checked and the exit status is 2, not a stack trace.
 */
function analyzeSafely<T>(location: string, analyze: () => T): T | undefined {
  try {
    return analyze();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Cannot check ${location}: the checker failed with '${message}'. ` +
        'This is a bug in Switchboard; please report it with the file.\n',
    );
    return undefined;
  }
}

function readable(location: string): boolean {
  try {
    return fs.statSync(location).isFile();
  } catch {
    return false;
  }
}

function readError(location: string): string {
  try {
    const stat = fs.statSync(location);
    if (!stat.isFile()) return 'it is not a file.';
    fs.accessSync(location, fs.constants.R_OK);
    return 'it could not be read.';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file.';
    if (code === 'EACCES') return 'permission denied.';
    return (error as Error).message;
  }
}
