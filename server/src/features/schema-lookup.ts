/**
 * Walks schemas/comm.schema.json along a contract path, for completion and hover. At a `oneOf` or
 * `anyOf` it keeps the branches that fit the data: the branch a discriminator value names, or else
 * every branch that has the next key, so a partly written mapping still finds its properties.
 */
import type { Path, PathSegment } from '../contract/tree';
import { readJsonResource } from '../util/resources';
import { SCHEMA_PATH } from '../contract/schema';

export type JsonObject = Record<string, unknown>;

/** Returns the value at a path of the data, or undefined where the data has none. */
export type ValueAt = (path: Path) => unknown;

/** `$ref` chains longer than this are treated as broken instead of being followed further. */
const MAX_REF_DEPTH = 16;

let root: JsonObject | undefined;

function schemaRoot(): JsonObject {
  root ??= readJsonResource(SCHEMA_PATH) as JsonObject;
  return root;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows a `$ref` of the form `#/definitions/...`, or returns undefined. */
function followRef(schema: JsonObject): JsonObject | undefined {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  let node: unknown = schemaRoot();
  for (const part of ref.slice(2).split('/')) {
    if (!isObject(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isObject(node) ? node : undefined;
}

/** Resolves `$ref`s until a schema without one is reached. */
export function resolveSchema(schema: JsonObject): JsonObject {
  let current = schema;
  for (let depth = 0; depth < MAX_REF_DEPTH; depth++) {
    const next = followRef(current);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

/**
 * Returns the description of a schema as written: its own, or else the first one found along its
 * `$ref` chain. A description beside a `$ref` says what the value means at that place, so it wins
 * over the description of the schema it refers to.
 */
export function describeSchema(schema: JsonObject): string | undefined {
  let current: JsonObject | undefined = schema;
  for (let depth = 0; current !== undefined && depth < MAX_REF_DEPTH; depth++) {
    const description = current['description'];
    if (typeof description === 'string') return description;
    current = followRef(current);
  }
  return undefined;
}

/** The value of a discriminator property that a branch requires, such as `retry` for `kind`. */
function branchTag(branch: JsonObject, property: string): unknown {
  const properties = branch['properties'];
  if (!isObject(properties)) return undefined;
  const tag = properties[property];
  return isObject(tag) ? resolveSchema(tag)['const'] : undefined;
}

/**
 * Expands a schema into the alternatives that apply to `data`: the schema itself and, for a
 * `oneOf` or `anyOf`, the branches that fit. `next` is the key or index the caller steps into.
 */
function expand(schema: JsonObject, data: unknown, next?: PathSegment): JsonObject[] {
  const resolved = resolveSchema(schema);
  const branches = [
    ...((resolved['oneOf'] as unknown[] | undefined) ?? []),
    ...((resolved['anyOf'] as unknown[] | undefined) ?? []),
  ].filter(isObject);
  if (branches.length === 0) return [resolved];

  let expanded = branches.flatMap((branch) => expand(branch, data, next));
  const discriminator = resolved['discriminator'];
  const property = isObject(discriminator) ? discriminator['propertyName'] : undefined;
  const tag = typeof property === 'string' && isObject(data) ? data[property] : undefined;
  if (typeof property === 'string' && tag !== undefined) {
    const tagged = expanded.filter((branch) => branchTag(branch, property) === tag);
    if (tagged.length > 0) expanded = tagged;
  }
  if (next !== undefined) {
    const fitting = expanded.filter((branch) => childSchema(branch, next) !== undefined);
    if (fitting.length > 0) expanded = fitting;
  }
  return [resolved, ...expanded];
}

/** The schema of a key or item inside a resolved schema, as written there. */
export function childSchema(schema: JsonObject, segment: PathSegment): JsonObject | undefined {
  if (typeof segment === 'number') {
    const items = schema['items'];
    return isObject(items) ? items : undefined;
  }
  const properties = schema['properties'];
  if (isObject(properties) && isObject(properties[segment])) return properties[segment] as JsonObject;
  const patterns = schema['patternProperties'];
  if (isObject(patterns)) {
    for (const [pattern, child] of Object.entries(patterns)) {
      if (isObject(child) && new RegExp(pattern, 'u').test(segment)) return child;
    }
  }
  const additional = schema['additionalProperties'];
  return isObject(additional) ? additional : undefined;
}

/** Returns the schemas that apply to the value at `path`, each resolved. */
export function schemasAt(path: Path, valueAt: ValueAt): JsonObject[] {
  let current: JsonObject[] = [schemaRoot()];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const data = valueAt(path.slice(0, i));
    const next: JsonObject[] = [];
    for (const schema of current) {
      for (const alternative of expand(schema, data, segment)) {
        const child = childSchema(alternative, segment);
        if (child !== undefined) next.push(child);
      }
    }
    if (next.length === 0) return [];
    current = next;
  }
  const data = valueAt(path);
  return unique(current.flatMap((schema) => expand(schema, data)));
}

/** Returns the schemas written for the key at the end of `path`, before their `$ref`s resolve. */
export function keySchemasAt(path: Path, valueAt: ValueAt): JsonObject[] {
  const last = path[path.length - 1];
  if (last === undefined) return [];
  const parents = schemasAt(path.slice(0, -1), valueAt);
  const found: JsonObject[] = [];
  for (const parent of parents) {
    const child = childSchema(parent, last);
    if (child !== undefined) found.push(child);
  }
  return unique(found);
}

/** Returns the description of the key at the end of `path`. */
export function keyDescription(path: Path, valueAt: ValueAt): string | undefined {
  for (const schema of keySchemasAt(path, valueAt)) {
    const description = describeSchema(schema);
    if (description !== undefined) return description;
  }
  return undefined;
}

export interface PropertyInfo {
  name: string;
  /** The schema as written under `properties`. */
  schema: JsonObject;
  description: string | undefined;
  required: boolean;
}

/** Returns the properties a mapping at `path` may have, in schema order, each once. */
export function propertiesAt(path: Path, valueAt: ValueAt): PropertyInfo[] {
  const byName = new Map<string, PropertyInfo>();
  for (const schema of schemasAt(path, valueAt)) {
    const properties = schema['properties'];
    if (!isObject(properties)) continue;
    const required = new Set((schema['required'] as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      if (!isObject(property)) continue;
      const known = byName.get(name);
      if (known !== undefined) {
        known.required ||= required.has(name);
        continue;
      }
      byName.set(name, { name, schema: property, description: describeSchema(property), required: required.has(name) });
    }
  }
  return [...byName.values()];
}

/** Returns whether the mapping at `path` takes keys of its own choosing, such as entry names. */
export function takesNamedEntries(path: Path, valueAt: ValueAt): boolean {
  return schemasAt(path, valueAt).some((schema) => isObject(schema['additionalProperties']));
}

/** Returns the fixed values the value at `path` may take: enum members, constants and booleans. */
export function valuesAt(path: Path, valueAt: ValueAt): unknown[] {
  const values: unknown[] = [];
  const add = (value: unknown) => {
    if (!values.includes(value)) values.push(value);
  };
  for (const schema of schemasAt(path, valueAt)) {
    if (Array.isArray(schema['enum'])) schema['enum'].forEach(add);
    if (schema['const'] !== undefined) add(schema['const']);
    const type = schema['type'];
    if (type === 'boolean' || (Array.isArray(type) && type.includes('boolean'))) {
      add(true);
      add(false);
    }
  }
  return values;
}

/** The JSON types the value at `path` may have, such as `object` or `array`. */
export function typesAt(path: Path, valueAt: ValueAt): Set<string> {
  const types = new Set<string>();
  for (const schema of schemasAt(path, valueAt)) {
    const type = schema['type'];
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) for (const item of type) types.add(String(item));
    else if (isObject(schema['properties'])) types.add('object');
  }
  return types;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
