/**
 * A read-only view of a contract's YAML structure with absolute offsets. Chunks are parsed on their
 * own, so every node of a chunk's compact tree has offsets relative to the chunk. The view adds
 * the chunk's start offset, which lets an unchanged chunk be reused after text above it moved.
 */
import { isMergeKey, TreeAlias, TreeMap, TreeNode, TreeScalar, TreeSeq } from './compact-tree';
import type { Span } from './text';

export { keyText } from './compact-tree';

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

/** A view of a compact tree node from a chunk that starts at `base`. */
export class ChunkSyntaxNode implements SyntaxNode {
  constructor(
    readonly node: TreeNode,
    readonly base: number,
  ) {}

  get kind(): NodeKind {
    return this.node.kind;
  }

  get span(): Span {
    return { start: this.base + this.node.start, end: this.base + this.node.end };
  }

  get scalar(): unknown {
    return this.node instanceof TreeScalar ? this.node.value : undefined;
  }

  entries(): SyntaxEntry[] {
    const map = this.node;
    if (!(map instanceof TreeMap)) return [];
    const entries: SyntaxEntry[] = [];
    for (let index = 0; index < map.size; index++) {
      if (!isMergeKey(map.key(index))) entries.push(this.entryAt(map, index));
    }
    return entries;
  }

  items(): SyntaxNode[] {
    if (!(this.node instanceof TreeSeq)) return [];
    return this.node.items.map((item) => new ChunkSyntaxNode(item, this.base));
  }

  get(segment: PathSegment): SyntaxNode | undefined {
    if (this.node instanceof TreeAlias) return this.resolve()?.get(segment);
    if (this.node instanceof TreeSeq) {
      const item = this.node.items[Number(segment)];
      return item === undefined ? undefined : new ChunkSyntaxNode(item, this.base);
    }
    return typeof segment === 'string' ? this.entry(segment)?.value : undefined;
  }

  entry(key: string): SyntaxEntry | undefined {
    const map = this.node;
    if (map instanceof TreeAlias) return this.resolve()?.entry(key);
    if (!(map instanceof TreeMap)) return undefined;
    let merged: SyntaxEntry | undefined;
    for (let index = 0; index < map.size; index++) {
      const name = map.key(index);
      if (name === key) return this.entryAt(map, index);
      if (merged === undefined && isMergeKey(name)) merged = this.findMerged(map.value(index), key);
    }
    return merged;
  }

  resolve(): SyntaxNode | undefined {
    if (!(this.node instanceof TreeAlias)) return this;
    const target = this.node.target;
    return target === undefined ? undefined : new ChunkSyntaxNode(target, this.base);
  }

  /** Looks a key up in the value of a merge key: one mapping, an alias of one, or a list of them. */
  private findMerged(value: TreeNode | undefined, key: string): SyntaxEntry | undefined {
    if (value === undefined) return undefined;
    const sources = value instanceof TreeSeq ? value.items : [value];
    for (const source of sources) {
      const target = source instanceof TreeAlias ? source.target : source;
      const found =
        target === undefined ? undefined : new ChunkSyntaxNode(target, this.base).entry(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private entryAt(map: TreeMap, index: number): SyntaxEntry {
    const keySpan = { start: this.base + map.keyStart(index), end: this.base + map.keyEnd(index) };
    const valueNode = map.value(index);
    const value = valueNode === undefined ? undefined : new ChunkSyntaxNode(valueNode, this.base);
    const end =
      valueNode === undefined ? keySpan.end : Math.max(keySpan.end, this.base + valueNode.end);
    return { key: map.key(index), keySpan, value, span: { start: keySpan.start, end } };
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
      for (const entry of this.entries())
        if (!this.byKey.has(entry.key)) this.byKey.set(entry.key, entry);
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
      if (contains(entry.keySpan, offset))
        return { segment: entry.key, node: entry.value, key: entry };
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
