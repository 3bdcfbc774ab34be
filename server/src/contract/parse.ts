/**
 * Parses a contract file into its YAML structure, its plain data and its syntax problems, one chunk
 * at a time (see chunks.ts). A reparse after an edit parses only the chunks the edit touched.
 */
import { Document, isCollection, isMap, parseDocument, visit, YAMLError } from 'yaml';
import { ChunkKind, ChunkSpec, LineTable, splitChunks } from './chunks';
import type { Problem, Severity } from './problem';
import { LineIndex, Span } from './text';
import { compactTree, TreeMap, TreeNode } from './compact-tree';
import { AssembledMap, ChunkSyntaxNode, keyText, SyntaxEntry, SyntaxNode } from './tree';

/**
 * The number of alias expansions one chunk may perform. yaml counts an alias of an anchor that
 * itself contains aliases by its expanded size, so this bounds the work of an alias bomb while
 * hundreds of ordinary aliases stay well inside it.
 */
export const MAX_ALIAS_EXPANSIONS = 10_000;

/** Deeper nesting is rejected before parsing: yaml composes nodes recursively. */
export const MAX_NESTING_DEPTH = 500;

export interface ParsedChunk {
  readonly kind: ChunkKind;
  readonly text: string;
  /**
   * The chunk's YAML structure with offsets relative to the chunk, undefined for an empty chunk.
   * yaml's Document is dropped after parsing: it took several times the memory.
   */
  readonly tree: TreeNode | undefined;
  /** The chunk's plain data; undefined when a resource limit stopped its conversion. */
  readonly value: unknown;
  /** The top-level pairs of the chunk's mapping, with offsets relative to the chunk. */
  readonly pairs: readonly ChunkPair[];
  /** Problems with spans relative to the chunk. */
  readonly problems: readonly ChunkProblem[];
  /** A resource limit was hit, so the chunk's data is incomplete. */
  readonly limitHit: boolean;
}

export interface ChunkPair {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Where the value ends, or the key's end when there is no value. */
  readonly end: number;
}

interface ChunkProblem {
  span: Span;
  severity: Severity;
  code: string;
  message: string;
}

export interface PlacedChunk {
  readonly spec: ChunkSpec;
  readonly parsed: ParsedChunk;
}

export interface ContractFile {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly chunks: readonly PlacedChunk[];
  /** The root node, undefined for an empty file. */
  readonly root: SyntaxNode | undefined;
  /** The file's plain data, as `YAML.parse` would return it, with merge keys applied. */
  readonly data: unknown;
  /** YAML syntax problems and resource limits. */
  readonly problems: readonly Problem[];
  /** A resource limit was hit, so `data` is incomplete and must not be validated. */
  readonly incomplete: boolean;
}

/**
 * The chunks of the previous parse of a file. A chunk of the new text that lies wholly inside the
 * text an edit left alone (the common prefix or suffix of the old and new text) takes the result of
 * the old chunk of the same kind and length at the same place; only the other chunks are parsed.
 */
export class ChunkCache {
  private last:
    | { text: string; lines: LineIndex; table: LineTable; chunks: readonly PlacedChunk[] }
    | undefined;

  /** Builds the line index and line table of `text`, from the previous ones where it can. */
  lines(text: string): { lines: LineIndex; table: LineTable; prefix: number; suffix: number } {
    const last = this.last;
    if (last === undefined) {
      const lines = new LineIndex(text);
      return { lines, table: new LineTable(text, lines), prefix: 0, suffix: 0 };
    }
    const { prefix, suffix } = unchangedEnds(last.text, text);
    const { lines, change } = LineIndex.afterEdit(last.lines, text, prefix, suffix);
    return {
      lines,
      table: new LineTable(text, lines, { table: last.table, change }),
      prefix,
      suffix,
    };
  }

