/**
 * Converts an AsyncAPI 2.6 or 3.x document into a contract. The document describes one
 * application, which becomes a service. Servers become brokers, channels become channels, and the
 * messages of channels and components become messages. The operations decide each message's kind:
 * the reply of an operation is a response, a message that expects a reply is a command, and any
 * other is an event.
 */
import type { JsonObject } from '../contract/model';
import type { DocumentSet, Located } from './documents';
import {
  Draft,
  entriesOf,
  isObject,
  itemsOf,
  keepRest,
  MESSAGING_PROTOCOLS,
  noteUnmapped,
  put,
  text,
} from './draft';
import { kebabCase, pascalCase } from './names';
import { appendPointer, decodePointer } from './pointer';
import { SchemaImporter } from './schema-in';

const EXTENSION = 'x-asyncapi';
const SERVER_KEYS = new Set([
  'host',
  'pathname',
  'url',
  'protocol',
  'protocolVersion',
  'description',
  'bindings',
]);
const CHANNEL_KEYS = new Set([
  'address',
  'messages',
  'parameters',
  'servers',
  'bindings',
  'description',
]);
const CHANNEL_KEYS_2 = new Set([
  'parameters',
  'servers',
  'bindings',
  'description',
  'publish',
  'subscribe',
]);
const MESSAGE_KEYS = new Set([
  'name',
  'payload',
  'headers',
  'contentType',
  'correlationId',
  'examples',
  'tags',
  'description',
  'schemaFormat',
  'traits',
]);
const ROOT_KEYS = new Set([
  'asyncapi',
  'info',
  'servers',
  'channels',
  'operations',
  'components',
  'defaultContentType',
]);
const INFO_KEYS = new Set(['title', 'version', 'description']);
const OPERATION_KEYS = new Set(['action', 'channel', 'messages', 'reply']);
const PARAMETER_KEYS = new Set([
  'description',
  'enum',
  'default',
  'examples',
  'location',
  'schema',
]);

/** Schema formats whose schemas are JSON Schema, so that a payload in them imports. */
const JSON_SCHEMA_FORMAT =
  /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema\+(json|yaml))(;|$)/;

/** The part one message plays in the operations of the document. */
interface MessageRole {
  name: string;
  sent: boolean;
  received: boolean;
  /** The operation this message is the reply of: true when the application receives the request. */
  replyTo?: { receivedRequest: boolean };
  reply?: string;
  channels: string[];
}

export function importAsyncApi(set: DocumentSet): JsonObject {
  return new AsyncApiImporter(set).run();
}

class AsyncApiImporter {
  private readonly draft = new Draft();
  private readonly schemas: SchemaImporter;
  private readonly root: Located;
  private readonly major: number;
  private readonly messagesByPlace = new Map<string, MessageRole>();
  private readonly channelsByPlace = new Map<string, string>();
  private readonly brokersByPlace = new Map<string, string>();
  private defaultContentType: string | undefined;
  private application = '';
  private external: string | undefined;

  constructor(private readonly set: DocumentSet) {
    this.schemas = new SchemaImporter(set);
    this.root = { at: { uri: set.root.uri, pointer: '' }, value: set.root.data };
    this.major = Number(String((set.root.data as JsonObject)['asyncapi']).split('.')[0]);
  }

  run(): JsonObject {
    this.schemas.registerComponents(this.child(this.root, 'components', 'schemas'), 'asyncapi');
    this.defaultContentType = text(this.child(this.root, 'defaultContentType').value);
    this.importInfo();
    this.importServers();
    this.importApplication();
    for (const [key, channel] of entriesOf(this.set, this.child(this.root, 'channels'))) {
      if (this.major >= 3) this.importChannel3(key, channel);
      else this.importChannel2(key, channel);
    }
    for (const [, message] of entriesOf(
      this.set,
      this.child(this.root, 'components', 'messages'),
    )) {
      this.message(message);
    }
    if (this.major >= 3) {
      for (const [key, operation] of entriesOf(this.set, this.child(this.root, 'operations'))) {
        this.importOperation3(key, operation);
      }
    }
    this.assignRoles();
    for (const [name, schema] of this.schemas.shared) this.draft.add('schemas', name, schema);
    return this.draft.toContract();
  }

