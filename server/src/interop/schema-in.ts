/**
 * Converts the schemas of AsyncAPI and OpenAPI documents into the JSON Schema subset of a contract.
 * A `$ref` to a named schema (`#/components/schemas/Name`, or a top-level entry of another file)
 * becomes a shared schema of the contract and a `$ref: '#/schemas/Name'`; any other `$ref` is
 * written out in place. Keywords the contract format does not take are dropped with a note.
 */
import * as path from 'node:path';
import type { JsonObject } from '../contract/model';
import type { DocumentSet, Located } from './documents';
import { isRef } from './documents';
import type { SourceRef } from './notes';
import { appendPointer, decodePointer } from './pointer';

/**
 * The schema dialect of the source: AsyncAPI schemas extend JSON Schema draft 07, OpenAPI 3.0
 * schemas have `nullable` and boolean `exclusiveMinimum`, and OpenAPI 3.1 schemas are draft 2020-12.
 */
export type SchemaDialect = 'asyncapi' | 'openapi-3.0' | 'openapi-3.1';

/** Keywords that take one schema. */
export const SCHEMA_KEYWORDS = [
  'items',
  'additionalProperties',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];
/** Keywords that take a list of schemas. */
export const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords that take a map of schemas. */
export const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties'];
/** Keywords whose values are copied as written. */
const PLAIN_KEYWORDS = [
  '$comment',
  'title',
  'description',
  'type',
  'required',
  'enum',
  'const',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'minProperties',
  'maxProperties',
  'minItems',
  'maxItems',
  'uniqueItems',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'contentEncoding',
  'contentMediaType',
  'dependentRequired',
];
const JSON_TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const SHARED_SECTIONS = new Set(['schemas', 'definitions', '$defs']);

export class SchemaImporter {
  /** The shared schemas of the contract, by name, in the order they were first met. */
  readonly shared = new Map<string, JsonObject>();
  private readonly names = new Map<string, string>();
  private readonly inlining = new Set<string>();
  private readonly pending: Array<{ name: string; node: Located; dialect: SchemaDialect }> = [];

  constructor(private readonly set: DocumentSet) {}

