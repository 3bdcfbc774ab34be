/**
 * Loads an AsyncAPI or OpenAPI document and every file its `$ref`s reach, with the safety rules of
 * import: a file reference must stay inside the boundary folder, and a remote (http, https)
 * reference is never fetched unless the user allows remote references. A reference that is refused
 * or fails becomes a note, and its place in the data becomes an empty object, so that the rest of
 * the document still imports.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { NoteList, NoteSeverity, SourceRef } from './notes';
import { appendPointer, decodePointer, valueAt } from './pointer';
import { fetchRemoteDocument } from './remote';

export interface LoadOptions {
  /** The folder that file references must stay inside, unless `allowRemoteRefs` is set. */
  boundary: string;
  /** Fetch http and https references, and read file references outside `boundary`. */
  allowRemoteRefs: boolean;
  /** Reads a remote document; the default uses fetch with a timeout and a size limit. */
  fetchRemote?: (url: string) => Promise<string>;
}

export interface LoadedDocument {
  uri: string;
  text: string;
  /** The document's data, with refused references replaced by empty objects. */
  data: unknown;
  yaml: Document;
  lines: LineCounter;
}

/** A place in the loaded documents and the value found there. */
export interface Located<T = unknown> {
  at: SourceRef;
  value: T;
}

/** More documents than this in one import is a reference loop across generated names, not a real document. */
const MAX_DOCUMENTS = 1000;

/** A failure to read the root document; the import cannot start. */
export class DocumentError extends Error {
  override name = 'DocumentError';
}

export class DocumentSet {
  readonly documents = new Map<string, LoadedDocument>();
  readonly notes = new NoteList((at) => this.position(at));
  /** The empty objects that stand in for references that were not followed. */
  readonly placeholders = new Set<object>();

  constructor(readonly root: LoadedDocument) {
    this.documents.set(root.uri, root);
  }

  /** Returns the URI and pointer that `ref`, written in the document at `fromUri`, points to. */
  target(fromUri: string, ref: string): SourceRef {
    const hash = ref.indexOf('#');
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const uri = base === '' ? fromUri : new URL(base, fromUri).href;
    return { uri, pointer: fragment };
  }

  /** Returns the value at a place, or undefined when the document or path does not exist. */
  valueAt(at: SourceRef): unknown {
    const document = this.documents.get(at.uri);
    if (document === undefined) return undefined;
    return valueAt(document.data, decodePointer(at.pointer));
  }

  /**
   * Follows `$ref` chains from `value`, found at `at`. Returns the final place and value; a chain
   * that loops or ends nowhere returns undefined as the value.
   */
  deref(at: SourceRef, value: unknown): Located {
    let current: Located = { at, value };
    const visited = new Set<string>();
    while (isRef(current.value)) {
      const next = this.target(current.at.uri, current.value.$ref);
      const key = `${next.uri}#${next.pointer}`;
      if (visited.has(key)) return { at: next, value: undefined };
      visited.add(key);
      current = { at: next, value: this.valueAt(next) };
    }
    return current;
  }

  /** Returns the child of an object or array at a place, following `$ref`s on the way. */
  child(parent: Located, ...segments: Array<string | number>): Located {
    let current = this.deref(parent.at, parent.value);
    for (const segment of segments) {
      const container = current.value;
      const value =
        container !== null && typeof container === 'object'
          ? (container as Record<string, unknown>)[String(segment)]
          : undefined;
      current = this.deref(
        { uri: current.at.uri, pointer: appendPointer(current.at.pointer, segment) },
        value,
      );
    }
    return current;
  }

  /**
   * Returns the child at `segment` of an object, following `$ref`s to reach the parent but not the
   * child's own, so that a schema importer can tell which shared schema a `$ref` names.
   */
  rawChild(parent: Located, segment: string | number): Located {
    const container = this.deref(parent.at, parent.value);
    const value =
      container.value !== null && typeof container.value === 'object'
        ? (container.value as Record<string, unknown>)[String(segment)]
        : undefined;
    return {
      at: { uri: container.at.uri, pointer: appendPointer(container.at.pointer, segment) },
      value,
    };
  }

  /** The 0-based line and character of a place, or of its nearest ancestor that has a node. */
  position(at: SourceRef): { line: number; character: number } | undefined {
    const document = this.documents.get(at.uri);
    if (document === undefined) return undefined;
    const offset = offsetOf(document.yaml, decodePointer(at.pointer));
    if (offset === undefined) return undefined;
    const { line, col } = document.lines.linePos(offset);
    return { line: line - 1, character: col - 1 };
  }
}

