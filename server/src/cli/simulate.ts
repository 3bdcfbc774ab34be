import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeContract } from '../contract/analysis';
import { flowNames, SimulationError } from '../sim/compile';
import { formatRunText } from '../sim/format-text';
import { runFlow } from '../sim/run';
import { Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { checkRootOption, DiskFiles, fileUri, includeBoundary, ROOT_OPTION_HELP } from './files';
import { formatReport, locateProblems } from './report';

const FORMATS = ['text', 'json'] as const;
type SimulateFormat = (typeof FORMATS)[number];
const DEFAULT_TRACE_EVENTS = 60;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Run a flow of a contract in virtual time and check its expectations.',
  help: `Usage: switchboard simulate FILE --flow NAME [--seed N] [--format text|json] [--trace N]
                         [--root DIR]

Runs flow NAME of the contract in FILE on an in-process bus, in virtual time, and prints
its trace and metrics. The same contract, flow and seed always give the same output.

Options:
  --flow NAME      The flow to run, from the contract's 'flows'.
  --seed N         The seed of the random generator, an integer of 0 or more; replaces
                   the flow's own seed.
  --format FORMAT  text (default) for a readable trace and summary; json for the
                   trace, metrics and expectation results as one JSON object.
  --trace N        How many trace events to print or include, from the start of the
                   run; default ${DEFAULT_TRACE_EVENTS}. 0 prints only the summary.
${ROOT_OPTION_HELP}

Exit status: 0 when every expectation passed, 1 when one failed or the run stopped at a
limit or a message cycle, 2 on bad usage, a contract with errors, or a file that cannot
be read.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        flow: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string', default: 'text' },
        trace: { type: 'string' },
        root: { type: 'string' },
      },
      allowPositionals: true,
    });
    const format = values.format as SimulateFormat;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`Unknown format '${values.format}'; use ${FORMATS.join(' or ')}.`);
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'Name the contract file to simulate.'
          : `Name one contract file to simulate, not ${positionals.length}: ${positionals.join(', ')}.`,
      );
    }
    const seed = parseCount(values.seed, '--seed');
    const traceLimit = parseCount(values.trace, '--trace') ?? DEFAULT_TRACE_EVENTS;
    const location = positionals[0]!;
    checkRootOption(values.root, [location]);
    const contract = loadContract(location, values.root);
    if (contract === undefined) return EXIT_USAGE;
    if (values.flow === undefined) {
      const names = flowNames(contract);
      throw new UsageError(
        `Name the flow to run with --flow. ${names.length === 0 ? `${location} has no flows.` : `The flows of ${location} are: ${names.join(', ')}.`}`,
      );
    }
    try {
      const run = runFlow(contract, values.flow, { seed, traceLimit });
      const output =
        format === 'json'
          ? JSON.stringify({ ...run.summary, trace: run.trace, sources: run.sources }, null, 2) +
            '\n'
          : formatRunText(run.summary, run.trace, traceLimit);
      process.stdout.write(output);
      return run.summary.passed ? EXIT_OK : EXIT_FAILED;
    } catch (error) {
      if (error instanceof SimulationError) throw new UsageError(error.message);
      throw error;
    }
  },
};

function parseCount(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(
      `Invalid ${option} '${value}': write an integer of 0 or more, such as 42.`,
    );
  }
  return Number(value);
}

/** Reads and checks the contract; prints why and returns undefined when it cannot be simulated. */
function loadContract(location: string, rootOption: string | undefined) {
  let isFile = false;
  try {
    isFile = fs.statSync(location).isFile();
  } catch {
    isFile = false;
  }
  const files = new DiskFiles();
  const root = isFile ? files.get(fileUri(location)) : undefined;
  if (root === undefined) {
    process.stderr.write(
      `Cannot read ${location}: ${isFile ? 'it could not be read.' : 'no such file.'}\n`,
    );
    return undefined;
  }
  const analysis = analyzeContract(root, files, includeBoundary(location, rootOption));
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const parsed = new Map(analysis.contract.files.map((file) => [file.uri, file]));
    process.stderr.write(formatReport('stylish', locateProblems(errors, parsed)));
    process.stderr.write(
      `Cannot simulate ${location}: it has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}. ` +
        `Fix them first; 'switchboard check ${location}' lists them.\n`,
    );
    return undefined;
  }
  return analysis.contract;
}