  /** Registers the schemas under a components section first, so that they keep their own names. */
  registerComponents(section: Located, dialect: SchemaDialect): void {
    const value = section.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      this.nameOf(
        { uri: section.at.uri, pointer: appendPointer(section.at.pointer, key) },
        dialect,
      );
    }
    this.drain();
  }

  /** The payload form of a schema: the name of a shared schema when it is one, else the schema. */
  payload(node: Located, dialect: SchemaDialect): string | JsonObject {
    const name = this.referencedName(node, dialect);
    if (name !== undefined) {
      this.drain();
      return name;
    }
    return this.convert(node, dialect);
  }

  /** Converts a schema, and any shared schema it refers to. */
  convert(node: Located, dialect: SchemaDialect): JsonObject {
    const result = this.convertNode(node, dialect);
    this.drain();
    return result;
  }

  /** Converts the shared schemas registered but not yet converted. */
  private drain(): void {
    while (this.pending.length > 0) {
      const { name, node, dialect } = this.pending.shift()!;
      const key = `${node.at.uri}#${node.at.pointer}`;
      this.inlining.add(key);
      this.shared.set(name, this.convertNode(node, dialect));
      this.inlining.delete(key);
    }
  }

  /** The shared name a pure `$ref` refers to, registering the target when it is named. */
  private referencedName(node: Located, dialect: SchemaDialect): string | undefined {
    if (!isRef(node.value) || Object.keys(node.value).length !== 1) return undefined;
    const target = this.set.target(node.at.uri, node.value.$ref);
    return this.nameOf(target, dialect);
  }

  private nameOf(target: SourceRef, dialect: SchemaDialect): string | undefined {
    const key = `${target.uri}#${target.pointer}`;
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const wanted = this.sharedNameFor(target);
    if (wanted === undefined) return undefined;
    const name = uniqueName(wanted, this.names);
    this.names.set(key, name);
    this.shared.set(name, {});
    this.pending.push({ name, node: { at: target, value: this.set.valueAt(target) }, dialect });
    return name;
  }

  /** The name a schema at `target` is shared under, or undefined when it is inlined. */
  private sharedNameFor(target: SourceRef): string | undefined {
    const segments = decodePointer(target.pointer);
    if (segments.length >= 2 && SHARED_SECTIONS.has(segments.at(-2)!)) return segments.at(-1);
    if (segments.length === 1 && target.uri !== this.set.root.uri) return segments[0];
    if (segments.length === 0 && target.uri !== this.set.root.uri) {
      return path.basename(new URL(target.uri).pathname).replace(/\.[^.]*$/, '');
    }
    return undefined;
  }

  private convertNode(node: Located, dialect: SchemaDialect): JsonObject {
    if (isRef(node.value)) {
      const { $ref, ...siblings } = node.value as { $ref: string } & JsonObject;
      const target = this.set.target(node.at.uri, $ref);
      let name = this.nameOf(target, dialect);
      const key = `${target.uri}#${target.pointer}`;
      if (name === undefined && this.inlining.has(key)) {
        // A schema that contains itself through an unnamed reference can only be written as a
        // shared schema, so it gets a name from its place.
        name = uniqueName(fallbackName(target), this.names);
        this.names.set(key, name);
        this.shared.set(name, {});
        this.pending.push({ name, node: { at: target, value: this.set.valueAt(target) }, dialect });
      }
      const rest = this.convertBody({ at: node.at, value: siblings }, dialect);
      if (name !== undefined) return { $ref: `#/schemas/${escapeName(name)}`, ...rest };
      this.inlining.add(key);
      const inlined = this.convertNode({ at: target, value: this.set.valueAt(target) }, dialect);
      this.inlining.delete(key);
      return { ...inlined, ...rest };
    }
    return this.convertBody(node, dialect);
  }

  private convertBody(node: Located, dialect: SchemaDialect): JsonObject {
    const value = node.value;
    if (value === true || value === undefined) return {};
    if (value === false) return { not: {} };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.set.notes.warn(
        node.at,
        `A schema must be an object, not ${JSON.stringify(value)}; it is imported as any value.`,
      );
      return {};
    }
    const source = value as JsonObject;
    const out: JsonObject = {};
    const child = (key: string, sub: unknown, ...more: Array<string | number>): Located => ({
      at: { uri: node.at.uri, pointer: appendPointer(node.at.pointer, key, ...more) },
      value: sub,
    });
    for (const [key, sub] of Object.entries(source)) {
      if (key === '$ref' || key.startsWith('x-parser-')) continue;
      if (key.startsWith('x-')) {
        if (key !== 'x-discriminator-mapping') out[key] = sub;
      } else if (PLAIN_KEYWORDS.includes(key)) {
        out[key] = sub;
      } else if (SCHEMA_KEYWORDS.includes(key)) {
        out[key] =
          typeof sub === 'boolean' && key === 'additionalProperties'
            ? sub
            : this.convertNode(child(key, sub), dialect);
      } else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(sub)) {
        out[key] = sub.map((item, index) => this.convertNode(child(key, item, index), dialect));
      } else if (SCHEMA_MAP_KEYWORDS.includes(key) && isPlainObject(sub)) {
        out[key] = Object.fromEntries(
          Object.entries(sub).map(([name, item]) => [
            name,
            this.convertNode(child(key, item, name), dialect),
          ]),
        );
      } else if (key === 'discriminator') {
        this.convertDiscriminator(child(key, sub), source['x-discriminator-mapping'], out);
      } else if (!this.convertLegacy(key, sub, source, out, child(key, sub), dialect)) {
        this.set.notes.inform(
          child(key, sub).at,
          `The schema keyword '${key}' is not imported: contracts do not take it.`,
        );
      }
    }
    normalizeTuple(out);
    normalizeType(out, node, this.set);
    if (dialect === 'openapi-3.0') normalizeOpenApi30(out, source);
    return out;
  }

  /** Keywords of older dialects that have a contract equivalent. Returns false for any other. */
  private convertLegacy(
    key: string,
    sub: unknown,
    source: JsonObject,
    out: JsonObject,
    node: Located,
    dialect: SchemaDialect,
  ): boolean {
    switch (key) {
      case 'nullable':
        return true;
      case 'example':
        if (source['examples'] === undefined) out['examples'] = [sub];
        return true;
      case 'additionalItems':
        // Draft 07 tuples: `items` is a list and `additionalItems` the schema of the rest.
        out['x-additional-items'] =
          typeof sub === 'boolean' ? (sub ? {} : { not: {} }) : this.convertNode(node, dialect);
        return true;
      case 'dependencies':
        return this.convertDependencies(node, out);
      default:
        return false;
    }
  }

  private convertDependencies(node: Located, out: JsonObject): boolean {
    if (!isPlainObject(node.value)) return false;
    const required: Record<string, unknown> = {};
    for (const [name, dependency] of Object.entries(node.value)) {
      if (Array.isArray(dependency)) required[name] = dependency;
      else
        this.set.notes.inform(
          node.at,
          `The schema dependency of '${name}' is not imported: contracts take only lists of required properties.`,
        );
    }
    if (Object.keys(required).length > 0) out['dependentRequired'] = required;
    return true;
  }

  private convertDiscriminator(node: Located, extraMapping: unknown, out: JsonObject): void {
    const value = node.value;
    const discriminator: JsonObject = {};
    let mapping: unknown;
    if (typeof value === 'string') {
      discriminator['propertyName'] = value;
      mapping = extraMapping;
    } else if (isPlainObject(value) && typeof value['propertyName'] === 'string') {
      discriminator['propertyName'] = value['propertyName'];
      mapping = value['mapping'];
    } else {
      this.set.notes.warn(node.at, 'The discriminator is not imported: it names no propertyName.');
      return;
    }
    if (isPlainObject(mapping)) {
      const converted: Record<string, string> = {};
      for (const [label, ref] of Object.entries(mapping)) {
        if (typeof ref !== 'string') continue;
        const target =
          ref.includes('#') || ref.includes('/') ? this.set.target(node.at.uri, ref) : undefined;
        const name = target === undefined ? ref : this.nameOf(target, 'openapi-3.1');
        if (name === undefined) {
          this.set.notes.warn(
            node.at,
            `The discriminator mapping '${label}: ${ref}' is not imported: it does not name a shared schema.`,
          );
        } else {
          converted[label] = `#/schemas/${escapeName(name)}`;
        }
      }
      if (Object.keys(converted).length > 0) discriminator['mapping'] = converted;
    }
    out['discriminator'] = discriminator;
  }
}