export function isRef(value: unknown): value is { $ref: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}

/** Loads the document at `location` and everything its references reach. */
export async function loadDocumentSet(
  location: string,
  options: LoadOptions,
): Promise<DocumentSet> {
  const absolute = path.resolve(location);
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch (error) {
    throw new DocumentError(`Cannot read ${location}: ${describeReadError(error)}`);
  }
  const root = parseLoaded(pathToFileURL(absolute).href, text);
  if (root.error !== undefined)
    throw new DocumentError(`${location} is not valid YAML or JSON: ${root.error}`);
  const set = new DocumentSet(root.document);
  await new Loader(set, options).loadAll();
  return set;
}

/** Builds a document set from text held in memory, with no references to other files. */
export function documentSetFromText(uri: string, text: string): DocumentSet {
  const parsed = parseLoaded(uri, text);
  if (parsed.error !== undefined)
    throw new DocumentError(`${uri} is not valid YAML or JSON: ${parsed.error}`);
  return new DocumentSet(parsed.document);
}

class Loader {
  private readonly fetchRemote: (url: string) => Promise<string>;

  constructor(
    private readonly set: DocumentSet,
    private readonly options: LoadOptions,
  ) {
    this.fetchRemote = options.fetchRemote ?? fetchRemoteDocument;
  }

  async loadAll(): Promise<void> {
    const pending: LoadedDocument[] = [this.set.root];
    while (pending.length > 0) {
      const document = pending.shift()!;
      for (const ref of collectRefs(document.data)) {
        const loaded = await this.follow(document, ref);
        if (loaded !== undefined) pending.push(loaded);
      }
    }
  }

  /** Checks one reference; returns a newly loaded document that needs scanning in turn. */
  private async follow(
    document: LoadedDocument,
    ref: FoundRef,
  ): Promise<LoadedDocument | undefined> {
    const value = ref.value;
    let target: SourceRef;
    try {
      target = this.set.target(document.uri, value);
    } catch {
      return this.refuse(
        document,
        ref,
        `The $ref '${value}' is not a valid URI reference, so it was not followed.`,
      );
    }
    const scheme = new URL(target.uri).protocol;
    let loaded: LoadedDocument | undefined;
    if (target.uri !== document.uri && !this.set.documents.has(target.uri)) {
      if (this.set.documents.size >= MAX_DOCUMENTS) {
        return this.refuse(
          document,
          ref,
          `The $ref '${value}' was not followed: the import already read ${MAX_DOCUMENTS} documents.`,
        );
      }
      if (scheme === 'http:' || scheme === 'https:') {
        if (!this.options.allowRemoteRefs) {
          return this.refuse(
            document,
            ref,
            `The remote reference ${target.uri} was not fetched, because remote references are off; ` +
              'the referenced part is imported empty. Copy the file next to the document and refer to it by ' +
              'relative path, or allow remote references (--allow-remote, or the setting ' +
              'switchboard.interop.allowRemoteRefs).',
            'warning',
          );
        }
        loaded = await this.loadRemote(document, ref, target.uri);
      } else if (scheme === 'file:') {
        loaded = await this.loadFile(document, ref, target.uri);
      } else {
        return this.refuse(
          document,
          ref,
          `The $ref '${value}' uses the scheme ${scheme}, which import does not read.`,
        );
      }
      if (loaded === undefined) return undefined;
      this.set.documents.set(loaded.uri, loaded);
    }
    if (this.set.valueAt(target) === undefined) {
      this.refuse(
        document,
        ref,
        `The $ref '${value}' points to nothing: ${describeTarget(target)} does not exist.`,
      );
    }
    return loaded;
  }

  private async loadFile(
    document: LoadedDocument,
    ref: FoundRef,
    uri: string,
  ): Promise<LoadedDocument | undefined> {
    const location = fileURLToPath(uri);
    if (!this.options.allowRemoteRefs && !isInside(this.options.boundary, location)) {
      this.refuse(
        document,
        ref,
        `The reference '${ref.value}' points to ${location}, outside the folder ${this.options.boundary}, so ` +
          'it was not read and the referenced part is imported empty. Set --root to a folder that ' +
          'contains every file of the document, or allow such references (--allow-remote, or the ' +
          'setting switchboard.interop.allowRemoteRefs).',
        'warning',
      );
      return undefined;
    }
    let text: string;
    try {
      text = await fs.readFile(location, 'utf8');
    } catch (error) {
      this.refuse(
        document,
        ref,
        `The file ${location} that '${ref.value}' refers to cannot be read: ${describeReadError(error)}`,
      );
      return undefined;
    }
    return this.parsed(document, ref, uri, text);
  }

