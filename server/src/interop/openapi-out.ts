/**
 * Writes a contract as an OpenAPI 3.1 document: gateway routes become operations, their request
 * and response messages become request bodies and responses, JWT schemes become bearer security
 * schemes, and events that travel on no channel or queue become webhooks.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonObject } from '../contract/model';
import { exportInfo, mapEntries, section } from './asyncapi-out';
import { isObject, text } from './draft';
import { componentRef, exportSchema } from './schema-out';

export function exportOpenApi(contract: JsonObject, fallbackTitle: string): JsonObject {
  const document: JsonObject = { openapi: '3.1.0', info: exportInfo(contract, fallbackTitle) };
  const gateway = isObject(contract['gateway']) ? contract['gateway'] : {};
  const url = text(gateway['url']);
  if (url !== undefined) document['servers'] = [{ url }];
  const messages = section(contract, 'messages');
  const paths: JsonObject = {};
  for (const [name, route] of Object.entries(section(contract, 'routes'))) {
    const template = text(route['path']);
    const method = text(route['method'])?.toLowerCase();
    if (template === undefined || method === undefined) continue;
    const item = isObject(paths[template]) ? (paths[template] as JsonObject) : {};
    item[method] = exportOperation(name, route, messages);
    paths[template] = item;
  }
  document['paths'] = paths;
  const webhooks = exportWebhooks(messages);
  if (Object.keys(webhooks).length > 0) document['webhooks'] = webhooks;
  const components: JsonObject = {};
  const schemas = mapEntries(contract['schemas'], (_, spec) => exportSchema(spec, 'openapi-3.1'));
  if (Object.keys(schemas).length > 0) components['schemas'] = schemas;
  const securitySchemes = mapEntries(gateway['authentication'], (_, scheme) => {
    const out: OpenAPIV3_1.HttpSecurityScheme = {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    };
    const description = text(scheme['description']);
    if (description !== undefined) out.description = description;
    return out as unknown as JsonObject;
  });
  if (Object.keys(securitySchemes).length > 0) components['securitySchemes'] = securitySchemes;
  if (Object.keys(components).length > 0) document['components'] = components;
  return document;
}

function exportOperation(
  name: string,
  route: JsonObject,
  messages: Record<string, JsonObject>,
): JsonObject {
  const operation: JsonObject = { operationId: name };
  const description = text(route['description']);
  if (description !== undefined) operation['description'] = description;
  if (Array.isArray(route['tags'])) operation['tags'] = route['tags'];
  const parameters = [...pathParameters(route), ...queryParameters(route)];
  if (parameters.length > 0) operation['parameters'] = parameters;
  const request = messages[text(route['request']) ?? ''];
  if (request !== undefined) {
    const body: JsonObject = { content: content(request) };
    if (text(request['description']) !== undefined) body['description'] = request['description'];
    operation['requestBody'] = body;
  }
  const response = messages[text(route['response']) ?? ''];
  const success: JsonObject = { description: text(response?.['description']) ?? 'Success.' };
  if (response !== undefined) success['content'] = content(response);
  operation['responses'] = { [route['method'] === 'POST' ? '201' : '200']: success };
  const auth = text(route['auth']);
  if (auth !== undefined && auth !== 'none') operation['security'] = [{ [auth]: [] }];
  if (route['deprecated'] === true) operation['deprecated'] = true;
  return operation;
}

function pathParameters(route: JsonObject): JsonObject[] {
  const declared = isObject(route['parameters']) ? route['parameters'] : {};
  const names = [...String(route['path']).matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  return names.map((name) => {
    const spec = isObject(declared[name]) ? declared[name] : {};
    return parameter(name, 'path', spec, true);
  });
}

function queryParameters(route: JsonObject): JsonObject[] {
  const declared = isObject(route['query']) ? route['query'] : {};
  return Object.entries(declared).map(([name, spec]) =>
    parameter(
      name,
      'query',
      isObject(spec) ? spec : {},
      isObject(spec) && spec['required'] === true,
    ),
  );
}

function parameter(name: string, where: string, spec: JsonObject, required: boolean): JsonObject {
  const out: JsonObject = { name, in: where };
  if (text(spec['description']) !== undefined) out['description'] = spec['description'];
  if (required) out['required'] = true;
  out['schema'] = isObject(spec['schema'])
    ? exportSchema(spec['schema'], 'openapi-3.1')
    : { type: 'string' };
  return out;
}

function content(message: JsonObject): JsonObject {
  const media = text(message['contentType']) ?? 'application/json';
  const payload = message['payload'];
  let schema: JsonObject = {};
  if (typeof payload === 'string') schema = { $ref: componentRef(payload) };
  else if (isObject(payload)) schema = exportSchema(payload, 'openapi-3.1');
  return { [media]: { schema } };
}

function exportWebhooks(messages: Record<string, JsonObject>): JsonObject {
  const webhooks: JsonObject = {};
  for (const [name, message] of Object.entries(messages)) {
    if (
      message['kind'] !== 'event' ||
      message['channel'] !== undefined ||
      message['queue'] !== undefined
    )
      continue;
    const operation: JsonObject = {
      operationId: name,
      responses: { '200': { description: 'Received.' } },
    };
    if (text(message['description']) !== undefined)
      operation['description'] = message['description'];
    operation['requestBody'] = { content: content(message) };
    webhooks[name] = { post: operation };
  }
  return webhooks;
}
