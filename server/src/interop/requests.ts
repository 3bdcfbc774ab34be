/**
 * The import and export requests of the language server. The AsyncAPI parser and the OpenAPI
 * validator load on the first request, through the dynamic imports in ./validators.
 */
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import type { FileProvider } from '../contract/includes';
import { OutputExistsError, writeOutput } from '../cli/output';
import {
  ExportContractParams,
  ExportContractRequest,
  ImportDocumentParams,
  ImportDocumentRequest,
  InteropResult,
} from '../protocol';
import { DocumentError } from './documents';
import { exportContract } from './export';
import { contractText, importDocument } from './import';
import * as path from 'node:path';

export function registerInteropRequests(connection: Connection, files: FileProvider): void {
  connection.onRequest(ImportDocumentRequest, (params) => handleImport(connection, params));
  connection.onRequest(ExportContractRequest, (params) => handleExport(connection, files, params));
}

async function handleImport(
  connection: Connection,
  params: ImportDocumentParams,
): Promise<InteropResult> {
  const location = fileURLToPath(params.uri);
  const out = fileURLToPath(params.outUri);
  connection.console.info(`Importing ${location} into ${out}.`);
  try {
    const result = await importDocument(location, { allowRemoteRefs: params.allowRemoteRefs });
    const notes = result.notes.map(({ pointer: _pointer, ...note }) => note);
    if (result.contract === undefined) {
      return {
        written: false,
        message: `${path.basename(location)} has errors, so no contract was written.`,
        notes,
      };
    }
    writeOutput(
      out,
      contractText(result.contract, path.basename(location), result.source),
      params.force,
    );
    return {
      written: true,
      message: `Imported ${path.basename(location)} (${result.source}) into ${path.basename(out)}.`,
      notes,
    };
  } catch (error) {
    return failure(connection, `Import of ${location}`, error);
  }
}

async function handleExport(
  connection: Connection,
  files: FileProvider,
  params: ExportContractParams,
): Promise<InteropResult> {
  const out = fileURLToPath(params.outUri);
  connection.console.info(`Exporting ${params.uri} as ${params.target} into ${out}.`);
  try {
    const result = await exportContract(params.uri, files, params.target);
    if (result.problems.length > 0) {
      return {
        written: false,
        message: `The contract has ${result.problems.length} errors, so it was not exported. Fix them first.`,
        notes: [],
      };
    }
    if (result.invalid.length > 0) {
      const notes = result.invalid.map((message) => ({
        severity: 'error' as const,
        message,
        uri: params.outUri,
      }));
      return {
        written: false,
        message: `The exported ${params.target} document is not valid, so it was not written.`,
        notes,
      };
    }
    writeOutput(out, result.text!, params.force);
    return {
      written: true,
      message: `Exported the contract as ${params.target} into ${path.basename(out)}.`,
      notes: [],
    };
  } catch (error) {
    return failure(connection, `Export of ${params.uri}`, error);
  }
}

function failure(connection: Connection, what: string, error: unknown): InteropResult {
  const expected = error instanceof DocumentError || error instanceof OutputExistsError;
  if (!expected)
    connection.console.error(
      `${what} failed: ${error instanceof Error ? error.stack : String(error)}`,
    );
  const message = error instanceof Error ? error.message : String(error);
  return { written: false, message: expected ? message : `${what} failed: ${message}`, notes: [] };
}
