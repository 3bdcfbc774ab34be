/**
 * Validation with each format's own tools: @asyncapi/parser for AsyncAPI and
 * @seriousme/openapi-schema-validator for OpenAPI. Both libraries are large, so they are loaded on
 * the first import or export and never when the language server starts.
 */
import { pathToFileURL } from 'node:url';
import type { DocumentSet } from './documents';
import type { NoteList } from './notes';
import { appendPointer } from './pointer';

/** stoplight's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint. */
const PARSER_ERROR = 0;

/**
 * Validates the AsyncAPI document of `set` with @asyncapi/parser and adds its errors to the notes.
 * Its warnings are style advice about the source document (such as a missing contact), not about
 * the import, so they are left out. The parser reads other files only through `set`, so it reads nothing that the
 * loader refused, and it never uses the network itself. An error inside a part that stands in for
 * a refused reference is a warning, because the refusal is already reported.
 */
export async function validateAsyncApi(
  set: DocumentSet,
  notes: NoteList = set.notes,
): Promise<void> {
  const { Parser } = formatTools();
  const read = (uri: { toString(): string }): string => {
    const written = uri.toString();
    const key = /^[a-z][a-z0-9+.-]*:/i.test(written) ? written : pathToFileURL(written).href;
    const document = set.documents.get(key);
    return document === undefined ? '{}' : JSON.stringify(document.data);
  };
  const resolvers = ['file', 'http', 'https'].map((schema) => ({ schema, order: 1, read }));
  const parser = new Parser({ __unstable: { resolver: { cache: false, resolvers } } });
  const output = await parser.parse(JSON.stringify(set.root.data), {
    source: set.root.uri,
    applyTraits: false,
    parseSchemas: false,
  });
  for (const diagnostic of output.diagnostics) {
    if (diagnostic.severity !== PARSER_ERROR) continue;
    const segments = diagnostic.path.map(String);
    const at = { uri: set.root.uri, pointer: appendPointer('', ...segments) };
    const message = `AsyncAPI: ${diagnostic.message} (${diagnostic.code})`;
    if (!insidePlaceholder(set, segments)) notes.error(at, message);
    else notes.warn(at, message);
  }
}

function insidePlaceholder(set: DocumentSet, segments: readonly string[]): boolean {
  let current = set.deref({ uri: set.root.uri, pointer: '' }, set.root.data);
  for (const segment of segments) {
    if (isPlaceholder(set, current.value)) return true;
    current = set.child(current, segment);
  }
  return isPlaceholder(set, current.value);
}

function isPlaceholder(set: DocumentSet, value: unknown): boolean {
  return value !== null && typeof value === 'object' && set.placeholders.has(value);
}

/**
 * Loads the validators from the file next to this one: the bundle of its own in dist/, or the
 * compiled module in a build of the sources.
 */
function formatTools(): typeof import('./format-tools') {
  return require('./format-tools.js') as typeof import('./format-tools');
}

export interface OpenApiProblem {
  /** The JSON Pointer of the invalid value. */
  pointer: string;
  message: string;
}

/** Validates an OpenAPI 3.0 or 3.1 document object against the schema of its version. */
export async function validateOpenApi(document: unknown): Promise<OpenApiProblem[]> {
  const Validator = await formatTools().openApiValidator();
  const validator = new Validator();
  const result = await validator.validate(document as Record<string, unknown>);
  if (result.valid) return [];
  const errors = result.errors;
  if (errors === undefined)
    return [{ pointer: '', message: 'OpenAPI: the document is not valid.' }];
  if (typeof errors === 'string') return [{ pointer: '', message: `OpenAPI: ${errors}` }];
  return errors.map((error) => ({
    pointer: error.instancePath,
    message: `OpenAPI: ${error.instancePath || 'the document'} ${error.message ?? 'is not valid'}`,
  }));
}