  /**
   * Returns the results of the previous parse's chunks that an edit to `text` did not touch. `prefix` and
   * `suffix` are the lengths of the text the edit left alone at each end.
   */
  reuse(
    text: string,
    specs: readonly ChunkSpec[],
    prefix: number,
    suffix: number,
  ): Array<ParsedChunk | undefined> {
    const last = this.last;
    if (last === undefined) return specs.map(() => undefined);
    const delta = text.length - last.text.length;
    // Chunks before the edit keep their index, and chunks after it keep their distance from the end.
    const shift = last.chunks.length - specs.length;
    return specs.map((spec, index) => {
      let old: PlacedChunk | undefined;
      if (spec.end <= prefix) old = chunkAt(last.chunks, index, spec.start);
      else if (spec.start >= text.length - suffix)
        old = chunkAt(last.chunks, index + shift, spec.start - delta);
      if (old === undefined || old.spec.kind !== spec.kind) return undefined;
      return old.spec.end - old.spec.start === spec.end - spec.start ? old.parsed : undefined;
    });
  }

  /** Records the lines and chunks of a finished parse of `text`. */
  replace(text: string, lines: LineIndex, table: LineTable, chunks: readonly PlacedChunk[]): void {
    this.last = { text, lines, table, chunks };
  }
}

/** Finds the chunk that starts at an offset: the one at `index` if it does, else by binary search. */
function chunkAt(
  chunks: readonly PlacedChunk[],
  index: number,
  start: number,
): PlacedChunk | undefined {
  const guess = chunks[index];
  return guess?.spec.start === start ? guess : chunkStartingAt(chunks, start);
}

