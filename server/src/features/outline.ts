/**
 * Document symbols (the outline: top-level sections with their definitions) and workspace symbols
 * (every definition in the open documents and the contract files of the workspace folders).
 */
import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver/node';
import {
  buildContract,
  DEFINITION_SECTIONS,
  DefinitionKind,
  JsonObject,
  objectAt,
} from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Path, SyntaxEntry } from '../contract/tree';
import type { ContractWorkspace } from '../workspace/workspace';
import { contentSpan } from './spans';
import { definitionOccurrence } from './symbols';

const SYMBOL_KINDS: Readonly<Record<DefinitionKind, SymbolKind>> = {
  broker: SymbolKind.Module,
  service: SymbolKind.Class,
  route: SymbolKind.Method,
  message: SymbolKind.Event,
  channel: SymbolKind.Interface,
  queue: SymbolKind.Array,
  policy: SymbolKind.Object,
  schema: SymbolKind.Struct,
  flow: SymbolKind.Function,
  authScheme: SymbolKind.Key,
};

type Section = (typeof DEFINITION_SECTIONS)[number];

/** Outlines by file object: a file object never changes, and editors ask again without edits. */
const outlines = new WeakMap<ContractFile, DocumentSymbol[]>();

export function documentSymbols(file: ContractFile): DocumentSymbol[] {
  let symbols = outlines.get(file);
  if (symbols === undefined) {
    symbols = sectionSymbols(file, file.root?.entries() ?? [], []);
    outlines.set(file, symbols);
  }
  return symbols;
}

/**
 * Symbols for the entries of a mapping at `prefix`: every entry at the top level, and below it only
 * those that lead to a definitions section, such as `gateway` > `authentication`.
 */
function sectionSymbols(
  file: ContractFile,
  entries: SyntaxEntry[],
  prefix: string[],
): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const entry of entries) {
    const path = [...prefix, entry.key];
    const section = DEFINITION_SECTIONS.find((candidate) => samePath(candidate.path, path));
    const leadsToSection = DEFINITION_SECTIONS.some(
      (candidate) =>
        candidate.path.length > path.length && samePath(candidate.path.slice(0, path.length), path),
    );
    if (section === undefined && !leadsToSection && prefix.length > 0) continue;
    const symbol: DocumentSymbol = {
      name: entry.key,
      kind: entry.value?.kind === 'scalar' ? SymbolKind.Property : SymbolKind.Namespace,
      range: file.lines.rangeOf(contentSpan(file.text, entry.span)),
      selectionRange: file.lines.rangeOf(entry.keySpan),
    };
    const childEntries = entry.value?.entries() ?? [];
    if (section !== undefined)
      symbol.children = childEntries.map((child) => definitionSymbol(file, section, child));
    else if (leadsToSection) symbol.children = sectionSymbols(file, childEntries, path);
    symbols.push(symbol);
  }
  return symbols;
}

function definitionSymbol(
  file: ContractFile,
  section: Section,
  entry: SyntaxEntry,
): DocumentSymbol {
  const { kind } = section;
  const symbol: DocumentSymbol = {
    name: entry.key,
    kind: SYMBOL_KINDS[kind],
    range: file.lines.rangeOf(contentSpan(file.text, entry.span)),
    selectionRange: file.lines.rangeOf(entry.keySpan),
  };
  const detail = detailOf(kind, objectAt(file.data, [...section.path, entry.key]));
  if (detail !== undefined) symbol.detail = detail;
  return symbol;
}

/** A short description beside the name: a message's kind, a route's method and path. */
function detailOf(kind: DefinitionKind, spec: JsonObject | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const text = (key: string) => (typeof spec[key] === 'string' ? (spec[key] as string) : undefined);
  switch (kind) {
    case 'route':
      return text('method') !== undefined && text('path') !== undefined
        ? `${text('method')} ${text('path')}`
        : undefined;
    case 'message':
    case 'policy':
      return text('kind');
    case 'service':
    case 'broker':
      return text('protocol');
    case 'authScheme':
      return text('type');
    default:
      return undefined;
  }
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

/**
 * Lists every definition, in the open documents and the workspace's contract files, whose name contains
 * the query's characters in order, ignoring case.
 */
export function workspaceSymbols(workspace: ContractWorkspace, query: string): SymbolInformation[] {
  const symbols: SymbolInformation[] = [];
  for (const uri of workspace.contractFiles()) {
    const file = workspace.get(uri);
    if (file === undefined) continue;
    for (const byName of buildContract([file]).definitions.values()) {
      for (const list of byName.values()) {
        for (const definition of list) {
          if (!matchesQuery(definition.name, query)) continue;
          const occurrence = definitionOccurrence(definition);
          if (occurrence === undefined) continue;
          symbols.push({
            name: definition.name,
            kind: SYMBOL_KINDS[definition.kind],
            location: { uri, range: file.lines.rangeOf(occurrence.span) },
            containerName: definition.path.slice(0, -1).join('.'),
          });
        }
      }
    }
  }
  return symbols;
}

function matchesQuery(name: string, query: string): boolean {
  const lowerName = name.toLowerCase();
  let at = 0;
  for (const character of query.toLowerCase()) {
    at = lowerName.indexOf(character, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
