/**
 * Finds the named thing at a position and every place that names it: the definitions (their keys)
 * and the references (values, or keys for flow faults), across all files of the contract.
 * Navigation, highlights and rename read this.
 */
import {
  Contract,
  DEFINITION_SECTIONS,
  Definition,
  DefinitionKind,
  Reference,
} from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import { entryAtPath, locate, nodeAtPath, Path } from '../contract/tree';

export interface SymbolName {
  kind: DefinitionKind;
  name: string;
}

export interface Occurrence {
  file: ContractFile;
  /** The name's own text, inside any quotes and after `#/schemas/` in a `$ref`. */
  span: Span;
  definition: boolean;
}

export interface SymbolAtPosition extends SymbolName {
  /** The occurrence under the cursor. */
  occurrence: Occurrence;
}

/** Finds the definition or reference whose name contains the offset. */
export function symbolAt(
  contract: Contract,
  file: ContractFile,
  offset: number,
): SymbolAtPosition | undefined {
  const location = locate(file.root, offset);
  const { path } = location;
  if (location.key !== undefined) {
    const span = nameSpan(file, location.key.keySpan, location.key.key, false);
    const kind = definitionKindAt(path);
    if (kind !== undefined)
      return { kind, name: location.key.key, occurrence: { file, span, definition: true } };
    const reference = referenceIndex(contract).get(referenceKey(file.uri, path, 'key'));
    if (reference === undefined) return undefined;
    return {
      kind: reference.kind,
      name: reference.name,
      occurrence: { file, span, definition: false },
    };
  }
  if (location.node?.kind !== 'scalar') return undefined;
  const reference = referenceIndex(contract).get(referenceKey(file.uri, path, 'value'));
  if (reference === undefined || reference.unsupportedRef !== undefined) return undefined;
  const span = nameSpan(file, location.node.span, reference.name, reference.role === '$ref');
  return {
    kind: reference.kind,
    name: reference.name,
    occurrence: { file, span, definition: false },
  };
}

/** The reference whose value or key is at the offset, if any. */
export function referenceAt(
  contract: Contract,
  file: ContractFile,
  offset: number,
): Reference | undefined {
  const location = locate(file.root, offset);
  const at = location.key !== undefined ? 'key' : 'value';
  return referenceIndex(contract).get(referenceKey(file.uri, location.path, at));
}

/** Every definition and reference of a name, in contract order, definitions first. */
export function occurrencesOf(contract: Contract, symbol: SymbolName): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const definition of contract.definitions.get(symbol.kind)?.get(symbol.name) ?? []) {
    const occurrence = definitionOccurrence(definition);
    if (occurrence !== undefined) occurrences.push(occurrence);
  }
  for (const reference of contract.references) {
    if (reference.kind !== symbol.kind || reference.name !== symbol.name) continue;
    if (reference.unsupportedRef !== undefined) continue;
    const occurrence = referenceOccurrence(reference);
    if (occurrence !== undefined) occurrences.push(occurrence);
  }
  return occurrences;
}

/** Merges the occurrences found in several contracts, dropping repeats of one place. */
export function uniqueOccurrences(lists: readonly Occurrence[][]): Occurrence[] {
  const seen = new Set<string>();
  const unique: Occurrence[] = [];
  for (const list of lists) {
    for (const occurrence of list) {
      const key = `${occurrence.file.uri}\0${occurrence.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      unique.push(occurrence);
    }
  }
  return unique;
}

export function definitionOccurrence(definition: Definition): Occurrence | undefined {
  const entry = entryAtPath(definition.file.root, definition.path);
  if (entry === undefined) return undefined;
  return {
    file: definition.file,
    span: nameSpan(definition.file, entry.keySpan, definition.name, false),
    definition: true,
  };
}

function referenceOccurrence(reference: Reference): Occurrence | undefined {
  const { file } = reference;
  const span =
    reference.at === 'key'
      ? entryAtPath(file.root, reference.path)?.keySpan
      : nodeAtPath(file.root, reference.path)?.span;
  if (span === undefined) return undefined;
  return {
    file,
    span: nameSpan(file, span, reference.name, reference.role === '$ref'),
    definition: false,
  };
}

/** The kind of definition whose key is at `path`, if the path is an entry of a definitions section. */
function definitionKindAt(path: Path): DefinitionKind | undefined {
  for (const section of DEFINITION_SECTIONS) {
    if (path.length !== section.path.length + 1) continue;
    if (section.path.every((segment, index) => path[index] === segment)) return section.kind;
  }
  return undefined;
}

/**
 * Narrows a key's or value's span to the name inside it: past the quotes of `"orders"`, and to the
 * last segment of `#/schemas/Order`, where `/` and `~` are escaped as `~1` and `~0`.
 */
export function nameSpan(file: ContractFile, span: Span, name: string, isSchemaRef: boolean): Span {
  const text = file.text.slice(span.start, span.end);
  const written = isSchemaRef ? name.replace(/~/g, '~0').replace(/\//g, '~1') : name;
  const index = isSchemaRef ? text.lastIndexOf(written) : text.indexOf(written);
  if (index < 0) return span;
  return { start: span.start + index, end: span.start + index + written.length };
}

const indexes = new WeakMap<Contract, Map<string, Reference>>();

function referenceIndex(contract: Contract): Map<string, Reference> {
  let index = indexes.get(contract);
  if (index === undefined) {
    index = new Map();
    for (const reference of contract.references) {
      index.set(referenceKey(reference.file.uri, reference.path, reference.at), reference);
    }
    indexes.set(contract, index);
  }
  return index;
}

function referenceKey(uri: string, path: Path, at: 'key' | 'value'): string {
  return `${uri}\0${at}\0${path.join('\0')}`;
}
