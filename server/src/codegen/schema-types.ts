/**
 * Writes a JSON Schema as a TypeScript type: required and optional properties, enums and consts,
 * unions (oneOf, anyOf), intersections (allOf), arrays and tuples, nullable type lists and
 * additionalProperties. A `$ref` to a shared schema becomes a reference to its named type, so
 * recursive schemas are declared once. Keywords that TypeScript cannot state, such as pattern and
 * minimum, are left to validation.
 *
 * NOTE: json-schema-to-typescript is not used here, for three reasons. Its compile() with
 * format: false took about 4.4 s for 1,000 message payloads, beyond the 1 s budget of generating
 * such a contract. Its type names drop non-ASCII letters. Its output reads well only after
 * prettier, which the bundles would then have to contain.
 */
import { schemaRefName } from '../contract/model';
import { commentLines, propertyKey, stringLiteral } from './literals';

/** Finds shared schemas by name: their type, and optionally their JSON Schema. */
export interface SchemaTypeLookup {
  /** Returns the type a shared schema's name maps to, or undefined when there is no such schema. */
  (schemaName: string): string | undefined;
  /** Returns the JSON Schema of a shared schema, for discriminators. */
  schema?(schemaName: string): unknown;
}

type Schema = Record<string, unknown>;

const PRIMITIVES: Readonly<Record<string, string>> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  null: 'null',
};

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Writes the type of `schema`, with nested object members indented by `indent` spaces. */
export function schemaType(schema: unknown, lookup: SchemaTypeLookup, indent = 0): string {
  if (schema === false) return 'never';
  if (!isSchema(schema)) return 'unknown';

  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = schemaRefName(ref);
    return (name === undefined ? undefined : lookup(name)) ?? 'unknown';
  }
  if ('const' in schema) return literalType(schema['const']);
  if (Array.isArray(schema['enum'])) return union(schema['enum'].map(literalType));

  const parts: string[] = [];
  const base = baseType(schema, lookup, indent);
  if (base !== undefined) parts.push(base);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options)) {
      parts.push(union(options.map((option) => optionType(schema, option, lookup, indent))));
    }
  }
  const all = schema['allOf'];
  if (Array.isArray(all)) parts.push(...all.map((item) => schemaType(item, lookup, indent)));
  if (parts.length === 0) return 'unknown';
  return parts.length === 1 ? parts[0]! : parts.map(group).join(' & ');
}

/**
 * Writes one option of a oneOf or anyOf. Under an OpenAPI-style discriminator, an option that is a
 * $ref whose schema does not fix the discriminating property with const gets it fixed here, so the
 * union is a discriminated union either way.
 */
function optionType(
  parent: Schema,
  option: unknown,
  lookup: SchemaTypeLookup,
  indent: number,
): string {
  const type = schemaType(option, lookup, indent);
  const discriminator = parent['discriminator'];
  const ref = isSchema(option) ? option['$ref'] : undefined;
  if (!isSchema(discriminator) || typeof ref !== 'string') return type;
  const property = discriminator['propertyName'];
  const name = schemaRefName(ref);
  if (typeof property !== 'string' || name === undefined) return type;
  const mapping = isSchema(discriminator['mapping']) ? discriminator['mapping'] : {};
  const value = Object.keys(mapping).find((key) => mapping[key] === ref) ?? name;
  const target = lookup.schema?.(name);
  const properties = isSchema(target) && isSchema(target['properties']) ? target['properties'] : {};
  const declared = properties[property];
  if (isSchema(declared) && 'const' in declared) return type;
  return `(${type} & { ${propertyKey(property)}: ${stringLiteral(value)} })`;
}

function baseType(schema: Schema, lookup: SchemaTypeLookup, indent: number): string | undefined {
  const type = schema['type'];
  const types = Array.isArray(type)
    ? type.filter((item): item is string => typeof item === 'string')
    : [];
  if (typeof type === 'string') types.push(type);
  if (types.length === 0) {
    if (isSchema(schema['properties']) || schema['additionalProperties'] !== undefined) {
      return objectType(schema, lookup, indent);
    }
    if (schema['items'] !== undefined || schema['prefixItems'] !== undefined)
      return arrayType(schema, lookup, indent);
    return undefined;
  }
  return union(
    types.map((item) => {
      if (item === 'object') return objectType(schema, lookup, indent);
      if (item === 'array') return arrayType(schema, lookup, indent);
      return PRIMITIVES[item] ?? 'unknown';
    }),
  );
}

function arrayType(schema: Schema, lookup: SchemaTypeLookup, indent: number): string {
  const prefix =
    schema['prefixItems'] ?? (Array.isArray(schema['items']) ? schema['items'] : undefined);
  if (Array.isArray(prefix)) {
    const items = prefix.map((item) => schemaType(item, lookup, indent));
    const rest = Array.isArray(schema['items']) ? schema['additionalItems'] : schema['items'];
    if (rest !== false) items.push(`...${arrayOf(schemaType(rest, lookup, indent))}`);
    return `[${items.join(', ')}]`;
  }
  return arrayOf(schemaType(schema['items'], lookup, indent));
}

function arrayOf(item: string): string {
  return /^[\w.$]+$/u.test(item) ? `${item}[]` : `Array<${item}>`;
}

function objectType(schema: Schema, lookup: SchemaTypeLookup, indent: number): string {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(
    Array.isArray(schema['required'])
      ? schema['required'].filter((item) => typeof item === 'string')
      : [],
  );
  const inner = ' '.repeat(indent + 2);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const description = isSchema(property) ? property['description'] : undefined;
    if (typeof description === 'string') lines.push(...docLines(description, inner));
    const optional = required.has(name) ? '' : '?';
    lines.push(
      `${inner}${propertyKey(name)}${optional}: ${schemaType(property, lookup, indent + 2)};`,
    );
  }
  const extra = schema['additionalProperties'];
  if (extra !== false) {
    // Declared properties must fit the index signature, so it is unknown when there are any.
    const hasProperties = Object.keys(properties).length > 0;
    const valueType =
      isSchema(extra) && !hasProperties ? schemaType(extra, lookup, indent + 2) : 'unknown';
    lines.push(`${inner}[key: string]: ${valueType};`);
  }
  if (lines.length === 0) return 'Record<string, never>';
  return `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
}

/** Writes a JSDoc comment of a description, escaped so that it cannot end the comment early. */
export function docLines(description: string, indentation: string): string[] {
  const lines = commentLines(description.trim());
  if (lines.length === 1) return [`${indentation}/** ${lines[0]} */`];
  return [
    `${indentation}/**`,
    ...lines.map((line) => `${indentation} *${line === '' ? '' : ` ${line}`}`),
    `${indentation} */`,
  ];
}

function literalType(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'number';
  if (typeof value === 'boolean' || value === null) return String(value);
  // Objects and arrays as enum values would need their own literal types; they are rare.
  return 'unknown';
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 0) return 'never';
  return unique.length === 1 ? unique[0]! : unique.map(group).join(' | ');
}

/** Parenthesizes a union or intersection so that it can stand inside another one. */
function group(type: string): string {
  return /^[^{]*[|&]/.test(type) && !type.startsWith('(') ? `(${type})` : type;
}
