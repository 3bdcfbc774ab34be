/** Emits clients/SERVICE.ts: a typed client class with one method per route of an HTTP service. */
import {
  type Contract,
  type Definition,
  type JsonObject,
  isObject,
  lookup,
} from '../contract/model';
import { callPolicies, gatewayOf } from './call-policies';
import { messageType, typeLookup } from './emit-types';
import { typeName } from './identifiers';
import { dataLiteral, propertyKey, stringLiteral } from './literals';
import type { NamePlan } from './name-plan';
import { schemaType } from './schema-types';
import { CodeWriter } from './writer';

const PATH_PARAMETER = /\{([^}]+)\}/g;

export function emitHttpClient(
  contract: Contract,
  plan: NamePlan,
  service: Definition,
  routes: Definition[],
): string {
  const writer = new CodeWriter();
  const className = `${typeName(service.name)}Client`;
  const routeImports = routes.length > 0 ? 'type CallOptions, ' : '';
  const routeType = routes.length > 0 ? 'type HttpRoute, ' : '';
  writer.line(
    `import { ${routeImports}type HttpClientOptions, ${routeType}HttpTransport } from '../runtime/http.js';`,
  );
  writer.line("import type { MetricsRecorder } from '../runtime/metrics.js';");
  const typesImport = 2;

  for (const route of routes) {
    writer.blank();
    writer.line(
      `const ${plan.routeMembers.get(route.name)!}Route: HttpRoute = ${routeLiteral(contract, service, route)};`,
    );
    const request = requestType(contract, plan, route, 0);
    if (request !== undefined) {
      writer.blank();
      writer.doc([`The path parameters, query and body of route ${route.name}.`]);
      writer.line(`export interface ${requestName(route)} ${request}`);
    }
  }

  writer.blank();
  const gatewayUrl = gatewayOf(contract)['url'];
  writer.doc([
    `The routes of the gateway that lead to service ${service.name}, with the contract's timeouts, retry, circuit breaker and bulkhead on each call.`,
    typeof gatewayUrl === 'string'
      ? `Requests go to ${gatewayUrl} unless baseUrl is set.`
      : 'Set baseUrl to the gateway URL.',
  ]);
  writer.block(`export class ${className} {`, () => {
    writer.line('readonly #transport: HttpTransport;');
    writer.blank();
    writer.block('constructor(options: HttpClientOptions = {}) {', () => {
      const fallback = typeof gatewayUrl === 'string' ? stringLiteral(gatewayUrl) : 'undefined';
      writer.line(`this.#transport = new HttpTransport(options, ${fallback});`);
    });
    writer.blank();
    writer.doc(['The call count, errors and latencies of each route, by route name.']);
    writer.block('get $metrics(): MetricsRecorder {', () =>
      writer.line('return this.#transport.metrics;'),
    );
    for (const route of routes) {
      writer.blank();
      emitMethod(writer, contract, plan, route);
    }
  });
  const text = writer.toString();
  if (!text.includes('types.')) return text;
  // The types namespace is imported only when a route uses it, as unused imports fail strict checks.
  const lines = text.split('\n');
  lines.splice(typesImport, 0, "import type * as types from '../types.js';");
  return lines.join('\n');
}

function routeLiteral(contract: Contract, service: Definition, route: Definition): string {
  const spec = route.spec;
  const data: JsonObject = {
    ...callPolicies(contract, route.name, { route: spec, service: service.spec }, false),
    method: String(spec['method'] ?? 'GET'),
    path: String(spec['path'] ?? '/'),
  };
  const auth = spec['auth'] ?? gatewayOf(contract)['defaultAuth'];
  if (typeof auth === 'string' && auth !== 'none') data['auth'] = auth;
  return dataLiteral(data, 0, 40);
}

/** Names the request type of a route: 'list-orders' -> 'ListOrdersRequest'. */
function requestName(route: Definition): string {
  return `${typeName(route.name)}Request`;
}

function emitMethod(
  writer: CodeWriter,
  contract: Contract,
  plan: NamePlan,
  route: Definition,
): void {
  const spec = route.spec;
  const member = plan.routeMembers.get(route.name)!;
  const request =
    requestType(contract, plan, route, 0) === undefined ? undefined : requestName(route);
  const response = messageType(plan, 'types.', asString(spec['response'])) ?? 'void';
  const description = asString(spec['description']);
  writer.doc([
    description,
    `${String(spec['method'] ?? 'GET')} ${String(spec['path'] ?? '/')} (route ${route.name}).`,
  ]);
  const parameters =
    request === undefined ? 'options?: CallOptions' : `request: ${request}, options?: CallOptions`;
  writer.block(`async ${member}(${parameters}): Promise<${response}> {`, () => {
    const parts = request === undefined ? '{}' : 'request';
    writer.line(
      `return (await this.#transport.call(${member}Route, ${parts}, options)) as ${response};`,
    );
  });
}

/** Writes the request type of a route: path parameters, query and body; undefined when empty. */
function requestType(
  contract: Contract,
  plan: NamePlan,
  route: Definition,
  indent: number,
): string | undefined {
  const spec = route.spec;
  const lookupType = typeLookup(plan, 'types.', contract);
  const inner = ' '.repeat(indent + 2);
  const members: string[] = [];

  const declared = isObject(spec['parameters']) ? spec['parameters'] : {};
  const names = [...String(spec['path'] ?? '').matchAll(PATH_PARAMETER)].map((match) => match[1]!);
  if (names.length > 0) {
    const fields = names.map((name) => {
      const holder = declared[name];
      const type = isObject(holder)
        ? schemaType(holder['schema'], lookupType, indent + 4)
        : 'string';
      return `${inner}  ${propertyKey(name)}: ${type};`;
    });
    members.push(`${inner}path: {\n${fields.join('\n')}\n${inner}};`);
  }

  const query = isObject(spec['query']) ? spec['query'] : {};
  if (Object.keys(query).length > 0) {
    let anyRequired = false;
    const fields = Object.entries(query).map(([name, holder]) => {
      const required = isObject(holder) && holder['required'] === true;
      anyRequired ||= required;
      const type = isObject(holder)
        ? schemaType(holder['schema'], lookupType, indent + 4)
        : 'string';
      return `${inner}  ${propertyKey(name)}${required ? '' : '?'}: ${type};`;
    });
    members.push(`${inner}query${anyRequired ? '' : '?'}: {\n${fields.join('\n')}\n${inner}};`);
  }

  const body = messageType(plan, 'types.', asString(spec['request']));
  const requestMessage = asString(spec['request']);
  if (
    body !== undefined &&
    requestMessage !== undefined &&
    lookup(contract, 'message', requestMessage) !== undefined
  ) {
    members.push(`${inner}body: ${body};`);
  }
  if (members.length === 0) return undefined;
  return `{\n${members.join('\n')}\n${' '.repeat(indent)}}`;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
