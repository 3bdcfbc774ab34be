/**
 * Completion: keys from the format's JSON Schema with their descriptions, enum values, the names of
 * definitions where a value names one, and snippets for new definitions. Every item replaces what
 * is written of the key or value and inserts YAML indented for the line it lands on.
 */
import {
  CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  TextEdit,
} from 'vscode-languageserver/node';
import { Contract, Definition, definitionsOf, KIND_NOUNS } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import type { Path } from '../contract/tree';
import { dataReader } from './contract-at';
import { cursorContext, CursorContext } from './cursor-context';
import { isSchemaRef, keyReferenceSlot, ReferenceSlot, referenceSlot } from './reference-slots';
import { propertiesAt, typesAt, ValueAt, valuesAt } from './schema-lookup';
import { expandSnippet, snippetsAt } from './snippets';

const INDENT = 2;

/** The completion features the client supports. */
export interface CompletionOptions {
  /** Whether the client expands snippet syntax. Without it, snippets go out as plain text. */
  snippets: boolean;
}

/** `contract` builds the model on demand, since keys and enum values come from the schema alone. */
export function completionItems(
  file: ContractFile,
  contract: () => Contract,
  offset: number,
  options: CompletionOptions = { snippets: true },
): CompletionItem[] {
  const context = cursorContext(file, offset);
  if (context === undefined) return [];
  const valueAt = dataReader(file);
  const edits = new EditMaker(file, context);
  if (context.position === 'key') return keyItems(context, contract, valueAt, edits, options);

  const items = valueItems(context, contract, valueAt, edits);
  if (context.itemMayBeKey && typesAt(context.path, valueAt).has('object')) {
    const itemContext: CursorContext = { ...context, position: 'key', siblings: new Map() };
    items.push(...propertyItems(itemContext, valueAt, new EditMaker(file, itemContext)));
  }
  return items;
}

/** Builds the edits of items: the replaced span, and the re-indentation of the line if needed. */
class EditMaker {
  constructor(
    private readonly file: ContractFile,
    private readonly context: CursorContext,
  ) {}

  get column(): number {
    return this.context.column;
  }

  main(newText: string): TextEdit {
    const { replace, position, quote } = this.context;
    // `key:value` is one plain scalar in YAML, so a value written right after the colon needs a space.
    const glued =
      position === 'value' && quote === undefined && this.file.text[replace.start - 1] === ':';
    const text = glued ? ` ${newText}` : newText;
    return TextEdit.replace(this.range(replace), this.crlf ? text.replace(/\n/g, '\r\n') : text);
  }

  /** Tells whether the file ends its first line with CR LF, so that inserted lines do the same. */
  private get crlf(): boolean {
    const lineEnd = this.file.text.indexOf('\n');
    return lineEnd > 0 && this.file.text[lineEnd - 1] === '\r';
  }

  additional(): TextEdit[] | undefined {
    const reindent = this.context.reindent;
    if (reindent === undefined) return undefined;
    return [TextEdit.replace(this.range(reindent), ' '.repeat(this.context.column))];
  }

  private range(span: Span) {
    return this.file.lines.rangeOf(span);
  }
}

function keyItems(
  context: CursorContext,
  contract: () => Contract,
  valueAt: ValueAt,
  edits: EditMaker,
  options: CompletionOptions,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const slot = keyReferenceSlot(context.path);
  if (slot !== undefined) {
    for (const definition of candidates(contract(), slot, context.path)) {
      if (context.siblings.has(definition.name)) continue;
      const text = keyText(plainOrQuoted(definition.name), context, new Set(['object']));
      items.push(nameItem(definition, text, edits));
    }
  }
  items.push(...propertyItems(context, valueAt, edits));
  if (!context.flow) items.push(...snippetItems(context.path, edits, options));
  return items;
}

function propertyItems(
  context: CursorContext,
  valueAt: ValueAt,
  edits: EditMaker,
): CompletionItem[] {
  const properties = propertiesAt(context.path, valueAt).filter(
    (property) => !context.siblings.has(property.name),
  );
  return properties.map((property, index) => {
    const types = typesAt([...context.path, property.name], valueAt);
    const item: CompletionItem = {
      label: property.name,
      kind: CompletionItemKind.Property,
      sortText: `${property.required ? 0 : 1}${String(index).padStart(3, '0')}`,
      textEdit: edits.main(keyText(property.name, context, types)),
      insertTextFormat: InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.asIs,
    };
    if (property.required) item.detail = 'required';
    if (property.description !== undefined) {
      item.documentation = { kind: MarkupKind.Markdown, value: property.description };
    }
    const additional = edits.additional();
    if (additional !== undefined) item.additionalTextEdits = additional;
    return item;
  });
}

/**
 * The text a key inserts: the key alone when a colon follows it already, else the key, its colon
 * and the start of its value. A block mapping or sequence value opens on the next line.
 */
function keyText(name: string, context: CursorContext, types: Set<string>): string {
  if (context.hasColon) return name;
  if (context.flow) return `${name}: `;
  const childIndent = ' '.repeat(context.column + INDENT);
  if (types.size === 1 && types.has('object')) return `${name}:\n${childIndent}`;
  if (types.size === 1 && types.has('array')) return `${name}:\n${childIndent}- `;
  return `${name}: `;
}

