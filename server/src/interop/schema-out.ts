/**
 * Converts the JSON Schemas of a contract into the schemas of an AsyncAPI 3.0 document (a superset
 * of JSON Schema draft 07) or of an OpenAPI 3.1 document (JSON Schema draft 2020-12).
 * `$ref: '#/schemas/Name'` becomes `$ref: '#/components/schemas/Name'` in both.
 */
import type { JsonObject } from '../contract/model';
import { schemaRefName } from '../contract/model';
import {
  escapeName,
  SCHEMA_KEYWORDS,
  SCHEMA_LIST_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
} from './schema-in';

export type SchemaTarget = 'asyncapi' | 'openapi-3.1';

export function componentRef(name: string): string {
  return `#/components/schemas/${escapeName(name)}`;
}

export function exportSchema(schema: unknown, target: SchemaTarget): JsonObject {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema as JsonObject)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = schemaRefName(value);
      out[key] = name === undefined ? value : componentRef(name);
    } else if (SCHEMA_KEYWORDS.includes(key) && typeof value === 'object' && value !== null) {
      out[key] = exportSchema(value, target);
    } else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) => exportSchema(item, target));
    } else if (SCHEMA_MAP_KEYWORDS.includes(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, exportSchema(item, target)]),
      );
    } else if (key === 'discriminator') {
      exportDiscriminator(value as JsonObject, target, out);
    } else {
      out[key] = value;
    }
  }
  exportNullable(out);
  if (target === 'asyncapi') toDraft07(out);
  return out;
}

function exportDiscriminator(value: JsonObject, target: SchemaTarget, out: JsonObject): void {
  const mapping = value['mapping'] as Record<string, string> | undefined;
  const converted =
    mapping === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(mapping).map(([label, ref]) => {
            const name = schemaRefName(ref);
            return [label, name === undefined ? ref : componentRef(name)];
          }),
        );
  if (target === 'openapi-3.1') {
    out['discriminator'] =
      converted === undefined ? { ...value } : { ...value, mapping: converted };
    return;
  }
  // An AsyncAPI discriminator is the property name alone; the mapping travels in an extension.
  out['discriminator'] = value['propertyName'];
  if (converted !== undefined) out['x-discriminator-mapping'] = converted;
}

/** `nullable: true`, as OpenAPI 3.0 writes it, becomes a type that includes 'null'. */
function exportNullable(out: JsonObject): void {
  if (out['nullable'] !== true) return;
  const type = out['type'];
  if (typeof type === 'string') out['type'] = [type, 'null'];
  else if (Array.isArray(type)) out['type'] = type.includes('null') ? type : [...type, 'null'];
  else return;
  delete out['nullable'];
}

/** Draft 2020-12 keywords that draft 07 spells differently. */
function toDraft07(out: JsonObject): void {
  if (Array.isArray(out['prefixItems'])) {
    const rest = out['items'];
    out['items'] = out['prefixItems'];
    delete out['prefixItems'];
    if (rest !== undefined) out['additionalItems'] = rest;
  }
  if (out['dependentRequired'] !== undefined) {
    out['dependencies'] = out['dependentRequired'];
    delete out['dependentRequired'];
  }
}
