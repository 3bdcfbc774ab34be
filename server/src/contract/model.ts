/**
 * The contract model: the named definitions of one or more contract files and the references
 * between them, each with the file and path it was written at. Checks, editor features, generators
 * and the simulator read this instead of the YAML.
 */
import type { ContractFile } from './parse';
import type { Path } from './tree';

export type DefinitionKind =
  | 'broker'
  | 'service'
  | 'route'
  | 'message'
  | 'channel'
  | 'queue'
  | 'policy'
  | 'schema'
  | 'flow'
  | 'authScheme';

/** The sections of a contract file that hold definitions, by the kind they define. */
export const DEFINITION_SECTIONS: ReadonlyArray<{ kind: DefinitionKind; path: Path }> = [
  { kind: 'broker', path: ['brokers'] },
  { kind: 'service', path: ['services'] },
  { kind: 'route', path: ['routes'] },
  { kind: 'message', path: ['messages'] },
  { kind: 'channel', path: ['channels'] },
  { kind: 'queue', path: ['queues'] },
  { kind: 'policy', path: ['policies'] },
  { kind: 'schema', path: ['schemas'] },
  { kind: 'flow', path: ['flows'] },
  { kind: 'authScheme', path: ['gateway', 'authentication'] },
];

export const KIND_NOUNS: Readonly<Record<DefinitionKind, string>> = {
  broker: 'broker',
  service: 'service',
  route: 'route',
  message: 'message',
  channel: 'channel',
  queue: 'queue',
  policy: 'policy',
  schema: 'schema',
  flow: 'flow',
  authScheme: 'authentication scheme',
};

export type JsonObject = Record<string, unknown>;

export interface Definition {
  kind: DefinitionKind;
  name: string;
  file: ContractFile;
  /** Where the definition's value is, such as ['messages', 'OrderPlaced']. */
  path: Path;
  /** The definition's data as written; a mapping, or an empty one if the value was not. */
  spec: JsonObject;
}

/** A place where the contract names a definition. */
export interface Reference {
  kind: DefinitionKind;
  name: string;
  file: ContractFile;
  /** The path of the value that holds the name, or of the key when `at` is 'key'. */
  path: Path;
  at: 'value' | 'key';
  /** The definition the reference is written in. */
  from: Definition | undefined;
  /** What the reference is for, in words: `handler`, `reply`, `retry policy`. */
  role: string;
  /** For references to messages and policies: the kinds that fit here. */
  expects?: readonly string[];
  /** For a `$ref` that is not of the form `#/schemas/Name`: the text as written. */
  unsupportedRef?: string;
}

export interface Contract {
  /** The root file first, then the files it includes, in include order. */
  readonly files: readonly ContractFile[];
  /** Every definition, grouped by kind and name; a name defined twice has two entries. */
  readonly definitions: ReadonlyMap<DefinitionKind, ReadonlyMap<string, readonly Definition[]>>;
  readonly references: readonly Reference[];
}

export function lookup(
  contract: Contract,
  kind: DefinitionKind,
  name: string,
): Definition | undefined {
  return contract.definitions.get(kind)?.get(name)?.[0];
}

export function definitionsOf(contract: Contract, kind: DefinitionKind): Definition[] {
  const byName = contract.definitions.get(kind);
  if (byName === undefined) return [];
  const all: Definition[] = [];
  for (const list of byName.values()) if (list[0] !== undefined) all.push(list[0]);
  return all;
}

export function buildContract(files: readonly ContractFile[]): Contract {
  const definitions = new Map<DefinitionKind, Map<string, Definition[]>>();
  const references: Reference[] = [];
  for (const section of DEFINITION_SECTIONS) {
    const built: SectionDefinitions[] = [];
    for (const file of files) {
      const entries = objectAt(file.data, section.path);
      if (entries !== undefined) built.push(sectionDefinitions(section, file, entries));
    }
    if (built.length === 1) {
      definitions.set(section.kind, built[0]!.byName);
      for (const reference of built[0]!.references) references.push(reference);
      continue;
    }
    // Several files define this kind: one name may have a definition in each.
    const byName = new Map<string, Definition[]>();
    for (const { byName: own } of built) {
      for (const [name, list] of own) {
        const existing = byName.get(name);
        if (existing === undefined) byName.set(name, [...list]);
        else existing.push(...list);
      }
    }
    for (const list of byName.values()) {
      for (const definition of list) {
        for (const reference of referencesOf.get(definition)!) references.push(reference);
      }
    }
    definitions.set(section.kind, byName);
  }
  return { files, definitions, references };
}

/** The definitions of one section of one file, with the references written in them. */
interface SectionDefinitions {
  readonly kind: DefinitionKind;
  file: ContractFile;
  readonly byName: Map<string, Definition[]>;
  readonly references: readonly Reference[];
}

/**
 * Sections by their data object. A section that an edit did not touch keeps its data object, so
 * its definitions are kept whole and only moved to the newest version of their file.
 */
const builtSections = new WeakMap<JsonObject, SectionDefinitions>();

