/**
 * A compact copy of a chunk's YAML structure, made once from yaml's Document so that the Document
 * can be dropped. yaml keeps a range array, the source text, comments and flags for each node, and
 * options, directives and a schema for each document. At 50,000 lines those were most of the live
 * heap. Offsets here are relative to the chunk, like yaml's.
 */
import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Node,
  Pair,
} from 'yaml';

export type TreeNode = TreeMap | TreeSeq | TreeScalar | TreeAlias;

export class TreeScalar {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly value: unknown,
  ) {}

  get kind(): 'scalar' {
    return 'scalar';
  }
}

/** Slots per pair in `TreeMap.pairs`: key text, key start, key end, value node or undefined. */
const PAIR_SLOTS = 4;

/**
 * A mapping. Its pairs sit in one flat array rather than an object per pair. Merge keys (`<<`) are
 * kept as ordinary pairs; readers decide whether to follow them.
 */
export class TreeMap {
  constructor(
    readonly start: number,
    readonly end: number,
    private readonly pairs: unknown[],
  ) {}

  get kind(): 'map' {
    return 'map';
  }

  get size(): number {
    return this.pairs.length / PAIR_SLOTS;
  }

  key(index: number): string {
    return this.pairs[index * PAIR_SLOTS] as string;
  }

  keyStart(index: number): number {
    return this.pairs[index * PAIR_SLOTS + 1] as number;
  }

  keyEnd(index: number): number {
    return this.pairs[index * PAIR_SLOTS + 2] as number;
  }

  /** Undefined when the pair has no value node, as for `? key` without `:`. */
  value(index: number): TreeNode | undefined {
    return this.pairs[index * PAIR_SLOTS + 3] as TreeNode | undefined;
  }
}

export class TreeSeq {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly items: readonly TreeNode[],
  ) {}

  get kind(): 'seq' {
    return 'seq';
  }
}

export class TreeAlias {
  constructor(
    readonly start: number,
    readonly end: number,
    /** The node its anchor names: the closest anchor of that name before the alias. */
    readonly target: TreeNode | undefined,
  ) {}

  get kind(): 'alias' {
    return 'alias';
  }
}

const MERGE_KEY = '<<';

export function isMergeKey(key: string): boolean {
  return key === MERGE_KEY;
}

/** Returns the text of a mapping key as the contract reads it. */
export function keyText(key: unknown): string {
  // yaml represents the merge key `<<` by a symbol.
  if (isScalar(key)) {
    return typeof key.value === 'symbol' ? (key.value.description ?? '') : String(key.value);
  }
  if (key === null || key === undefined) return '';
  // A collection used as a key prints itself, which grows exponentially with nested keys.
  if (isCollection(key)) return '?';
  return String(key);
}

/** Copies a Document's contents; undefined for an empty document. */
export function compactTree(document: Document): TreeNode | undefined {
  const contents = document.contents as Node | null;
  return contents === null ? undefined : new Compactor().node(contents);
}

/**
 * A copier that walks the Document in yaml's visiting order: a node before its children, a key
 * before its value. It records anchors on the way, so an alias resolves to the closest anchor of
 * its name before it, as in yaml. An alias inside the node its anchor marks resolves to that node.
 */
class Compactor {
  private readonly anchors = new Map<string, TreeNode>();

  node(node: Node): TreeNode {
    const start = node.range?.[0] ?? 0;
    const end = node.range?.[1] ?? 0;
    if (isAlias(node)) return new TreeAlias(start, end, this.anchors.get(node.source));
    // Arrays get their final length up front: one grown by push keeps spare capacity.
    if (isMap(node)) {
      const pairs = new Array<unknown>(countPairs(node.items) * PAIR_SLOTS);
      const map = new TreeMap(start, end, pairs);
      this.anchor(node, map);
      let index = 0;
      for (const pair of node.items) if (isPair(pair)) this.pair(pair, pairs, index++ * PAIR_SLOTS);
      return map;
    }
    if (isSeq(node)) {
      const items = new Array<TreeNode>(node.items.length);
      const seq = new TreeSeq(start, end, items);
      this.anchor(node, seq);
      node.items.forEach((item, index) => (items[index] = this.item(item)));
      return seq;
    }
    const scalar = new TreeScalar(start, end, isScalar(node) ? node.value : undefined);
    this.anchor(node, scalar);
    return scalar;
  }

  private anchor(node: Node, copy: TreeNode): void {
    const name = (node as { anchor?: string }).anchor;
    if (name) this.anchors.set(name, copy);
  }

  private pair(pair: Pair, pairs: unknown[], at: number): void {
    const key = pair.key as Node | null;
    // A key node is copied only for the anchors in it, which later aliases may name.
    if (key !== null && (isCollection(key) || (key as { anchor?: string }).anchor)) {
      this.node(key);
    }
    const value = pair.value as Node | null;
    pairs[at] = keyText(key);
    pairs[at + 1] = key?.range?.[0] ?? 0;
    pairs[at + 2] = key?.range?.[1] ?? 0;
    pairs[at + 3] =
      value === null || value.range === undefined || value.range === null
        ? undefined
        : this.node(value);
  }

  /**
   * Copies a sequence item. Tags such as `!!pairs` put pairs in a sequence. Such an item becomes a
   * scalar with no value at offset 0, and only the anchors in it are recorded.
   */
  private item(item: unknown): TreeNode {
    if (!isPair(item)) return this.node(item as Node);
    if (isNode(item.key)) this.node(item.key);
    if (isNode(item.value)) this.node(item.value);
    return new TreeScalar(0, 0, undefined);
  }
}

function countPairs(items: readonly unknown[]): number {
  let count = 0;
  for (const item of items) if (isPair(item)) count++;
  return count;
}
