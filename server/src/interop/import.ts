/** Imports an AsyncAPI or OpenAPI document as a contract: load, validate, convert, write YAML. */
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { JsonObject } from '../contract/model';
import { importAsyncApi } from './asyncapi-in';
import { DocumentError, DocumentSet, loadDocumentSet } from './documents';
import { inlineRefs, isObject, SECTIONS } from './draft';
import type { InteropNote } from './notes';
import { importOpenApi } from './openapi-in';
import { applyOverlay, OVERLAY_KEY } from './overlay';
import { validateAsyncApi, validateOpenApi } from './validators';

export interface ImportOptions {
  /** The folder that file references must stay inside; the document's folder by default. */
  root?: string;
  /** Fetch http and https references, and read file references outside `root`. */
  allowRemoteRefs?: boolean;
  fetchRemote?: (url: string) => Promise<string>;
}

export interface ImportResult {
  /** The format and version of the source, such as `AsyncAPI 3.1.0`. */
  source: string;
  /** The contract, or undefined when the document has errors. */
  contract: JsonObject | undefined;
  notes: InteropNote[];
}

export type SourceFormat = 'asyncapi' | 'openapi';

/** Returns the format a document's data declares, or throws a DocumentError naming what it found. */
export function detectFormat(
  data: unknown,
  location: string,
): { format: SourceFormat; version: string } {
  const value = isObject(data) ? data : {};
  const asyncapi = value['asyncapi'];
  const openapi = value['openapi'];
  if (typeof asyncapi === 'string') {
    if (/^(2\.6|3\.[0-9]+)\.[0-9]+$/.test(asyncapi))
      return { format: 'asyncapi', version: asyncapi };
    throw new DocumentError(
      `${location} is AsyncAPI ${asyncapi}; import reads AsyncAPI 2.6 and 3.x. Convert it first.`,
    );
  }
  if (typeof openapi === 'string') {
    if (/^3\.[01]\.[0-9]+$/.test(openapi)) return { format: 'openapi', version: openapi };
    throw new DocumentError(`${location} is OpenAPI ${openapi}; import reads OpenAPI 3.0 and 3.1.`);
  }
  if (value['swagger'] !== undefined) {
    throw new DocumentError(
      `${location} is Swagger ${String(value['swagger'])}; convert it to OpenAPI 3 first.`,
    );
  }
  throw new DocumentError(
    `${location} is neither AsyncAPI nor OpenAPI: it has no 'asyncapi' or 'openapi' version field.`,
  );
}

/** Imports the document at `location`. Throws a DocumentError when it cannot be read at all. */
export async function importDocument(
  location: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const absolute = path.resolve(location);
  const loadOptions = {
    boundary: path.resolve(options.root ?? path.dirname(absolute)),
    allowRemoteRefs: options.allowRemoteRefs ?? false,
    ...(options.fetchRemote === undefined ? {} : { fetchRemote: options.fetchRemote }),
  };
  const set = await loadDocumentSet(location, loadOptions);
  const { format, version } = detectFormat(set.root.data, location);
  const source = `${format === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'} ${version}`;
  if (format === 'asyncapi') await validateAsyncApi(set);
  else await validateOpenApiSet(set);
  if (set.notes.hasErrors) return { source, contract: undefined, notes: set.notes.notes };
  const contract = convertDocumentSet(set, format);
  return { source, contract, notes: set.notes.notes };
}

/** Converts a loaded document, and applies its `x-switchboard` extension when it has one. */
export function convertDocumentSet(set: DocumentSet, format: SourceFormat): JsonObject {
  const contract = format === 'asyncapi' ? importAsyncApi(set) : importOpenApi(set);
  const overlay = (set.root.data as JsonObject)[OVERLAY_KEY];
  if (overlay !== undefined) {
    // The notes on how the document maps describe parts that the extension then replaces.
    const notes = set.notes.notes;
    notes.splice(0, notes.length, ...notes.filter((note) => note.severity !== 'information'));
    for (const problem of applyOverlay(contract, overlay)) {
      set.notes.warn({ uri: set.root.uri, pointer: `/${OVERLAY_KEY}` }, problem);
    }
  }
  return orderContract(contract);
}

/**
 * Validates an OpenAPI document. The validator resolves only references inside the document, so a
 * document with other files is validated with every reference written out in place.
 */
async function validateOpenApiSet(set: DocumentSet): Promise<void> {
  const root = { at: { uri: set.root.uri, pointer: '' }, value: set.root.data };
  const data = set.documents.size > 1 ? inlineRefs(set, root) : set.root.data;
  for (const problem of await validateOpenApi(data)) {
    set.notes.error({ uri: set.root.uri, pointer: problem.pointer }, problem.message);
  }
}

const TOP_ORDER = ['switchboard', 'info', 'includes', 'encryption', 'gateway', ...SECTIONS];

/** Returns the contract with its top-level keys in the order of the format reference. */
export function orderContract(contract: JsonObject): JsonObject {
  const ordered: JsonObject = {};
  for (const key of TOP_ORDER) if (contract[key] !== undefined) ordered[key] = contract[key];
  for (const [key, value] of Object.entries(contract)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** Writes a contract as YAML, under a comment that names the source. */
export function contractText(contract: JsonObject, sourceName: string, source: string): string {
  const header = `# Imported from ${sourceName} (${source}) by switchboard import.\n`;
  return header + stringify(contract, { lineWidth: 100, aliasDuplicateObjects: false });
}
