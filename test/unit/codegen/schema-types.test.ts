import { strict as assert } from 'node:assert';
import { schemaType, type SchemaTypeLookup } from '../../../server/src/codegen/schema-types';

const SCHEMAS: Record<string, unknown> = {
  Cat: { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' } } },
  Dog: { type: 'object', properties: { bark: { type: 'boolean' } } },
};
const lookup: SchemaTypeLookup = Object.assign(
  (name: string) => (name in SCHEMAS ? name : undefined),
  {
    schema: (name: string) => SCHEMAS[name],
  },
);

describe('schema types', () => {
  const cases: Array<[string, unknown, string]> = [
    ['nullable type list', { type: ['string', 'null'] }, 'string | null'],
    ['quoted enum values', { enum: ["a'b", '*/', 1, null] }, "'a\\'b' | '*/' | 1 | null"],
    ['array of union', { type: 'array', items: { enum: ['x', 'y'] } }, "Array<'x' | 'y'>"],
    [
      'tuple with rest',
      { prefixItems: [{ type: 'string' }], items: { type: 'number' } },
      '[string, ...number[]]',
    ],
    [
      'closed empty object',
      { type: 'object', additionalProperties: false },
      'Record<string, never>',
    ],
    [
      'string map',
      { type: 'object', additionalProperties: { type: 'integer' } },
      '{\n  [key: string]: number;\n}',
    ],
    ['unknown reference', { $ref: '#/schemas/Missing' }, 'unknown'],
    ['false schema', false, 'never'],
    [
      'allOf intersection',
      { allOf: [{ $ref: '#/schemas/Cat' }, { $ref: '#/schemas/Dog' }] },
      'Cat & Dog',
    ],
  ];
  for (const [name, schema, expected] of cases) {
    it(name, () => assert.equal(schemaType(schema, lookup), expected));
  }

  it('fixes a discriminator without const', () => {
    const schema = {
      oneOf: [{ $ref: '#/schemas/Cat' }, { $ref: '#/schemas/Dog' }],
      discriminator: {
        propertyName: 'kind',
        mapping: { cat: '#/schemas/Cat', dog: '#/schemas/Dog' },
      },
    };
    assert.equal(schemaType(schema, lookup), "Cat | (Dog & { kind: 'dog' })");
  });

  it('quotes hostile property names', () => {
    const schema = {
      type: 'object',
      required: ['a-b'],
      properties: { 'a-b': {}, "it's": {} },
      additionalProperties: false,
    };
    assert.equal(schemaType(schema, lookup), "{\n  'a-b': unknown;\n  'it\\'s'?: unknown;\n}");
  });
});