function sectionDefinitions(
  section: { kind: DefinitionKind; path: Path },
  file: ContractFile,
  entries: JsonObject,
): SectionDefinitions {
  const cached = builtSections.get(entries);
  // An alias can put one data object under two sections, so the kind must match too.
  if (cached !== undefined && cached.kind === section.kind && cached.file.uri === file.uri) {
    if (cached.file !== file) {
      cached.file = file;
      for (const list of cached.byName.values())
        for (const definition of list) definition.file = file;
      for (const reference of cached.references) reference.file = file;
    }
    return cached;
  }
  const byName = new Map<string, Definition[]>();
  const references: Reference[] = [];
  for (const name of Object.keys(entries)) {
    const entry = buildDefinition(section.kind, section.path, name, file, entries[name]);
    byName.set(name, [entry.definition]);
    for (const reference of entry.references) references.push(reference);
  }
  const built = { kind: section.kind, file, byName, references };
  builtSections.set(entries, built);
  return built;
}

/** Returns the references written in a definition, in the order of the contract's `references`. */
export function referencesFrom(definition: Definition): readonly Reference[] {
  return referencesOf.get(definition) ?? [];
}

/** The kinds of definition that can hold references. */
export const REFERRING_KINDS: readonly DefinitionKind[] = [
  'service',
  'route',
  'message',
  'channel',
  'queue',
  'schema',
  'flow',
];

interface Built {
  definition: Definition;
  references: Reference[];
}

/**
 * Definitions and their references by the data object they were built from. An edit leaves the
 * data objects of the chunks it did not touch as they were, so their definitions are built once and
 * only moved to the newest version of their file; rebuilding all of them after every keystroke
 * costs more than the rest of the analysis of a large contract.
 */
const builtBySpec = new WeakMap<JsonObject, Built>();
const referencesOf = new WeakMap<Definition, Reference[]>();

function buildDefinition(
  kind: DefinitionKind,
  sectionPath: Path,
  name: string,
  file: ContractFile,
  value: unknown,
): Built {
  const spec = isObject(value) ? value : undefined;
  const cached = spec === undefined ? undefined : builtBySpec.get(spec);
  if (cached !== undefined && isSameDefinition(cached.definition, kind, sectionPath, name, file)) {
    if (cached.definition.file !== file) {
      cached.definition.file = file;
      for (const reference of cached.references) reference.file = file;
    }
    return cached;
  }
  const definition: Definition = {
    kind,
    name,
    file,
    path: [...sectionPath, name],
    spec: spec ?? {},
  };
  const references: Reference[] = [];
  collectReferences(definition, references);
  const entry = { definition, references };
  referencesOf.set(definition, references);
  if (spec !== undefined) builtBySpec.set(spec, entry);
  return entry;
}

function isSameDefinition(
  definition: Definition,
  kind: DefinitionKind,
  sectionPath: Path,
  name: string,
  file: ContractFile,
): boolean {
  const { path } = definition;
  return (
    definition.kind === kind &&
    definition.name === name &&
    definition.file.uri === file.uri &&
    path.length === sectionPath.length + 1 &&
    sectionPath.every((segment, index) => path[index] === segment)
  );
}

const POLICY_REFERENCES: ReadonlyArray<[string, string, string]> = [
  ['retry', 'retry', 'retry policy'],
  ['breaker', 'circuit-breaker', 'circuit-breaker policy'],
  ['bulkhead', 'bulkhead', 'bulkhead policy'],
];

const DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;

