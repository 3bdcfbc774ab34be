/**
 * Converts an OpenAPI 3.0 or 3.1 document into a contract. The API becomes one HTTP service behind
 * the gateway. Each operation becomes a route with its parameters, and its request body and first
 * successful response become messages. Bearer security schemes become JWT authentication schemes,
 * and the webhooks of OpenAPI 3.1 become events that the service sends.
 */
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import type { JsonObject } from '../contract/model';
import type { DocumentSet, Located } from './documents';
import { Draft, entriesOf, isObject, itemsOf, put, text } from './draft';
import { constantCase, kebabCase, pascalCase } from './names';
import { SchemaDialect, SchemaImporter } from './schema-in';

type OpenApiDocument = OpenAPIV3.Document | OpenAPIV3_1.Document;

/** The methods of an OpenAPI path item; contracts route all but TRACE. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const JSON_MEDIA = /^application\/([a-z0-9.+-]*\+)?json(;|$)|^\*\/\*$/;

export function importOpenApi(set: DocumentSet): JsonObject {
  return new OpenApiImporter(set).run();
}

class OpenApiImporter {
  private readonly draft = new Draft();
  private readonly schemas: SchemaImporter;
  private readonly root: Located;
  private readonly dialect: SchemaDialect;
  private service = '';
  private readonly schemes = new Map<string, string | undefined>();

  constructor(private readonly set: DocumentSet) {
    this.schemas = new SchemaImporter(set);
    this.root = { at: { uri: set.root.uri, pointer: '' }, value: set.root.data };
    const document = set.root.data as OpenApiDocument;
    this.dialect = document.openapi.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1';
  }

  run(): JsonObject {
    this.schemas.registerComponents(this.child(this.root, 'components', 'schemas'), this.dialect);
    this.importInfo();
    this.importServers();
    this.importSecuritySchemes();
    for (const [template, item] of entriesOf(this.set, this.child(this.root, 'paths'))) {
      for (const method of METHODS) {
        const operation = this.child(item, method);
        if (isObject(operation.value)) this.importOperation(template, method, item, operation);
      }
    }
    for (const [key, item] of entriesOf(this.set, this.child(this.root, 'webhooks')))
      this.importWebhook(key, item);
    for (const [name, schema] of this.schemas.shared) this.draft.add('schemas', name, schema);
    return this.draft.toContract();
  }

  private child(node: Located, ...segments: Array<string | number>): Located {
    return this.set.child(node, ...segments);
  }

  private importInfo(): void {
    const info = this.child(this.root, 'info');
    const out: JsonObject = {};
    put(out, 'title', text(this.child(info, 'title').value));
    put(out, 'version', text(this.child(info, 'version').value));
    put(out, 'description', text(this.child(info, 'description').value));
    this.draft.top['info'] = out;
  }

  private importServers(): void {
    const servers = itemsOf(this.set, this.child(this.root, 'servers'));
    const first = servers[0];
    const url = first === undefined ? undefined : text(this.child(first, 'url').value);
    const title = text(this.child(this.root, 'info', 'title').value) ?? '';
    const name = kebabCase(title) || 'api';
    const absolute = url !== undefined && /^https?:\/\//.test(url) && !url.includes('{');
    const serviceUrl = absolute ? url : `http://${name}.invalid`;
    this.service = this.draft.add('services', name, { protocol: 'http', url: serviceUrl });
    if (absolute) this.draft.top['gateway'] = { url };
    if (!absolute) {
      this.set.notes.inform(
        first?.at ?? { uri: this.set.root.uri, pointer: '/info/title' },
        `The API becomes the service '${this.service}' with the placeholder URL ${serviceUrl}, because ` +
          'the document gives no absolute http or https server URL. Set its url.',
      );
    }
    if (servers.length > 1) {
      this.set.notes.inform(
        servers[1]!.at,
        'Only the first server URL is imported; a service has one URL.',
      );
    }
  }

  private importSecuritySchemes(): void {
    const authentication: JsonObject = {};
    for (const [key, scheme] of entriesOf(
      this.set,
      this.child(this.root, 'components', 'securitySchemes'),
    )) {
      const value = isObject(scheme.value) ? scheme.value : {};
      const type = text(value['type']);
      const bearer = type === 'http' && text(value['scheme'])?.toLowerCase() === 'bearer';
      const tokens = type === 'oauth2' || type === 'openIdConnect';
      if (!bearer && !tokens) {
        this.schemes.set(key, undefined);
        this.set.notes.warn(
          scheme.at,
          `The security scheme '${key}' (${type ?? 'no type'}${value['scheme'] ? ` ${String(value['scheme'])}` : ''}) ` +
            'is not imported: the gateway authenticates bearer JWTs only, so routes that require it are imported without authentication.',
        );
        continue;
      }
      const name = kebabCase(key) || 'auth';
      const out: JsonObject = { type: 'jwt', secretEnv: `${constantCase(key)}_SECRET` };
      put(out, 'description', text(value['description']));
      authentication[name] = out;
      this.schemes.set(key, name);
      this.set.notes.inform(
        scheme.at,
        `The security scheme '${key}' becomes the JWT scheme '${name}', verified with the secret in the ` +
          `environment variable ${out['secretEnv']}${tokens ? `; ${type} tokens must be HS256 JWTs for the gateway to accept them` : ''}.`,
      );
    }
    if (Object.keys(authentication).length === 0) return;
    const gateway = isObject(this.draft.top['gateway']) ? this.draft.top['gateway'] : {};
    gateway['authentication'] = authentication;
    this.draft.top['gateway'] = gateway;
  }

  private importOperation(
    template: string,
    method: string,
    item: Located,
    operation: Located,
  ): void {
    const value = operation.value as JsonObject;
    if (method === 'trace') {
      this.set.notes.warn(
        operation.at,
        'The TRACE operation is not imported: gateway routes do not take TRACE.',
      );
      return;
    }
    const operationId = text(value['operationId']);
    const wanted = kebabCase(operationId ?? `${method} ${template}`) || method;
    const route: JsonObject = {
      method: method.toUpperCase(),
      path: template,
      service: this.service,
    };
    put(route, 'description', text(value['description']) ?? text(value['summary']));
    if (value['description'] !== undefined && value['summary'] !== undefined) {
      this.set.notes.inform(
        { uri: operation.at.uri, pointer: `${operation.at.pointer}/summary` },
        "The operation's summary is not imported: the route takes its description.",
      );
    }
    this.importParameters(route, [item, operation]);
    const auth = this.auth(operation);
    if (auth !== undefined) route['auth'] = auth;
    const base = pascalCase(operationId ?? `${method} ${template}`);
    const request = this.requestMessage(operation, base);
    if (request !== undefined) route['request'] = request;
    const response = this.responseMessage(operation, base);
    if (response !== undefined) route['response'] = response;
    if (value['deprecated'] === true) route['deprecated'] = true;
    const tags = Array.isArray(value['tags'])
      ? value['tags'].filter((tag) => typeof tag === 'string')
      : [];
    if (tags.length > 0) route['tags'] = tags;
    this.draft.add('routes', wanted, route);
  }

  private importParameters(route: JsonObject, holders: Located[]): void {
    const byPlace = new Map<string, Located>();
    for (const holder of holders) {
      for (const parameter of itemsOf(this.set, this.child(holder, 'parameters'))) {
        const value = isObject(parameter.value) ? parameter.value : {};
        byPlace.set(`${text(value['in'])}:${text(value['name'])}`, parameter);
      }
    }
    for (const parameter of byPlace.values()) {
      const value = parameter.value as JsonObject;
      const where = text(value['in']);
      const name = text(value['name']) ?? '';
      let section: 'parameters' | 'query' | undefined;
      if (where === 'path') section = 'parameters';
      else if (where === 'query') section = 'query';
      if (section === undefined) {
        this.set.notes.inform(
          parameter.at,
          `The ${where ?? 'unplaced'} parameter '${name}' is not imported: routes take path and query parameters.`,
        );
        continue;
      }
      const out: JsonObject = {};
      put(out, 'description', text(value['description']));
      if (value['required'] === true && where === 'query') out['required'] = true;
      const schema = this.set.rawChild(parameter, 'schema');
      if (isObject(schema.value)) out['schema'] = this.schemas.convert(schema, this.dialect);
      const entries = isObject(route[section]) ? (route[section] as JsonObject) : {};
      entries[name] = out;
      route[section] = entries;
    }
  }

  private auth(operation: Located): string | undefined {
    const own = this.child(operation, 'security');
    const requirements = Array.isArray(own.value) ? own : this.child(this.root, 'security');
    for (const requirement of itemsOf(this.set, requirements)) {
      for (const key of Object.keys(isObject(requirement.value) ? requirement.value : {})) {
        const scheme = this.schemes.get(key);
        if (scheme !== undefined) return scheme;
      }
    }
    return undefined;
  }

  private requestMessage(operation: Located, base: string): string | undefined {
    const body = this.child(operation, 'requestBody');
    if (!isObject(body.value)) return undefined;
    const spec: JsonObject = { kind: 'command', producer: 'gateway', handler: this.service };
    put(spec, 'description', text(body.value['description']));
    this.content(body, spec);
    return this.draft.add('messages', `${base}Request`, spec);
  }

  private responseMessage(operation: Located, base: string): string | undefined {
    const responses = entriesOf(this.set, this.child(operation, 'responses'));
    const success = responses.find(([status]) => /^2/.test(status));
    for (const [status, response] of responses) {
      if (response === success?.[1]) continue;
      this.set.notes.inform(
        response.at,
        `The ${status} response is not imported: a route names one response message, the first 2xx one.`,
      );
    }
    if (success === undefined) return undefined;
    const [, response] = success;
    if (!isObject(this.child(response, 'content').value)) return undefined;
    const spec: JsonObject = { kind: 'response', producer: this.service };
    put(spec, 'description', text(this.child(response, 'description').value));
    this.content(response, spec);
    return this.draft.add('messages', `${base}Response`, spec);
  }

  /** Sets the payload and content type of a message from a request body or response. */
  private content(holder: Located, spec: JsonObject): void {
    const media = entriesOf(this.set, this.child(holder, 'content'));
    const chosen = media.find(([type]) => JSON_MEDIA.test(type)) ?? media[0];
    if (chosen === undefined) return;
    const [type, body] = chosen;
    if (type !== 'application/json') spec['contentType'] = type;
    const schema = this.set.rawChild(body, 'schema');
    if (schema.value !== undefined) spec['payload'] = this.schemas.payload(schema, this.dialect);
    for (const [other, node] of media) {
      if (other === type) continue;
      this.set.notes.inform(
        node.at,
        `The ${other} content is not imported: a message has one content type, ${type}.`,
      );
    }
  }

  private importWebhook(key: string, item: Located): void {
    for (const method of METHODS) {
      const operation = this.child(item, method);
      if (!isObject(operation.value)) continue;
      const body = this.child(operation, 'requestBody');
      const spec: JsonObject = { kind: 'event', producer: this.service };
      put(
        spec,
        'description',
        text(operation.value['description']) ?? text(operation.value['summary']),
      );
      if (isObject(body.value)) this.content(body, spec);
      const name = this.draft.add('messages', pascalCase(key) || 'Webhook', spec);
      this.set.notes.inform(
        operation.at,
        `The webhook '${key}' becomes the event ${name} that the service sends; name its subscribers.`,
      );
    }
  }
}
