import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { JsonObject } from '../contract/model';
import { describeOverlay, EXPORT_TARGETS, exportContract, ExportTarget } from '../interop/export';
import { Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { checkRootOption, DiskFiles, fileUri, includeBoundary, ROOT_OPTION_HELP } from './files';
import { OutputExistsError, writeOutput } from './output';
import { formatReport, locateProblems } from './report';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a contract as an AsyncAPI or OpenAPI document.',
  help: `Usage: switchboard export FILE --to asyncapi|openapi --out FILE [--force] [--root DIR]

Writes the contract as an AsyncAPI 3.0 or OpenAPI 3.1 document and validates it with
the format's own validator. What the format cannot express, such as policies and flows,
is kept in the x-switchboard extension, so importing the document gives the contract back.

Options:
  --to FORMAT  asyncapi or openapi. Required.
  --out FILE   The document to write. Required.
  --force      Replace FILE of --out when it exists.
${ROOT_OPTION_HELP}

Exit status: 0 when the document was written, 1 when the contract has errors, the
document is not valid or the output exists, 2 on bad usage or an unreadable contract.`,
  async run(args) {
    const { location, target, out, force, root } = exportArguments(args);
    // Validation of the export can take seconds, so an output that must not be replaced stops it first.
    if (!force && fs.existsSync(out)) {
      process.stderr.write(`${out} already exists; pass --force to replace it.\n`);
      return EXIT_FAILED;
    }
    const files = new DiskFiles();
    const uri = fileUri(location);
    if (files.get(uri) === undefined) {
      process.stderr.write(`Cannot read ${location}: no such file, or it cannot be read.\n`);
      return EXIT_USAGE;
    }

    const result = await exportContract(uri, files, target, includeBoundary(location, root));
    if (result.problems.length > 0) {
      const parsed = new Map(result.files.map((file) => [file.uri, file]));
      process.stderr.write(formatReport('stylish', locateProblems(result.problems, parsed)));
      process.stderr.write(`${location} has errors, so it was not exported. Fix them first.\n`);
      return EXIT_FAILED;
    }
    if (result.invalid.length > 0) {
      process.stderr.write(result.invalid.map((problem) => `${problem}\n`).join(''));
      process.stderr.write(
        `The exported ${target} document is not valid, so it was not written.\n`,
      );
      return EXIT_FAILED;
    }

    try {
      writeOutput(out, result.text!, force);
    } catch (error) {
      if (!(error instanceof OutputExistsError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    process.stdout.write(`Wrote ${out} from ${location}.\n`);
    printKept(target, result.document!);
    return EXIT_OK;
  },
};

function exportArguments(args: string[]): {
  location: string;
  target: ExportTarget;
  out: string;
  force: boolean;
  root: string | undefined;
} {
  const { values, positionals } = parseArgs({
    args,
    options: {
      to: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      root: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('Name exactly one contract file to export.');
  const target = values.to as ExportTarget | undefined;
  if (target === undefined || !EXPORT_TARGETS.includes(target)) {
    throw new UsageError(
      `Unknown or missing --to '${values.to ?? ''}'; use ${EXPORT_TARGETS.join(' or ')}.`,
    );
  }
  if (values.out === undefined) throw new UsageError('Name the document to write with --out.');
  checkRootOption(values.root, [positionals[0]!]);
  return {
    location: positionals[0]!,
    target,
    out: values.out,
    force: values.force === true,
    root: values.root,
  };
}

function printKept(target: ExportTarget, document: JsonObject): void {
  const kept = describeOverlay(document);
  if (kept.length === 0) return;
  process.stdout.write(`What ${target} cannot express is kept in x-switchboard:\n`);
  process.stdout.write(kept.map((line) => `  ${line}\n`).join(''));
}