  /**
   * Returns the keys of an object that import maps. AsyncAPI 2 bindings have other versions and fields
   * than the AsyncAPI 3 bindings a contract holds, so they are kept under the extension instead.
   */
  private known(keys: ReadonlySet<string>): ReadonlySet<string> {
    if (this.major >= 3) return keys;
    return new Set([...keys].filter((key) => key !== 'bindings'));
  }

  private child(node: Located, ...segments: Array<string | number>): Located {
    return this.set.child(node, ...segments);
  }

  private importInfo(): void {
    const info = this.child(this.root, 'info');
    const documentation = 'a contract describes the system, not the document it came from.';
    noteUnmapped(this.set, this.root, ROOT_KEYS, 'document', documentation);
    noteUnmapped(this.set, info, INFO_KEYS, 'info', documentation);
    const out: JsonObject = {};
    put(out, 'title', text(this.child(info, 'title').value));
    put(out, 'version', text(this.child(info, 'version').value));
    put(out, 'description', text(this.child(info, 'description').value));
    this.draft.top['info'] = out;
  }

  private importServers(): void {
    for (const [key, server] of entriesOf(this.set, this.child(this.root, 'servers'))) {
      const spec = this.broker(server);
      if (spec === undefined) continue;
      const name = this.draft.add('brokers', key, spec);
      this.brokersByPlace.set(placeKey(server), name);
    }
  }

  private broker(server: Located): JsonObject | undefined {
    const value = server.value;
    if (!isObject(value)) return undefined;
    const written = text(value['protocol'])?.toLowerCase();
    if (written === undefined) {
      this.set.notes.warn(
        server.at,
        'The server names no protocol, so it is not imported as a broker.',
      );
      return undefined;
    }
    let protocol = written;
    if (!MESSAGING_PROTOCOLS.has(written)) {
      protocol = 'in-process';
      this.set.notes.warn(
        { uri: server.at.uri, pointer: appendPointer(server.at.pointer, 'protocol') },
        `The protocol '${written}' is not a messaging protocol of contracts; the broker is imported as in-process.`,
      );
    }
    const spec: JsonObject = { protocol };
    put(spec, 'protocolVersion', text(value['protocolVersion']));
    put(spec, 'url', serverUrl(value, written));
    put(spec, 'description', text(value['description']));
    if (this.major >= 3 && isObject(value['bindings'])) spec['bindings'] = value['bindings'];
    keepRest(this.set, server, this.known(SERVER_KEYS), spec, EXTENSION, 'server');
    return spec;
  }

  /** Adds the service that stands for the application the document describes. */
  private importApplication(): void {
    const title = text(this.child(this.root, 'info', 'title').value) ?? '';
    const wanted = kebabCase(title) || 'application';
    const brokers = this.draft.sections.get('brokers')!;
    const web = [...brokers.values()].find((broker) =>
      /^https?:\/\//.test(String(broker['url'] ?? '')),
    );
    const url = web === undefined ? `http://${wanted}.invalid` : String(web['url']);
    this.application = this.draft.add('services', wanted, { protocol: 'http', url });
    if (web === undefined) {
      this.set.notes.inform(
        { uri: this.set.root.uri, pointer: '/info/title' },
        `The application becomes the service '${this.application}' with the placeholder URL ${url}, ` +
          'because AsyncAPI does not give its own address. Set its url.',
      );
    }
  }

  private externalService(at: Located): string {
    if (this.external === undefined) {
      this.external = this.draft.add('services', 'external', {
        protocol: 'http',
        url: 'http://external.invalid',
        description: 'The services that the imported AsyncAPI document does not describe.',
      });
      this.set.notes.inform(
        at.at,
        `The service '${this.external}' stands for the peers of the application, which the document ` +
          'does not describe; replace it with the real services.',
      );
    }
    return this.external;
  }

  private importChannel3(key: string, channel: Located): void {
    const spec: JsonObject = {};
    const address = this.child(channel, 'address').value;
    if (typeof address === 'string') spec['address'] = address;
    else if (address === null) {
      this.set.notes.inform(
        { uri: channel.at.uri, pointer: appendPointer(channel.at.pointer, 'address') },
        'The channel address is null, which AsyncAPI uses for an address known only at run time; ' +
          "the contract uses the channel's name as its address.",
      );
    }
    this.channelCommon(channel, spec, this.serverRefs(channel));
    keepRest(this.set, channel, CHANNEL_KEYS, spec, EXTENSION, 'channel');
    const name = this.draft.add('channels', key, spec);
    this.channelsByPlace.set(placeKey(channel), name);
    for (const [, message] of entriesOf(this.set, this.child(channel, 'messages'))) {
      this.message(message).channels.push(name);
    }
  }

