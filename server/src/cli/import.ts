import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DocumentError } from '../interop/documents';
import { contractText, importDocument, ImportOptions } from '../interop/import';
import type { InteropNote } from '../interop/notes';
import { Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { displayPath } from './files';
import { OutputExistsError, writeOutput } from './output';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import an AsyncAPI or OpenAPI document as a contract.',
  help: `Usage: switchboard import FILE --out FILE [--force] [--root DIR] [--allow-remote]

Converts an AsyncAPI 2.6 or 3.x, or OpenAPI 3.0 or 3.1 document, with the files its $refs
reach, into a contract, and prints what did not map, with its place in the source.

Options:
  --out FILE      The contract file to write, such as comm.yaml. Required.
  --force         Replace FILE of --out when it exists.
  --root DIR      The folder that file references must stay inside. Default: the
                  folder of the document.
  --allow-remote  Fetch http and https references, and read files outside --root.
                  Without it, each such reference is reported and imported empty.

Exit status: 0 when the contract was written, 1 when the document has errors or the
output exists, 2 on bad usage or a document that cannot be read.`,
  async run(args) {
    const { location, out, force, options } = importArguments(args);
    // The import can take seconds, so an output that must not be replaced stops it first.
    if (!force && fs.existsSync(out)) {
      process.stderr.write(`${out} already exists; pass --force to replace it.\n`);
      return EXIT_FAILED;
    }

    let result;
    try {
      result = await importDocument(location, options);
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(formatNotes(result.notes));
    if (result.contract === undefined) {
      process.stderr.write(`${location} has errors, so no contract was written.\n`);
      return EXIT_FAILED;
    }

    const text = contractText(result.contract, path.basename(location), result.source);
    try {
      writeOutput(out, text, force);
    } catch (error) {
      if (!(error instanceof OutputExistsError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    process.stdout.write(`Wrote ${out} from ${location} (${result.source}).\n`);
    return EXIT_OK;
  },
};

/** One line per note: `file:line:column severity message`, with 1-based positions. */
export function formatNotes(notes: readonly InteropNote[]): string {
  return notes
    .map((note) => {
      const place =
        note.line === undefined
          ? `${displayPath(note.uri)}#${note.pointer}`
          : `${displayPath(note.uri)}:${note.line + 1}:${(note.character ?? 0) + 1}`;
      return `${place} ${note.severity} ${note.message}\n`;
    })
    .join('');
}

function importArguments(args: string[]): {
  location: string;
  out: string;
  force: boolean;
  options: ImportOptions;
} {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      root: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    throw new UsageError('Name exactly one AsyncAPI or OpenAPI document to import.');
  }
  if (values.out === undefined) {
    throw new UsageError('Name the contract file to write with --out, such as --out comm.yaml.');
  }
  const options: ImportOptions = { allowRemoteRefs: values['allow-remote'] === true };
  if (values.root !== undefined) options.root = values.root;
  return { location: positionals[0]!, out: values.out, force: values.force === true, options };
}
