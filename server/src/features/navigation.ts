/**
 * Go to definition, find references, document highlights and rename, for every named definition,
 * across the files of each contract that contains the document.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DocumentHighlight,
  DocumentHighlightKind,
  ErrorCodes,
  Location,
  Position,
  Range,
  ResponseError,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { filePath } from '../contract/includes';
import { KIND_NOUNS } from '../contract/model';
import { locate } from '../contract/tree';
import { isReservedName } from '../rules/reserved-name';
import { withArticle } from '../rules/words';
import { NOT_A_STRING } from './yaml-edits';
import type { ContractWorkspace } from '../workspace/workspace';
import {
  Occurrence,
  occurrencesOf,
  SymbolAtPosition,
  symbolAt,
  uniqueOccurrences,
} from './symbols';

interface Found {
  symbol: SymbolAtPosition;
  occurrences: Occurrence[];
}

/** Finds the name at a position and its occurrences in every contract that contains the file. */
function find(workspace: ContractWorkspace, uri: string, position: Position): Found | undefined {
  const file = workspace.get(uri);
  if (file === undefined) return undefined;
  const offset = file.lines.offsetAt(position);
  const contracts = workspace.contractsContaining(uri);
  let symbol: SymbolAtPosition | undefined;
  for (const contract of contracts) {
    symbol = symbolAt(contract, file, offset);
    if (symbol !== undefined) break;
  }
  if (symbol === undefined) return undefined;
  const found = symbol;
  const occurrences = uniqueOccurrences(
    contracts.map((contract) => occurrencesOf(contract, found)),
  );
  return { symbol, occurrences };
}

function locationOf(occurrence: Occurrence): Location {
  return { uri: occurrence.file.uri, range: occurrence.file.lines.rangeOf(occurrence.span) };
}

export function definition(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
): Location[] | null {
  const included = includedFileAt(workspace, uri, position);
  if (included !== undefined) return [{ uri: included, range: Range.create(0, 0, 0, 0) }];
  const found = find(workspace, uri, position);
  if (found === undefined) return null;
  const definitions = found.occurrences.filter((occurrence) => occurrence.definition);
  return definitions.length === 0 ? null : definitions.map(locationOf);
}

/**
 * Returns the URI of the file an `includes` entry at the position names, when the contract
 * includes it: a missing file, or one outside the workspace folder, is not offered.
 */
function includedFileAt(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
): string | undefined {
  const file = workspace.get(uri);
  const from = filePath(uri);
  if (file === undefined || from === undefined) return undefined;
  const location = locate(file.root, file.lines.offsetAt(position));
  const entry = location.node?.scalar;
  if (location.path[0] !== 'includes' || location.path.length !== 2 || typeof entry !== 'string')
    return undefined;
  if (/^[a-z][a-z0-9+.-]+:/i.test(entry) || path.isAbsolute(entry)) return undefined;
  const target = pathToFileURL(path.resolve(path.dirname(from), entry)).href;
  const included = workspace
    .contractsContaining(uri)
    .some((contract) => contract.files.some((candidate) => candidate.uri === target));
  return included ? target : undefined;
}

export function references(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
): Location[] | null {
  const found = find(workspace, uri, position);
  if (found === undefined) return null;
  return found.occurrences
    .filter((occurrence) => includeDeclaration || !occurrence.definition)
    .map(locationOf);
}

export function highlights(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
): DocumentHighlight[] | null {
  const found = find(workspace, uri, position);
  if (found === undefined) return null;
  return found.occurrences
    .filter((occurrence) => occurrence.file.uri === uri)
    .map((occurrence) => ({
      range: occurrence.file.lines.rangeOf(occurrence.span),
      kind: occurrence.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
}

export function prepareRename(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
): { range: Range; placeholder: string } {
  const { symbol } = renamable(workspace, uri, position);
  return {
    range: symbol.occurrence.file.lines.rangeOf(symbol.occurrence.span),
    placeholder: symbol.name,
  };
}

/** Finds the name to rename, or raises an error that says why there is none. */
function renamable(workspace: ContractWorkspace, uri: string, position: Position): Found {
  const found = find(workspace, uri, position);
  if (found === undefined) {
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      'There is nothing to rename here. Put the cursor on the name of a definition or on a reference to one.',
    );
  }
  const { symbol, occurrences } = found;
  if (!occurrences.some((occurrence) => occurrence.definition)) {
    const noun = KIND_NOUNS[symbol.kind];
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      `No ${noun} is named '${symbol.name}', so there is nothing to rename. Correct the reference or define the ${noun} first.`,
    );
  }
  return found;
}

/** Names that YAML reads as plain strings and that need no escaping inside quotes or `$ref`s. */
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Hexadecimal and octal integers, which YAML 1.2 reads as numbers. */
const RADIX_NUMBER = /^(?:0x[0-9a-f]+|0o[0-7]+)$/i;

export function rename(
  workspace: ContractWorkspace,
  uri: string,
  position: Position,
  newName: string,
): WorkspaceEdit {
  const { symbol, occurrences } = renamable(workspace, uri, position);
  const noun = KIND_NOUNS[symbol.kind];
  if (!PLAIN_NAME.test(newName) || NOT_A_STRING.test(newName) || RADIX_NUMBER.test(newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' cannot be the name of ${withArticle(noun)}: use letters, digits, '_', '-' and '.', starting with a letter, digit or '_', and not a word YAML reads as a number, boolean or null.`,
    );
  }
  if (isReservedName(symbol.kind, newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' cannot be the name of ${withArticle(noun)}: references read it as a keyword. Choose another name.`,
    );
  }
  if (newName === symbol.name) return { changes: {} };
  const clash = findClash(workspace, uri, symbol.kind, newName);
  if (clash !== undefined) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${capitalize(withArticle(noun))} named '${newName}' already exists (${clash}). Renaming '${symbol.name}' to it would merge the two. Choose another name.`,
    );
  }
  // NOTE: ranges in files that are not open come from the text last read from disk, which is
  // current only when the client reports file changes (workspace/didChangeWatchedFiles).
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of occurrences) {
    const edits = (changes[occurrence.file.uri] ??= []);
    edits.push({ range: occurrence.file.lines.rangeOf(occurrence.span), newText: newName });
  }
  return { changes };
}

/** Returns where a definition of that kind and name already is, as `file.comm.yaml, line 12`. */
function findClash(
  workspace: ContractWorkspace,
  uri: string,
  kind: Found['symbol']['kind'],
  name: string,
): string | undefined {
  for (const contract of workspace.contractsContaining(uri)) {
    const existing = contract.definitions.get(kind)?.get(name)?.[0];
    if (existing === undefined) continue;
    const occurrence = occurrencesOf(contract, { kind, name }).find((item) => item.definition);
    const line =
      occurrence === undefined
        ? undefined
        : occurrence.file.lines.positionAt(occurrence.span.start).line + 1;
    const fileName = decodeURIComponent(path.posix.basename(existing.file.uri));
    return line === undefined ? `in ${fileName}` : `in ${fileName}, line ${line}`;
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