/** Draft 07 tuples (`items` as a list) become draft 2020-12 `prefixItems`. */
function normalizeTuple(out: JsonObject): void {
  if (Array.isArray(out['items'])) {
    out['prefixItems'] = out['items'];
    delete out['items'];
  }
  if (out['x-additional-items'] !== undefined) {
    if (out['prefixItems'] !== undefined) out['items'] = out['x-additional-items'];
    delete out['x-additional-items'];
  }
}

function normalizeType(out: JsonObject, node: Located, set: DocumentSet): void {
  const type = out['type'];
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const valid = types.filter(
    (item): item is string => typeof item === 'string' && JSON_TYPES.has(item),
  );
  if (valid.length !== types.length) {
    set.notes.warn(
      { uri: node.at.uri, pointer: appendPointer(node.at.pointer, 'type') },
      `The schema type ${JSON.stringify(type)} is not a JSON Schema type; only ${valid.join(', ') || 'no type'} is imported.`,
    );
  }
  if (type === undefined) return;
  if (valid.length === 0) delete out['type'];
  else out['type'] = valid.length === 1 && !Array.isArray(type) ? valid[0] : [...new Set(valid)];
}

/** OpenAPI 3.0 writes `nullable` and boolean exclusive bounds; draft 2020-12 has other forms. */
function normalizeOpenApi30(out: JsonObject, source: JsonObject): void {
  if (source['nullable'] === true) {
    const type = out['type'];
    if (typeof type === 'string') out['type'] = [type, 'null'];
    else if (Array.isArray(type) && !type.includes('null')) out['type'] = [...type, 'null'];
    else if (type === undefined) out['nullable'] = true;
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof out[flag] === 'boolean') {
      delete out[flag];
    }
  }
}

function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function uniqueName(wanted: string, names: Map<string, string>): string {
  const taken = new Set(names.values());
  if (!taken.has(wanted)) return wanted;
  let counter = 2;
  while (taken.has(`${wanted}${counter}`)) counter++;
  return `${wanted}${counter}`;
}

function fallbackName(target: SourceRef): string {
  const segments = decodePointer(target.pointer).filter((segment) => !/^\d+$/.test(segment));
  return segments.slice(-2).join('-') || 'Schema';
}

/** Escapes a schema name for the pointer in `#/schemas/Name`. */
export function escapeName(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