  private importChannel2(key: string, channel: Located): void {
    const spec: JsonObject = { address: key };
    const servers = itemsOf(this.set, this.child(channel, 'servers'))
      .map((item) => text(item.value))
      .filter((name): name is string => name !== undefined);
    this.channelCommon(channel, spec, servers);
    keepRest(this.set, channel, this.known(CHANNEL_KEYS_2), spec, EXTENSION, 'channel');
    const name = this.draft.add('channels', kebabCase(key) || 'root', spec);
    this.channelsByPlace.set(placeKey(channel), name);
    for (const [verb, sent] of [
      ['subscribe', true],
      ['publish', false],
    ] as const) {
      const operation = this.child(channel, verb);
      if (!isObject(operation.value)) continue;
      this.noteOperationRest(operation);
      for (const message of this.operationMessages2(operation)) {
        const role = this.message(message, text(this.child(operation, 'operationId').value));
        if (!role.channels.includes(name)) role.channels.push(name);
        if (sent) role.sent = true;
        else role.received = true;
      }
    }
  }

  private operationMessages2(operation: Located): Located[] {
    const message = this.child(operation, 'message');
    if (!isObject(message.value)) return [];
    const choices = this.child(message, 'oneOf');
    return Array.isArray(choices.value) ? itemsOf(this.set, choices) : [message];
  }

  private noteOperationRest(operation: Located): void {
    for (const key of Object.keys(operation.value as JsonObject)) {
      if (key === 'message' || key === 'operationId' || key.startsWith('x-')) continue;
      this.set.notes.inform(
        { uri: operation.at.uri, pointer: appendPointer(operation.at.pointer, key) },
        `The operation property '${key}' is not imported: contracts describe messages, not operations.`,
      );
    }
  }

  /** Returns the brokers a channel is on: the servers it lists, or every server. */
  private serverRefs(channel: Located): string[] {
    const listed = this.child(channel, 'servers');
    if (!Array.isArray(listed.value)) return [...this.draft.sections.get('brokers')!.keys()];
    return itemsOf(this.set, listed)
      .map((server) => this.brokersByPlace.get(placeKey(server)))
      .filter((name): name is string => name !== undefined);
  }

  private channelCommon(channel: Located, spec: JsonObject, brokers: string[]): void {
    put(spec, 'description', text(this.child(channel, 'description').value));
    const broker = brokers[0];
    const brokerSpec = broker === undefined ? undefined : this.draft.get('brokers', broker);
    if (broker !== undefined && brokerSpec !== undefined) {
      spec['protocol'] = brokerSpec['protocol'];
      spec['broker'] = broker;
      if (brokers.length > 1) {
        this.set.notes.inform(
          channel.at,
          `The channel is on ${brokers.length} servers; the contract names one broker, '${broker}'.`,
        );
      }
    }
    const parameters: JsonObject = {};
    for (const [key, parameter] of entriesOf(this.set, this.child(channel, 'parameters'))) {
      parameters[key] = this.parameter(parameter);
    }
    if (Object.keys(parameters).length > 0) spec['parameters'] = parameters;
    const bindings = this.child(channel, 'bindings').value;
    if (this.major >= 3 && isObject(bindings)) spec['bindings'] = bindings;
  }

  private parameter(parameter: Located): JsonObject {
    const out: JsonObject = {};
    put(out, 'description', text(this.child(parameter, 'description').value));
    const schema = this.child(parameter, 'schema');
    const source = isObject(schema.value) ? schema : parameter;
    const values = this.child(source, 'enum').value;
    if (Array.isArray(values)) out['enum'] = values.map((item) => String(item));
    put(out, 'default', text(this.child(source, 'default').value));
    const examples = this.child(source, 'examples').value;
    if (Array.isArray(examples)) out['examples'] = examples.map((item) => String(item));
    put(out, 'location', text(this.child(parameter, 'location').value));
    keepRest(this.set, parameter, PARAMETER_KEYS, out, EXTENSION, 'parameter');
    if (isObject(schema.value)) {
      for (const key of Object.keys(schema.value)) {
        if (['enum', 'default', 'examples', 'type'].includes(key)) continue;
        this.set.notes.inform(
          { uri: schema.at.uri, pointer: appendPointer(schema.at.pointer, key) },
          `The parameter schema keyword '${key}' is not imported: channel parameters take enum, default and examples.`,
        );
      }
    }
    return out;
  }