function collectReferences(definition: Definition, out: Reference[]): void {
  const { spec, path, file } = definition;
  const add = (
    kind: DefinitionKind,
    name: unknown,
    at: Path,
    role: string,
    expects?: readonly string[],
  ) => {
    if (typeof name !== 'string' || name === '') return;
    const reference: Reference = {
      kind,
      name,
      file,
      path: at,
      at: 'value',
      from: definition,
      role,
    };
    if (expects !== undefined) reference.expects = expects;
    out.push(reference);
  };
  const addPolicies = (holder: JsonObject, at: Path) => {
    for (const [key, kind, role] of POLICY_REFERENCES)
      add('policy', holder[key], [...at, key], role, [kind]);
    const timeout = holder['timeout'];
    if (typeof timeout === 'string' && !DURATION.test(timeout)) {
      add('policy', timeout, [...at, 'timeout'], 'timeout policy', ['timeout']);
    }
  };
  const addList = (kind: DefinitionKind, value: unknown, at: Path, role: string) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => add(kind, item, [...at, index], role));
  };

  switch (definition.kind) {
    case 'service': {
      addPolicies(spec, path);
      const methods = objectAt(spec, ['methods']);
      for (const [method, settings] of Object.entries(methods ?? {})) {
        if (isObject(settings)) addPolicies(settings, [...path, 'methods', method]);
      }
      break;
    }
    case 'route':
      add('service', spec['service'], [...path, 'service'], 'service');
      addPolicies(spec, path);
      if (spec['auth'] !== 'none')
        add('authScheme', spec['auth'], [...path, 'auth'], 'authentication scheme');
      add('message', spec['request'], [...path, 'request'], 'request message', [
        'command',
        'query',
      ]);
      add('message', spec['response'], [...path, 'response'], 'response message', ['response']);
      collectSchemaReferences(definition, spec['parameters'], [...path, 'parameters'], out, 1);
      collectSchemaReferences(definition, spec['query'], [...path, 'query'], out, 1);
      break;
    case 'message': {
      if (spec['producer'] !== 'gateway')
        add('service', spec['producer'], [...path, 'producer'], 'producer');
      const handler = spec['handler'];
      if (Array.isArray(handler)) addList('service', handler, [...path, 'handler'], 'handler');
      else add('service', handler, [...path, 'handler'], 'handler');
      addList('service', spec['subscribers'], [...path, 'subscribers'], 'subscriber');
      add('channel', spec['channel'], [...path, 'channel'], 'channel');
      add('queue', spec['queue'], [...path, 'queue'], 'queue');
      add('message', spec['reply'], [...path, 'reply'], 'reply', ['response']);
      addList('message', spec['sends'], [...path, 'sends'], 'sent message');
      const payload = spec['payload'];
      if (typeof payload === 'string')
        add('schema', payload, [...path, 'payload'], 'payload schema');
      else collectSchemaReferences(definition, payload, [...path, 'payload'], out, 0);
      collectSchemaReferences(definition, spec['headers'], [...path, 'headers'], out, 0);
      break;
    }
    case 'channel':
      add('broker', spec['broker'], [...path, 'broker'], 'broker');
      break;
    case 'queue':
      add('broker', spec['broker'], [...path, 'broker'], 'broker');
      addList('service', spec['consumers'], [...path, 'consumers'], 'consumer');
      add('queue', spec['deadLetter'], [...path, 'deadLetter'], 'dead-letter queue');
      break;
    case 'schema':
      collectSchemaReferences(definition, spec, path, out, 0);
      break;
    case 'flow':
      collectFlowReferences(definition, add, out);
      break;
    case 'broker':
    case 'policy':
    case 'authScheme':
      break;
  }
}

type AddReference = (
  kind: DefinitionKind,
  name: unknown,
  at: Path,
  role: string,
  expects?: readonly string[],
) => void;

function collectFlowReferences(definition: Definition, add: AddReference, out: Reference[]): void {
  const { spec, path, file } = definition;
  add('route', spec['route'], [...path, 'route'], 'entry route');
  add('message', spec['message'], [...path, 'message'], 'entry message');
  const faults = objectAt(spec, ['faults']);
  for (const service of Object.keys(faults ?? {})) {
    // A fault names its service by its key, so the reference sits on the key.
    out.push({
      kind: 'service',
      name: service,
      file,
      path: [...path, 'faults', service],
      at: 'key',
      from: definition,
      role: 'faulty service',
    });
  }
  const expectations = spec['expect'];
  if (Array.isArray(expectations)) {
    expectations.forEach((expectation, index) => {
      if (!isObject(expectation)) return;
      for (const kind of ['route', 'message', 'queue', 'service'] as const) {
        add(kind, expectation[kind], [...path, 'expect', index, kind], `expected ${kind}`);
      }
    });
  }
}

/**
 * Finds `$ref: '#/schemas/Name'` anywhere inside a JSON Schema. `depth` 1 means `value` is a
 * mapping of named holders whose `schema` property is the JSON Schema, as in route parameters.
 */
function collectSchemaReferences(
  definition: Definition,
  value: unknown,
  at: Path,
  out: Reference[],
  depth: 0 | 1,
): void {
  if (depth === 1) {
    if (!isObject(value)) return;
    for (const [name, holder] of Object.entries(value)) {
      if (isObject(holder))
        collectSchemaReferences(definition, holder['schema'], [...at, name, 'schema'], out, 0);
    }
    return;
  }
  walkSchema(value, at, (ref, refPath) => {
    const name = schemaRefName(ref);
    const reference: Reference = {
      kind: 'schema',
      name: name ?? ref,
      file: definition.file,
      path: refPath,
      at: 'value',
      from: definition,
      role: '$ref',
    };
    if (name === undefined) reference.unsupportedRef = ref;
    out.push(reference);
  });
}

const SCHEMA_REF = /^#\/schemas\/([^/]+)$/;

/** Returns the schema name of `#/schemas/Name`, or undefined for any other form of $ref. */
export function schemaRefName(ref: string): string | undefined {
  const match = SCHEMA_REF.exec(ref);
  if (match === null) return undefined;
  return match[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Calls `visit` for each `$ref` string inside a JSON Schema, depth first. */
export function walkSchema(
  value: unknown,
  at: Path,
  visit: (ref: string, path: Path) => void,
): void {
  const stack: Array<{ value: unknown; path: Path }> = [{ value, path: at }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (isObject(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key === '$ref' && typeof child === 'string') visit(child, [...path, key]);
        else if (key !== 'examples' && key !== 'default' && key !== 'const' && key !== 'enum') {
          stack.push({ value: child, path: [...path, key] });
        }
      }
    }
  }
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectAt(data: unknown, path: Path): JsonObject | undefined {
  let value = data;
  for (const segment of path) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = (value as JsonObject)[String(segment)];
  }
  return isObject(value) ? value : undefined;
}
