/**
 * A read-only view of a contract's YAML structure with absolute offsets. Chunks are parsed on their
 * own, so every yaml node holds offsets relative to its chunk; the view adds the chunk's start
 * offset, which lets an unchanged chunk be reused after text above it moved.
 */
import { Alias, Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import type { Span } from './text';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export type NodeKind = 'map' | 'seq' | 'scalar' | 'alias';

export interface SyntaxEntry {
  key: string;
  keySpan: Span;
  /** Undefined when the key has no value node, as in `key:` at the end of a file. */
  value: SyntaxNode | undefined;
  /** From the start of the key to the end of the value. */
  span: Span;
}

export interface SyntaxNode {
  readonly kind: NodeKind;
  /** The node's text, without trailing comments. */
  readonly span: Span;
  /** The entries of a mapping, in source order, without those it takes from merge keys. */
  entries(): SyntaxEntry[];
  /** The items of a sequence. */
  items(): SyntaxNode[];
  /** The value under a mapping key or sequence index; follows aliases and merge keys. */
  get(segment: PathSegment): SyntaxNode | undefined;
  /** The entry under a mapping key; follows merge keys. */
  entry(key: string): SyntaxEntry | undefined;
  /** The scalar's value, or undefined for collections. */
  readonly scalar: unknown;
  /** For an alias: the node its anchor names. */
  resolve(): SyntaxNode | undefined;
}

const MERGE_KEY = '<<';

export function keyText(key: unknown): string {
  // yaml represents the merge key `<<` by a symbol.
  if (isScalar(key)) return typeof key.value === 'symbol' ? (key.value.description ?? '') : String(key.value);
  if (key === null || key === undefined) return '';
  // A collection used as a key prints itself, which grows exponentially with nested keys.
  if (isCollection(key)) return '?';
  return String(key);
}

/** Wraps a yaml node parsed from a chunk that starts at `base`. */
export class YamlSyntaxNode implements SyntaxNode {
  constructor(
    readonly node: Node,
    readonly base: number,
    readonly document: Document,
  ) {}

  get kind(): NodeKind {
    if (isMap(this.node)) return 'map';
    if (isSeq(this.node)) return 'seq';
    if (isAlias(this.node)) return 'alias';
    return 'scalar';
  }

  get span(): Span {
    const range = this.node.range ?? [0, 0, 0];
    return { start: this.base + range[0], end: this.base + range[1] };
  }

  get scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  entries(): SyntaxEntry[] {
    if (!isMap(this.node)) return [];
    const entries: SyntaxEntry[] = [];
    for (const pair of this.node.items) {
      const entry = this.wrapPair(pair);
      if (entry !== undefined && entry.key !== MERGE_KEY) entries.push(entry);
    }
    return entries;
  }

  items(): SyntaxNode[] {
    if (!isSeq(this.node)) return [];
    return this.node.items.map((item) => this.wrapItem(item));
  }

  get(segment: PathSegment): SyntaxNode | undefined {
    const target = this.kind === 'alias' ? this.resolve() : this;
    if (target === undefined || target !== this) return target?.get(segment);
    if (this.kind === 'seq') return this.items()[Number(segment)];
    return typeof segment === 'string' ? this.entry(segment)?.value : undefined;
  }

  entry(key: string): SyntaxEntry | undefined {
    if (this.kind === 'alias') return this.resolve()?.entry(key);
    if (!isMap(this.node)) return undefined;
    let merged: SyntaxEntry | undefined;
    for (const pair of this.node.items) {
      const name = keyText(pair.key);
      if (name === key) return this.wrapPair(pair);
      if (name === MERGE_KEY && merged === undefined) merged = this.findMerged(pair, key);
    }
    return merged;
  }

  resolve(): SyntaxNode | undefined {
    if (!isAlias(this.node)) return this;
    const target = (this.node as Alias).resolve(this.document);
    return target === undefined ? undefined : new YamlSyntaxNode(target, this.base, this.document);
  }

  private findMerged(pair: Pair, key: string): SyntaxEntry | undefined {
    const value = pair.value === null ? undefined : this.wrapItem(pair.value);
    const sources = value?.kind === 'seq' ? value.items() : value === undefined ? [] : [value];
    for (const source of sources) {
      const found = source.resolve()?.entry(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private wrapItem(item: unknown): SyntaxNode {
    return new YamlSyntaxNode(item as Node, this.base, this.document);
  }

  private wrapPair(pair: unknown): SyntaxEntry | undefined {
    if (!isPair(pair)) return undefined;
    const keyNode = pair.key as Node | null;
    const keyRange = keyNode?.range ?? [0, 0, 0];
    const keySpan = { start: this.base + keyRange[0], end: this.base + keyRange[1] };
    const valueNode = pair.value as Node | null;
    const value =
      valueNode === null || valueNode.range === undefined || valueNode.range === null
        ? undefined
        : this.wrapItem(valueNode);
    const end = value === undefined ? keySpan.end : Math.max(keySpan.end, value.span.end);
    return { key: keyText(keyNode), keySpan, value, span: { start: keySpan.start, end } };
  }
}

/**
 * A mapping assembled from entries that come from several chunks. The entries can be built on first
 * use, because after most edits nothing reads them.
 */
export class AssembledMap implements SyntaxNode {
  readonly kind = 'map';
  readonly scalar = undefined;
  private entryList: SyntaxEntry[] | undefined;
  private byKey: Map<string, SyntaxEntry> | undefined;

  constructor(
    readonly span: Span,
    private readonly source: SyntaxEntry[] | (() => SyntaxEntry[]),
    /** Finds one entry without building the others, for maps of thousands of entries. */
    private readonly find?: (key: string) => SyntaxEntry | undefined,
  ) {}

  entries(): SyntaxEntry[] {
    this.entryList ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.entryList;
  }

  items(): SyntaxNode[] {
    return [];
  }

  get(segment: PathSegment): SyntaxNode | undefined {
    return typeof segment === 'string' ? this.entry(segment)?.value : undefined;
  }

  entry(key: string): SyntaxEntry | undefined {
    if (this.find !== undefined && this.entryList === undefined) return this.find(key);
    if (this.byKey === undefined) {
      this.byKey = new Map();
      for (const entry of this.entries()) if (!this.byKey.has(entry.key)) this.byKey.set(entry.key, entry);
    }
    return this.byKey.get(key);
  }

  resolve(): SyntaxNode {
    return this;
  }
}

export function nodeAtPath(root: SyntaxNode | undefined, path: Path): SyntaxNode | undefined {
  let node = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = node.get(segment);
  }
  return node;
}

/** Returns the entry for the last key of a path, whose parent is a mapping. */
export function entryAtPath(root: SyntaxNode | undefined, path: Path): SyntaxEntry | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  return nodeAtPath(root, path.slice(0, -1))?.entry(last);
}

export interface Location {
  /** Keys and indexes from the root to the innermost node that contains the offset. */
  path: PathSegment[];
  /** The innermost node that contains the offset, if any. */
  node: SyntaxNode | undefined;
  /** Set when the offset is on a mapping key; `path` then ends with that key. */
  key: SyntaxEntry | undefined;
}

/** Finds the innermost node at an offset. An offset at a span's end counts as inside it. */
export function locate(root: SyntaxNode | undefined, offset: number): Location {
  const path: PathSegment[] = [];
  let node = root;
  let key: SyntaxEntry | undefined;
  while (node !== undefined) {
    const next = childAt(node, offset);
    if (next === undefined) break;
    path.push(next.segment);
    if (next.key !== undefined) {
      key = next.key;
      node = next.node;
      break;
    }
    node = next.node;
  }
  return { path, node, key };
}

interface Child {
  segment: PathSegment;
  node: SyntaxNode | undefined;
  key?: SyntaxEntry;
}

function childAt(node: SyntaxNode, offset: number): Child | undefined {
  if (node.kind === 'map') {
    for (const entry of node.entries()) {
      if (contains(entry.keySpan, offset)) return { segment: entry.key, node: entry.value, key: entry };
      if (entry.value !== undefined && contains(entry.value.span, offset)) {
        return { segment: entry.key, node: entry.value };
      }
    }
  } else if (node.kind === 'seq') {
    const items = node.items();
    for (let i = 0; i < items.length; i++) {
      if (contains(items[i]!.span, offset)) return { segment: i, node: items[i] };
    }
  }
  return undefined;
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
