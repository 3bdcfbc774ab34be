/**
 * The AsyncAPI and OpenAPI validators, bundled apart from the server and the command line. With
 * their dependencies they are several times the size of everything else, and only import and
 * export use them, so the server loads them only then.
 */
export { Parser } from '@asyncapi/parser';

/** Loads the OpenAPI validator. Its package is an ECMAScript module, which CommonJS loads with import(). */
export async function openApiValidator() {
  return (await import('@seriousme/openapi-schema-validator')).Validator;
}