  private importOperation3(key: string, operation: Located): void {
    noteUnmapped(
      this.set,
      operation,
      OPERATION_KEYS,
      'operation',
      'contracts describe messages and who sends and receives them, not operations.',
    );
    const action = text(this.child(operation, 'action').value);
    const channel = this.child(operation, 'channel');
    const channelName = this.channelsByPlace.get(placeKey(channel));
    let messages = itemsOf(this.set, this.child(operation, 'messages'));
    if (!Array.isArray(this.child(operation, 'messages').value)) {
      messages = entriesOf(this.set, this.child(channel, 'messages')).map(([, message]) => message);
    }
    const replyNode = this.child(operation, 'reply');
    const replies = itemsOf(this.set, this.child(replyNode, 'messages'));
    if (isObject(replyNode.value) && replies.length === 0) {
      const replyChannel = this.child(replyNode, 'channel');
      replies.push(
        ...entriesOf(this.set, this.child(replyChannel, 'messages')).map(([, message]) => message),
      );
    }
    const replyChannel = this.channelsByPlace.get(placeKey(this.child(replyNode, 'channel')));
    const replyNames = replies.map((reply) => this.message(reply));
    for (const reply of replyNames) {
      reply.replyTo = { receivedRequest: action === 'receive' };
      if (replyChannel !== undefined && !reply.channels.includes(replyChannel))
        reply.channels.unshift(replyChannel);
    }
    for (const message of messages) {
      const role = this.message(message, key);
      if (channelName !== undefined && !role.channels.includes(channelName))
        role.channels.push(channelName);
      if (action === 'send') role.sent = true;
      else role.received = true;
      if (replyNames[0] !== undefined) role.reply = replyNames[0].name;
    }
    if (replyNames.length > 1) {
      this.set.notes.inform(
        replyNode.at,
        `The operation '${key}' has ${replyNames.length} reply messages; the contract names one reply, '${replyNames[0]!.name}'.`,
      );
    }
    const address = this.child(replyNode, 'address');
    if (isObject(address.value)) {
      this.set.notes.inform(
        address.at,
        'The reply address is not imported: a response goes to the reply address the request carries.',
      );
    }
  }

  /** Registers the message at a place, once, and imports it. */
  private message(node: Located, operationId?: string): MessageRole {
    const place = placeKey(node);
    const known = this.messagesByPlace.get(place);
    if (known !== undefined) return known;
    const value = isObject(node.value) ? node.value : {};
    const segments = decodePointer(node.at.pointer);
    const last = segments.at(-1) ?? '';
    const generic = last === 'message' || /^\d+$/.test(last) || last === '';
    const wanted = generic
      ? (text(value['name']) ??
        text(value['messageId']) ??
        pascalCase(`${operationId ?? 'unnamed'} message`))
      : last;
    const spec = this.messageSpec(node);
    const name = this.draft.add('messages', wanted, spec);
    const role: MessageRole = { name, sent: false, received: false, channels: [] };
    this.messagesByPlace.set(place, role);
    return role;
  }