  private async loadRemote(
    document: LoadedDocument,
    ref: FoundRef,
    uri: string,
  ): Promise<LoadedDocument | undefined> {
    let text: string;
    try {
      text = await this.fetchRemote(uri);
    } catch (error) {
      this.refuse(
        document,
        ref,
        `The remote reference ${uri} could not be fetched: ${(error as Error).message}`,
      );
      return undefined;
    }
    return this.parsed(document, ref, uri, text);
  }

  private parsed(
    document: LoadedDocument,
    ref: FoundRef,
    uri: string,
    text: string,
  ): LoadedDocument | undefined {
    const result = parseLoaded(uri, text);
    if (result.error === undefined) return result.document;
    this.refuse(
      document,
      ref,
      `The document ${uri} that '${ref.value}' refers to is not valid YAML or JSON: ${result.error}`,
    );
    return undefined;
  }

  /**
   * Reports a reference that is not followed and empties its place. A reference refused by the
   * safety rules is a warning, because the rest imports as the user asked; a broken one is an error.
   */
  private refuse(
    document: LoadedDocument,
    ref: FoundRef,
    message: string,
    severity: NoteSeverity = 'error',
  ): undefined {
    this.set.notes.add(severity, { uri: document.uri, pointer: ref.pointer }, message);
    const placeholder = replaceRef(document.data, ref);
    if (placeholder !== undefined) this.set.placeholders.add(placeholder);
    return undefined;
  }
}

interface FoundRef {
  /** The pointer of the `$ref` key itself. */
  pointer: string;
  /** The segments of the object that holds the `$ref`. */
  holder: string[];
  value: string;
}

function collectRefs(data: unknown): FoundRef[] {
  const found: FoundRef[] = [];
  const stack: Array<{ value: unknown; segments: string[] }> = [{ value: data, segments: [] }];
  while (stack.length > 0) {
    const { value, segments } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, segments: [...segments, String(index)] }),
      );
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') {
          found.push({
            pointer: appendPointer(pointerOf(segments), '$ref'),
            holder: segments,
            value: child,
          });
        } else {
          stack.push({ value: child, segments: [...segments, key] });
        }
      }
    }
  }
  return found.reverse();
}

function pointerOf(segments: readonly string[]): string {
  return segments.length === 0 ? '' : appendPointer('', ...segments);
}

/**
 * Replaces the object that holds a refused `$ref` with an empty object. A reference that is the
 * `schema` of a multi-format schema (one with `schemaFormat`) empties the whole multi-format
 * schema, because an empty schema of a non-JSON format is not valid.
 */
function replaceRef(data: unknown, ref: FoundRef): object | undefined {
  let segments = ref.holder;
  const parentSegments = segments.slice(0, -1);
  const parent = valueAt(data, parentSegments);
  if (
    segments.at(-1) === 'schema' &&
    parent !== null &&
    typeof parent === 'object' &&
    'schemaFormat' in parent
  ) {
    segments = parentSegments;
  }
  if (segments.length === 0) return undefined;
  const container = valueAt(data, segments.slice(0, -1));
  if (container === null || typeof container !== 'object') return undefined;
  const placeholder = {};
  (container as Record<string, unknown>)[segments.at(-1)!] = placeholder;
  return placeholder;
}

function parseLoaded(
  uri: string,
  text: string,
): { document: LoadedDocument; error?: undefined } | { error: string } {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const problem = yaml.errors[0];
  if (problem !== undefined) {
    const where = problem.linePos?.[0];
    return {
      error:
        where === undefined
          ? problem.message
          : `line ${where.line}: ${problem.message.split('\n')[0]}`,
    };
  }
  let data: unknown;
  try {
    data = yaml.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { document: { uri, text, data, yaml, lines } };
}

/** The offset of the node at `segments`: the key of a mapping entry, or the item of a sequence. */
function offsetOf(document: Document, segments: readonly string[]): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === segment,
      );
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function describeTarget(target: SourceRef): string {
  return target.pointer === '' ? target.uri : `${target.pointer} in ${target.uri}`;
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EACCES') return 'permission denied.';
  if (code === 'EISDIR') return 'it is a folder.';
  return (error as Error).message;
}