/** Finds the chunk that starts at an offset, by binary search over chunks in file order. */
function chunkStartingAt(chunks: readonly PlacedChunk[], start: number): PlacedChunk | undefined {
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = chunks[middle]!.spec.start;
    if (at === start) return chunks[middle];
    if (at < start) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** Characters compared at once while looking for the first difference; string equality is native. */
const BLOCK = 4096;

/** The lengths of the longest common prefix and suffix of two texts; they never overlap. */
export function unchangedEnds(before: string, after: string): { prefix: number; suffix: number } {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (
    prefix + BLOCK <= shorter &&
    before.slice(prefix, prefix + BLOCK) === after.slice(prefix, prefix + BLOCK)
  ) {
    prefix += BLOCK;
  }
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const limit = shorter - prefix;
  const last = (text: string, suffix: number, length: number) =>
    text.slice(text.length - suffix - length, text.length - suffix);
  let suffix = 0;
  while (suffix + BLOCK <= limit && last(before, suffix, BLOCK) === last(after, suffix, BLOCK))
    suffix += BLOCK;
  while (
    suffix < limit &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

/**
 * Copies a chunk's text out of the file's text. A slice would keep the whole text of the version
 * it was cut from alive for as long as the chunk is cached: one full copy per edited version.
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

export function parseContract(uri: string, text: string, cache = new ChunkCache()): ContractFile {
  const { lines, table, prefix, suffix } = cache.lines(text);
  const specs = splitChunks(table);
  const reused = cache.reuse(text, specs, prefix, suffix);
  const chunks = specs.map((spec, index): PlacedChunk => {
    let parsed = reused[index];
    if (parsed === undefined) {
      parsed = parseChunk(spec.kind, detach(text.slice(spec.start, spec.end)));
    }
    return { spec, parsed };
  });
  cache.replace(text, lines, table, chunks);
  return assemble(uri, text, lines, chunks);
}

export function parseChunk(kind: ChunkKind, text: string): ParsedChunk {
  const depth = nestingDepth(text);
  if (depth.depth > MAX_NESTING_DEPTH) {
    const problem: ChunkProblem = {
      span: { start: depth.offset, end: depth.offset + 1 },
      severity: 'error',
      code: 'nesting-limit',
      message:
        `This value nests deeper than ${MAX_NESTING_DEPTH} levels, so it was not parsed and the ` +
        'contract was not validated further. Flatten it, or move the deep part into a shared schema.',
    };
    return {
      kind,
      text,
      tree: undefined,
      value: undefined,
      pairs: [],
      problems: [problem],
      limitHit: true,
    };
  }

  const document = parseDocument(text, {
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false,
    // yaml would print its warnings to the server's stderr; the contract's problems are reported.
    logLevel: 'error',
  });
  const problems: ChunkProblem[] = [];
  let unexpected = false;
  for (const error of document.errors) {
    // After a token it cannot place, yaml reports nearly every later token of the chunk as well.
    if (error.code === 'UNEXPECTED_TOKEN' && unexpected) continue;
    unexpected ||= error.code === 'UNEXPECTED_TOKEN';
    problems.push(yamlProblem(document, text, error, 'error'));
  }
  for (const warning of document.warnings)
    problems.push(yamlProblem(document, text, warning, 'warning'));

  let value: unknown;
  let limitHit = false;
  const complexKey = findComplexKey(document);
  if (complexKey !== undefined) {
    problems.push(complexKey);
    return {
      kind,
      text,
      tree: compactTree(document),
      value: undefined,
      pairs: topLevelPairs(document),
      problems,
      limitHit: true,
    };
  }
  // An alias is written with `*`, so a chunk without one has no alias to check.
  const recursive = text.includes('*') ? recursiveAliasProblem(document) : undefined;
  if (recursive !== undefined) {
    // The data would contain itself, and every check that walks it would recurse without end.
    limitHit = true;
    problems.push(recursive);
  } else {
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    } catch (error) {
      // yaml throws a ReferenceError past the alias limit, a RangeError when it runs out of
      // stack, and a plain Error for a merge key (<<) whose value is not a mapping; in each case
      // the data is incomplete.
      if (!(error instanceof Error)) throw error;
      limitHit = true;
      problems.push(conversionProblem(document, text, error));
    }
  }
  const tree = compactTree(document);
  return { kind, text, tree, value, pairs: topLevelPairs(document), problems, limitHit };
}

function topLevelPairs(document: Document): ChunkPair[] {
  const contents = document.contents;
  if (!isMap(contents)) return [];
  const pairs: ChunkPair[] = [];
  for (const pair of contents.items) {
    const key = keyText(pair.key);
    if (key === '<<') continue;
    const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
    const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
    const end = valueRange === undefined ? keyRange[1] : Math.max(keyRange[1], valueRange[1]);
    pairs.push({ key, keyStart: keyRange[0], keyEnd: keyRange[1], end });
  }
  return pairs;
}

function yamlProblem(
  document: Document,
  text: string,
  error: YAMLError,
  severity: Severity,
): ChunkProblem {
  const [start, rawEnd] = error.pos;
  if (error.code === 'DUPLICATE_KEY') {
    const span = duplicateKeySpan(document, start) ?? { start, end: rawEnd };
    const key = text.slice(span.start, span.end).replace(/^(["'])(.*)\1$/, '$2');
    return { span, severity, code: 'duplicate-key', message: duplicateKeyMessage(key) };
  }
  if (error.code === 'TAB_AS_INDENT') {
    return {
      span: { start, end: Math.max(rawEnd, start + 1) },
      severity,
      code: 'tab-indentation',
      message:
        'A tab is used as indentation; YAML indents with spaces only. Replace it with spaces.',
    };
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return {
      span: lineSpan(text, start),
      severity,
      code: 'multiple-documents',
      message:
        'A second YAML document starts here, but a contract file holds exactly one; the rest of the ' +
        'file is ignored. Move this document into a file of its own and list it under includes.',
    };
  }
  // yaml reports some errors from where they start to the end of the input; keep them on their line.
  const line = lineSpan(text, start);
  const end = Math.min(Math.max(rawEnd, start + 1), Math.max(line.end, start + 1));
  const message =
    error.code === 'UNEXPECTED_TOKEN'
      ? unexpectedTokenMessage(text.slice(start, end))
      : firstLine(error.message);
  return { span: { start, end }, severity, code: 'yaml-syntax', message };
}

function unexpectedTokenMessage(source: string): string {
  const excerpt = source.length > 40 ? `${source.slice(0, 40)}…` : source;
  return (
    `YAML cannot read ${JSON.stringify(excerpt)} here. Check the indentation of this line and the ` +
    'brackets and quotes before it. Later syntax errors near it are reported once it is fixed.'
  );
}

function duplicateKeySpan(document: Document, keyStart: number): Span | undefined {
  let found: Span | undefined;
  visit(document, {
    Pair(_, pair) {
      const range = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (range !== undefined && range[0] === keyStart) {
        found = { start: range[0], end: range[1] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Reports the first alias that names an anchor of a node containing the alias, if there is one. */
function recursiveAliasProblem(document: Document): ChunkProblem | undefined {
  let problem: ChunkProblem | undefined;
  visit(document, {
    Alias(_, alias, ancestors) {
      const target = alias.resolve(document);
      if (target === undefined || !ancestors.includes(target)) return undefined;
      const range = alias.range ?? [0, 0, 0];
      problem = {
        span: { start: range[0], end: range[1] },
        severity: 'error',
        code: 'recursive-alias',
        message:
          `The alias *${alias.source} is inside the value that its anchor &${alias.source} marks, so the ` +
          'value would contain itself, and the contract was not validated further. Alias or merge a ' +
          'value defined outside this one.',
      };
      return visit.BREAK;
    },
  });
  return problem;
}

/**
 * Explains why yaml could not convert a chunk to data: too many alias expansions (ReferenceError),
 * a stack overflow, which malformed nestings such as mappings used as keys inside each other can
 * cause (RangeError), or an invalid merge such as `<<: *name` where the anchor marks a scalar.
 */
function conversionProblem(document: Document, text: string, error: Error): ChunkProblem {
  if (error instanceof ReferenceError) return aliasLimitProblem(document, error);
  const span = mergeSpan(document) ?? lineSpan(text, 0);
  if (error instanceof RangeError) {
    return {
      span,
      severity: 'error',
      code: 'nesting-limit',
      message:
        'Converting this YAML to data exceeded the nesting the parser supports, so the contract was ' +
        'not validated further. Fix the syntax errors in this part of the file first.',
    };
  }
  return {
    span,
    severity: 'error',
    code: 'yaml-syntax',
    message: `${firstLine(error.message)}, so the contract was not validated further.`,
  };
}

/** The span of the first alias after a merge key `<<`, where conversion problems usually start. */
function mergeSpan(document: Document): Span | undefined {
  let span: Span | undefined;
  visit(document, {
    Pair(_, pair) {
      if (keyText(pair.key) !== '<<') return undefined;
      const range = (pair.value as { range?: [number, number, number] } | null)?.range;
      if (range === undefined) return undefined;
      span = { start: range[0], end: range[1] };
      return visit.BREAK;
    },
  });
  return span;
}

function aliasLimitProblem(document: Document, error: ReferenceError): ChunkProblem {
  let span: Span = { start: 0, end: 0 };
  let name = '';
  visit(document, {
    Alias(_, alias) {
      const range = alias.range ?? [0, 0, 0];
      span = { start: range[0], end: range[1] };
      name = alias.source;
      return visit.BREAK;
    },
  });
  return {
    span,
    severity: 'error',
    code: 'alias-limit',
    message:
      `The aliases starting with *${name} expand to more than ${MAX_ALIAS_EXPANSIONS} nodes ` +
      `(${firstLine(error.message)}), so the contract was not validated further. ` +
      'Write the repeated values out, or alias them fewer times.',
  };
}

/**
 * A mapping or list used as a key: no contract key is one, and converting nested ones to data costs
 * time exponential in their depth.
 */
function findComplexKey(document: Document): ChunkProblem | undefined {
  let found: ChunkProblem | undefined;
  visit(document, {
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined;
      const range = pair.key.range ?? [0, 0, 0];
      found = {
        span: { start: range[0], end: Math.max(range[0] + 1, Math.min(range[1], range[0] + 200)) },
        severity: 'error',
        code: 'complex-key',
        message:
          'This key is a mapping or a list, but contract keys are names, so the contract was not ' +
          'validated further. Write the key as a plain name.',
      };
      return visit.BREAK;
    },
  });
  return found;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function lineSpan(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

/**
 * Estimates the nesting depth of a chunk: open flow brackets plus block indentation levels. Brackets
 * inside quoted strings count too, which can only overestimate.
 */
function nestingDepth(text: string): { depth: number; offset: number } {
  let flow = 0;
  let deepest = 0;
  let deepestOffset = 0;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  // Compact collections on one line, as in `- - x` or `? ? x`: each indicator opens one level.
  let compact = 0;
  const measure = (offset: number) => {
    const depth = flow + indents.length + compact;
    if (depth > deepest) {
      deepest = depth;
      deepestOffset = offset;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      lineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (lineStart) {
      if (code === 32) {
        indent++;
        continue;
      }
      lineStart = false;
      if (code !== 35 /* # */) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        // Block mappings nest by indentation alone, with no bracket or dash to count.
        measure(i);
      }
    }
    if (code === 91 /* [ */ || code === 123 /* { */) flow++;
    else if ((code === 93 /* ] */ || code === 125) /* } */ && flow > 0) flow--;
    else if ((code === 45 /* - */ || code === 63) /* ? */ && text.charCodeAt(i + 1) === 32)
      compact++;
    else continue;
    measure(i);
  }
  return { depth: deepest, offset: deepestOffset };
}

function assemble(
  uri: string,
  text: string,
  lines: LineIndex,
  chunks: PlacedChunk[],
): ContractFile {
  const problems: Problem[] = [];
  let incomplete = false;
  for (const { spec, parsed } of chunks) {
    incomplete ||= parsed.limitHit;
    for (const problem of parsed.problems) {
      problems.push({
        uri,
        span: { start: spec.start + problem.span.start, end: spec.start + problem.span.end },
        severity: problem.severity,
        code: problem.code,
        message: problem.message,
      });
    }
  }

  const first = chunks[0];
  if (first?.spec.kind === 'document') {
    const tree = first.parsed.tree;
    const root = tree === undefined ? undefined : new ChunkSyntaxNode(tree, 0);
    return { uri, text, lines, chunks, root, data: first.parsed.value, problems, incomplete };
  }

  const assembled = assembleSections(uri, chunks, problems);
  const root = new AssembledMap({ start: 0, end: text.length }, assembled.entries);
  return { uri, text, lines, chunks, root, data: assembled.data, problems, incomplete };
}

/**
 * The assembly of a chunked section: its data and the pairs its entries contribute. It depends
 * only on the section's parsed chunks, so it is kept while they are the same objects, which after
 * most edits is true of every section but one.
 */
interface SectionAssembly {
  /** The parsed chunks of the section's entries, in file order. */
  readonly parts: readonly ParsedChunk[];
  readonly data: Record<string, unknown>;
  /** Pairs that repeat an earlier key of the section, as [part index, pair index]. */
  readonly duplicates: ReadonlyArray<readonly [number, number]>;
  /** The first and last pairs the section keeps, as [part index, pair index]. */
  readonly first: readonly [number, number] | undefined;
  readonly last: readonly [number, number] | undefined;
  /** The place of each key the section keeps, as [part index, pair index], built on first use. */
  keys?: Map<string, readonly [number, number]>;
}

/** The last assembly of each section, by the parsed chunk of its header. */
const sectionAssemblies = new WeakMap<ParsedChunk, SectionAssembly>();

function assembleSections(uri: string, chunks: PlacedChunk[], problems: Problem[]) {
  const data: Record<string, unknown> = {};
  const entries: SyntaxEntry[] = [];
  const seen = new Set<string>();

  const addSection = (entry: SyntaxEntry, value: unknown): boolean => {
    if (seen.has(entry.key)) {
      problems.push(duplicateKeyProblem(uri, entry.key, entry.keySpan));
      return false;
    }
    seen.add(entry.key);
    entries.push(entry);
    setProperty(data, entry.key, value);
    return true;
  };

  let index = 0;
  while (index < chunks.length) {
    const { spec, parsed } = chunks[index]!;
    let next = index + 1;
    if (spec.kind === 'sections') {
      const values = (parsed.value ?? {}) as Record<string, unknown>;
      for (const entry of chunkEntries(spec.start, parsed)) addSection(entry, values[entry.key]);
    } else if (spec.kind === 'header') {
      while (next < chunks.length && chunks[next]!.spec.kind === 'entries') next++;
      const header = chunkEntries(spec.start, parsed)[0];
      const parts = chunks.slice(index + 1, next);
      const assembly = header === undefined ? undefined : sectionAssembly(parsed, parts);
      if (header !== undefined && assembly !== undefined && addSection(header, assembly.data)) {
        entries[entries.length - 1] = sectionEntry(header, parts, assembly);
        for (const [part, pair] of assembly.duplicates) {
          const { spec: partSpec, parsed: partParsed } = parts[part]!;
          const { key, keyStart, keyEnd } = partParsed.pairs[pair]!;
          const span = { start: partSpec.start + keyStart, end: partSpec.start + keyEnd };
          problems.push(duplicateKeyProblem(uri, key, span));
        }
      }
    }
    index = next;
  }
  return { data, entries };
}

function sectionAssembly(header: ParsedChunk, placed: readonly PlacedChunk[]): SectionAssembly {
  const cached = sectionAssemblies.get(header);
  if (
    cached !== undefined &&
    cached.parts.length === placed.length &&
    placed.every((chunk, index) => chunk.parsed === cached.parts[index])
  ) {
    return cached;
  }
  const parts = placed.map((chunk) => chunk.parsed);
  const data: Record<string, unknown> = {};
  const keys = new Set<string>();
  const duplicates: Array<[number, number]> = [];
  let first: [number, number] | undefined;
  let last: [number, number] | undefined;
  parts.forEach((part, partIndex) => {
    const values = (part.value ?? {}) as Record<string, unknown>;
    part.pairs.forEach((pair, pairIndex) => {
      if (keys.has(pair.key)) {
        duplicates.push([partIndex, pairIndex]);
        return;
      }
      keys.add(pair.key);
      first ??= [partIndex, pairIndex];
      last = [partIndex, pairIndex];
      setProperty(data, pair.key, values[pair.key]);
    });
  });
  const assembly = { parts, data, duplicates, first, last };
  sectionAssemblies.set(header, assembly);
  return assembly;
}

/** Builds the entry of a chunked section, whose value maps the keys of all its parts. */
function sectionEntry(
  header: SyntaxEntry,
  parts: readonly PlacedChunk[],
  assembly: SectionAssembly,
): SyntaxEntry {
  const { first, last } = assembly;
  if (first === undefined || last === undefined) return header;
  const start = parts[first[0]]!.spec.start + parts[first[0]]!.parsed.pairs[first[1]]!.keyStart;
  const end = parts[last[0]]!.spec.start + parts[last[0]]!.parsed.pairs[last[1]]!.end;
  const value = new AssembledMap(
    { start, end },
    () => placedEntries(parts, assembly.duplicates),
    (key) => {
      const at = keyIndex(assembly).get(key);
      if (at === undefined) return undefined;
      const part = parts[at[0]]!;
      const entries = chunkEntries(part.spec.start, part.parsed);
      const entry = entries[at[1]];
      return entry?.key === key ? entry : entries.find((each) => each.key === key);
    },
  );
  return {
    key: header.key,
    keySpan: header.keySpan,
    value,
    span: { start: header.keySpan.start, end },
  };
}

function keyIndex(assembly: SectionAssembly): Map<string, readonly [number, number]> {
  if (assembly.keys !== undefined) return assembly.keys;
  const keys = new Map<string, readonly [number, number]>();
  assembly.parts.forEach((part, partIndex) => {
    part.pairs.forEach((pair, pairIndex) => {
      if (!keys.has(pair.key)) keys.set(pair.key, [partIndex, pairIndex]);
    });
  });
  assembly.keys = keys;
  return keys;
}

/** Builds the entries of a section's parts with absolute offsets, on first use. */
function placedEntries(
  parts: readonly PlacedChunk[],
  duplicates: SectionAssembly['duplicates'],
): SyntaxEntry[] {
  const skipped = new Set(duplicates.map(([part, pair]) => `${part}:${pair}`));
  const entries: SyntaxEntry[] = [];
  parts.forEach((part, partIndex) => {
    const partEntries = chunkEntries(part.spec.start, part.parsed);
    part.parsed.pairs.forEach((pair, pairIndex) => {
      if (skipped.size > 0 && skipped.has(`${partIndex}:${pairIndex}`)) return;
      const entry = partEntries[pairIndex];
      entries.push(
        entry?.key === pair.key ? entry : partEntries.find(({ key }) => key === pair.key)!,
      );
    });
  });
  return entries;
}

function chunkEntries(base: number, parsed: ParsedChunk): SyntaxEntry[] {
  const tree = parsed.tree;
  return tree instanceof TreeMap ? new ChunkSyntaxNode(tree, base).entries() : [];
}

function duplicateKeyProblem(uri: string, key: string, span: Span): Problem {
  return { uri, span, severity: 'error', code: 'duplicate-key', message: duplicateKeyMessage(key) };
}

function duplicateKeyMessage(key: string): string {
  return `Duplicate key '${key}': the mapping already defines it. Rename or remove one of them.`;
}

/** Sets a property; `__proto__` becomes an own property instead of replacing the prototype. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