  private messageSpec(node: Located): JsonObject {
    const merged = this.withTraits(node);
    const spec: JsonObject = { kind: 'event' };
    const description = text(merged.value['description']) ?? text(merged.value['summary']);
    put(spec, 'description', description);
    const payload = this.payload(merged);
    if (payload !== undefined) spec['payload'] = payload;
    const headers = this.set.rawChild(merged, 'headers');
    if (isObject(headers.value)) spec['headers'] = this.schemas.convert(headers, 'asyncapi');
    const contentType = text(merged.value['contentType']) ?? this.defaultContentType;
    if (contentType !== undefined && contentType !== 'application/json')
      spec['contentType'] = contentType;
    const correlation = this.child(merged, 'correlationId');
    if (isObject(correlation.value)) spec['x-correlation-id'] = correlation.value;
    const examples = itemsOf(this.set, this.child(merged, 'examples'))
      .map((example) => (isObject(example.value) ? example.value['payload'] : undefined))
      .filter((payloadExample) => payloadExample !== undefined);
    if (examples.length > 0) spec['examples'] = examples;
    const tags = itemsOf(this.set, this.child(merged, 'tags'))
      .map((tag) => (isObject(tag.value) ? text(tag.value['name']) : undefined))
      .filter((tag): tag is string => tag !== undefined);
    if (tags.length > 0) spec['tags'] = [...new Set(tags)];
    keepRest(this.set, merged, MESSAGE_KEYS, spec, EXTENSION, 'message');
    return spec;
  }

  /** The message with its traits applied: a trait sets what the message itself does not. */
  private withTraits(node: Located): { at: Located['at']; value: JsonObject } {
    const value: JsonObject = isObject(node.value) ? { ...node.value } : {};
    for (const trait of itemsOf(this.set, this.child(node, 'traits'))) {
      if (!isObject(trait.value)) continue;
      for (const [key, traitValue] of Object.entries(trait.value)) {
        if (value[key] === undefined) value[key] = traitValue;
      }
    }
    delete value['traits'];
    return { at: node.at, value };
  }

  private payload(message: {
    at: Located['at'];
    value: JsonObject;
  }): string | JsonObject | undefined {
    const node = this.set.rawChild(message, 'payload');
    if (node.value === undefined) return undefined;
    let format = text(message.value['schemaFormat']);
    let schema = node;
    const target = this.set.deref(node.at, node.value);
    if (this.major >= 3 && isObject(target.value) && 'schemaFormat' in target.value) {
      format = text(target.value['schemaFormat']);
      schema = this.set.rawChild(target, 'schema');
    }
    if (format !== undefined && !JSON_SCHEMA_FORMAT.test(format)) {
      this.set.notes.warn(
        node.at,
        `The payload schema is in the format ${format}, which contracts cannot hold; the payload is ` +
          'imported as any value. Write it as JSON Schema to check payloads.',
      );
      return undefined;
    }
    if (this.set.placeholders.has(schema.value as object)) return undefined;
    return this.schemas.payload(schema, 'asyncapi');
  }

  /** Sets each message's kind, producer, handler, subscribers, channel and reply. */
  private assignRoles(): void {
    for (const role of this.messagesByPlace.values()) {
      const spec = this.draft.get('messages', role.name)!;
      const at = { at: { uri: this.set.root.uri, pointer: '/info' }, value: undefined };
      const rest = Object.fromEntries(Object.entries(spec).filter(([key]) => key !== 'kind'));
      for (const key of Object.keys(spec)) delete spec[key];
      if (role.replyTo !== undefined) {
        spec['kind'] = 'response';
        spec['producer'] = role.replyTo.receivedRequest
          ? this.application
          : this.externalService(at);
      } else if (role.reply !== undefined) {
        // NOTE: AsyncAPI does not tell a command from a query, so every request with a reply
        // imports as a command. AsyncAPI 2 has no reply at all, so its requests import as events.
        spec['kind'] = 'command';
        if (role.sent) spec['producer'] = this.application;
        spec['handler'] = role.received ? this.application : this.externalService(at);
        spec['reply'] = role.reply;
      } else {
        spec['kind'] = 'event';
        if (role.sent) spec['producer'] = this.application;
        if (role.received) spec['subscribers'] = [this.application];
      }
      if (role.channels[0] !== undefined) spec['channel'] = role.channels[0];
      Object.assign(spec, rest);
    }
  }
}

function placeKey(node: Located): string {
  return `${node.at.uri}#${node.at.pointer}`;
}

/** Returns the URL of an AsyncAPI 3 server (host and pathname) or AsyncAPI 2 server (url). */
function serverUrl(server: JsonObject, protocol: string): string | undefined {
  const host = text(server['host']);
  const url = host === undefined ? text(server['url']) : host + (text(server['pathname']) ?? '');
  if (url === undefined) return undefined;
  return url.includes('://') ? url : `${protocol}://${url}`;
}