function valueItems(
  context: CursorContext,
  contract: () => Contract,
  valueAt: ValueAt,
  edits: EditMaker,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const slot = referenceSlot(context.path);
  if (slot !== undefined) {
    const listed = otherItems(context.path, valueAt);
    for (const definition of candidates(contract(), slot, context.path)) {
      if (listed.has(definition.name)) continue;
      items.push(nameItem(definition, valueText(definition.name, context), edits));
    }
    for (const keyword of slot.keywords ?? []) {
      items.push({
        label: keyword,
        kind: CompletionItemKind.Keyword,
        textEdit: edits.main(valueText(keyword, context)),
      });
    }
  }
  if (isSchemaRef(context.path)) {
    for (const schema of definitionsOf(contract(), 'schema')) {
      const ref = `#/schemas/${schema.name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const text = context.quote === undefined ? quote(ref) : escapeIn(ref, context.quote);
      items.push({
        ...nameItem(schema, text, edits),
        label: ref,
        filterText: context.quote === undefined ? quote(ref) : ref,
      });
    }
  }
  const known = new Set(items.map((item) => item.label));
  for (const value of valuesAt(context.path, valueAt)) {
    const label = typeof value === 'string' ? value : JSON.stringify(value);
    if (known.has(label)) continue;
    const text = typeof value === 'string' ? valueText(value, context) : label;
    items.push({ label, kind: CompletionItemKind.EnumMember, textEdit: edits.main(text) });
  }
  return items;
}

/** The other items of the sequence that the value at `path` is an item of. */
function otherItems(path: Path, valueAt: ValueAt): Set<string> {
  const index = path[path.length - 1];
  const list = valueAt(path.slice(0, -1));
  if (typeof index !== 'number' || !Array.isArray(list)) return new Set();
  return new Set(
    list.filter((item, at): item is string => at !== index && typeof item === 'string'),
  );
}

/** The definitions a reference slot may name, of the expected kinds, without the one it is in. */
function candidates(contract: Contract, slot: ReferenceSlot, path: Path): Definition[] {
  return definitionsOf(contract, slot.kind).filter((definition) => {
    if (definition.path[0] === path[0] && definition.path[1] === path[1] && slot.kind !== 'service')
      return false;
    if (slot.expects === undefined) return true;
    const kind = definition.spec['kind'];
    return typeof kind === 'string' && slot.expects.includes(kind);
  });
}

function nameItem(definition: Definition, text: string, edits: EditMaker): CompletionItem {
  const item: CompletionItem = {
    label: definition.name,
    kind:
      definition.kind === 'message' || definition.kind === 'policy'
        ? CompletionItemKind.Reference
        : kindIcon(definition),
    detail: detailOf(definition),
    textEdit: edits.main(text),
  };
  const description = definition.spec['description'];
  if (typeof description === 'string')
    item.documentation = { kind: MarkupKind.Markdown, value: description };
  return item;
}

function kindIcon(definition: Definition): CompletionItemKind {
  switch (definition.kind) {
    case 'service':
      return CompletionItemKind.Module;
    case 'queue':
    case 'channel':
    case 'broker':
      return CompletionItemKind.Interface;
    case 'schema':
      return CompletionItemKind.Struct;
    default:
      return CompletionItemKind.Value;
  }
}

/** A short label of what a name is: `retry policy`, `event`, `service`. */
function detailOf(definition: Definition): string {
  const kind = definition.spec['kind'];
  if (definition.kind === 'message' && typeof kind === 'string') return kind;
  if (definition.kind === 'policy' && typeof kind === 'string') return `${kind} policy`;
  return KIND_NOUNS[definition.kind];
}

function snippetItems(path: Path, edits: EditMaker, options: CompletionOptions): CompletionItem[] {
  return snippetsAt(path, edits.column).map((snippet, index) => {
    const item: CompletionItem = {
      label: snippet.label,
      kind: CompletionItemKind.Snippet,
      detail: snippet.detail,
      sortText: `2${String(index).padStart(3, '0')}`,
      filterText: snippet.label,
      textEdit: edits.main(options.snippets ? snippet.body : expandSnippet(snippet.body)),
      insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.asIs,
    };
    const additional = edits.additional();
    if (additional !== undefined) item.additionalTextEdits = additional;
    return item;
  });
}

/** The text a value inserts: as is inside quotes the user opened, else plain when YAML allows. */
function valueText(value: string, context: CursorContext): string {
  if (context.quote !== undefined) return escapeIn(value, context.quote);
  return plainOrQuoted(value);
}

/** Strings that YAML 1.2 reads as something other than a string when written plain. */
const NOT_A_STRING =
  /^(?:true|false|null|~|[-+]?(?:\.inf|\.nan|[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+))$/i;

function plainOrQuoted(value: string): string {
  const plain = /^[A-Za-z0-9_./$][^\s:#,[\]{}]*$/.test(value) && !NOT_A_STRING.test(value);
  return plain ? value : quote(value);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function escapeIn(value: string, quoteChar: '"' | "'"): string {
  return quoteChar === "'" ? value.replace(/'/g, "''") : value.replace(/["\\]/g, '\\$&');
}
