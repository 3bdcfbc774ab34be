/** Exports a contract as an AsyncAPI 3.0 or OpenAPI 3.1 document, validated with the format's tools. */
import * as path from 'node:path';
import { stringify } from 'yaml';
import { analyzeContract } from '../contract/analysis';
import type { FileProvider } from '../contract/includes';
import type { JsonObject } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Problem } from '../contract/problem';
import { exportAsyncApi } from './asyncapi-out';
import { documentSetFromText } from './documents';
import { isObject, SECTIONS } from './draft';
import { convertDocumentSet } from './import';
import { NoteList } from './notes';
import { exportOpenApi } from './openapi-out';
import { computeOverlay, OVERLAY_KEY } from './overlay';
import { validateAsyncApi, validateOpenApi } from './validators';

export type ExportTarget = 'asyncapi' | 'openapi';

export const EXPORT_TARGETS: readonly ExportTarget[] = ['asyncapi', 'openapi'];

export interface ExportResult {
  /** The contract's errors; when there are any, nothing is exported. */
  problems: Problem[];
  /** The files of the contract, to locate its problems. */
  files: readonly ContractFile[];
  document?: JsonObject;
  text?: string;
  /** Problems the format's own validator found in the exported document. */
  invalid: string[];
}

/** Exports the contract whose root file is `uri`, with the files it includes. */
export async function exportContract(
  uri: string,
  files: FileProvider,
  target: ExportTarget,
  boundary?: string,
): Promise<ExportResult> {
  const root = files.get(uri);
  if (root === undefined) throw new Error(`The contract ${uri} cannot be read.`);
  const analysis = analyzeContract(root, files, boundary);
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  const contractFiles = analysis.contract.files;
  if (errors.length > 0) return { problems: errors, files: contractFiles, invalid: [] };
  const contract = mergeFiles(contractFiles.map((file) => file.data));
  const title = path.basename(new URL(uri).pathname).replace(/(\.comm)?\.ya?ml$/, '');
  const document = exportDocument(contract, target, title);
  const invalid = await validateExport(document, target);
  const text = stringify(document, { lineWidth: 100, aliasDuplicateObjects: false });
  return { problems: [], files: contractFiles, document, text, invalid };
}

/**
 * Lists what the `x-switchboard` extension of an exported document carries, one line a section,
 * such as `policies: 12 definitions` or `top level: gateway`.
 */
export function describeOverlay(document: JsonObject): string[] {
  const overlay = document[OVERLAY_KEY];
  if (!isObject(overlay)) return [];
  const lines: string[] = [];
  if (isObject(overlay['top'])) lines.push(`top level: ${Object.keys(overlay['top']).join(', ')}`);
  const sections = isObject(overlay['sections']) ? overlay['sections'] : {};
  for (const [section, changes] of Object.entries(sections)) {
    if (!isObject(changes)) continue;
    const values = Object.values(changes);
    const whole = values.filter((change) => isObject(change) && 'define' in change).length;
    const partial = values.filter((change) => isObject(change) && !('define' in change)).length;
    const removed = values.filter((change) => change === null).length;
    const parts = [
      whole > 0 ? `${whole} whole definitions` : '',
      partial > 0 ? `properties of ${partial} definitions` : '',
      removed > 0 ? `${removed} definitions to remove on import` : '',
    ].filter((part) => part !== '');
    lines.push(`${section}: ${parts.join(', ')}`);
  }
  return lines;
}

/** Builds the document, with an `x-switchboard` extension for what the format cannot express. */
export function exportDocument(
  contract: JsonObject,
  target: ExportTarget,
  title: string,
): JsonObject {
  const document =
    target === 'asyncapi' ? exportAsyncApi(contract, title) : exportOpenApi(contract, title);
  const native = convertDocumentSet(
    documentSetFromText('memory:/export.json', JSON.stringify(document)),
    target,
  );
  const overlay = computeOverlay(contract, native);
  if (overlay !== undefined) document[OVERLAY_KEY] = overlay;
  return document;
}

async function validateExport(document: JsonObject, target: ExportTarget): Promise<string[]> {
  if (target === 'openapi')
    return (await validateOpenApi(document)).map((problem) => problem.message);
  const set = documentSetFromText('file:///exported.json', JSON.stringify(document));
  const notes = new NoteList();
  await validateAsyncApi(set, notes);
  return notes.notes
    .filter((note) => note.severity === 'error')
    .map((note) => `${note.message} at ${note.pointer || '/'}`);
}

/** The data of a contract's files as one contract: the root's top-level keys, every file's definitions. */
export function mergeFiles(data: readonly unknown[]): JsonObject {
  const merged: JsonObject = {};
  data.forEach((fileData, index) => {
    if (!isObject(fileData)) return;
    for (const [key, value] of Object.entries(fileData)) {
      if ((SECTIONS as readonly string[]).includes(key) && isObject(value)) {
        const entries = isObject(merged[key]) ? (merged[key] as JsonObject) : {};
        for (const [name, spec] of Object.entries(value))
          if (!(name in entries)) entries[name] = spec;
        merged[key] = entries;
      } else if (index === 0 && key !== 'includes') {
        merged[key] = value;
      }
    }
  });
  return JSON.parse(JSON.stringify(merged)) as JsonObject;
}
