/**
 * Writes a contract as an AsyncAPI 3.0 document: brokers become servers, channels become channels,
 * messages become component messages, and each message on a channel gets a send operation (with its
 * reply, when it names one).
 */
import type { JsonObject } from '../contract/model';
import { isObject, put, text } from './draft';
import { escapeName } from './schema-in';
import { componentRef, exportSchema } from './schema-out';

export function exportAsyncApi(contract: JsonObject, fallbackTitle: string): JsonObject {
  const document: JsonObject = { asyncapi: '3.0.0', info: exportInfo(contract, fallbackTitle) };
  const servers = mapEntries(contract['brokers'], exportServer);
  if (Object.keys(servers).length > 0) document['servers'] = servers;
  const messages = section(contract, 'messages');
  const channels = mapEntries(contract['channels'], (name, spec) =>
    exportChannel(name, spec, messages),
  );
  if (Object.keys(channels).length > 0) document['channels'] = channels;
  const operations = exportOperations(messages, section(contract, 'channels'));
  if (Object.keys(operations).length > 0) document['operations'] = operations;
  const components: JsonObject = {};
  const schemas = mapEntries(contract['schemas'], (_, spec) => exportSchema(spec, 'asyncapi'));
  if (Object.keys(schemas).length > 0) components['schemas'] = schemas;
  const componentMessages = mapEntries(contract['messages'], exportMessage);
  if (Object.keys(componentMessages).length > 0) components['messages'] = componentMessages;
  if (Object.keys(components).length > 0) document['components'] = components;
  return document;
}

export function exportInfo(contract: JsonObject, fallbackTitle: string): JsonObject {
  const info = isObject(contract['info']) ? contract['info'] : {};
  const out: JsonObject = {
    title: text(info['title']) ?? fallbackTitle,
    version: text(info['version']) ?? '0.0.0',
  };
  put(out, 'description', text(info['description']));
  return out;
}

export function section(contract: JsonObject, name: string): Record<string, JsonObject> {
  const value = contract[name];
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, spec]) => isObject(spec))) as Record<
    string,
    JsonObject
  >;
}

export function mapEntries(
  value: unknown,
  map: (name: string, spec: JsonObject) => JsonObject,
): JsonObject {
  if (!isObject(value)) return {};
  const out: JsonObject = {};
  for (const [name, spec] of Object.entries(value)) if (isObject(spec)) out[name] = map(name, spec);
  return out;
}

/**
 * Returns the extensions of a definition, to be written as they are. That includes `x-asyncapi`, the properties
 * import kept from the source: they may refer to components that the export does not write, such
 * as security schemes, so they stay an extension instead of becoming native properties again.
 */
function restOf(spec: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key.startsWith('x-') && key !== 'x-correlation-id') out[key] = value;
  }
  return out;
}

function exportServer(name: string, spec: JsonObject): JsonObject {
  const protocol = text(spec['protocol']) ?? 'in-process';
  const url = text(spec['url']);
  const match = url === undefined ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/]+)(\/.*)?$/i.exec(url);
  const out: JsonObject = { host: match?.[1] ?? `${name}.invalid`, protocol };
  put(out, 'pathname', match?.[2]);
  put(out, 'protocolVersion', text(spec['protocolVersion']));
  put(out, 'description', text(spec['description']));
  if (isObject(spec['bindings'])) out['bindings'] = spec['bindings'];
  return { ...out, ...restOf(spec) };
}

function exportChannel(
  name: string,
  spec: JsonObject,
  messages: Record<string, JsonObject>,
): JsonObject {
  const out: JsonObject = { address: text(spec['address']) ?? name };
  put(out, 'description', text(spec['description']));
  const broker = text(spec['broker']);
  if (broker !== undefined) out['servers'] = [{ $ref: `#/servers/${escapeName(broker)}` }];
  const channelMessages: JsonObject = {};
  for (const [messageName, message] of Object.entries(messages)) {
    if (message['channel'] === name)
      channelMessages[messageName] = { $ref: messageRef(messageName) };
  }
  if (Object.keys(channelMessages).length > 0) out['messages'] = channelMessages;
  const parameters = mapEntries(spec['parameters'], (_, parameter) => exportParameter(parameter));
  if (Object.keys(parameters).length > 0) out['parameters'] = parameters;
  if (isObject(spec['bindings'])) out['bindings'] = spec['bindings'];
  return { ...out, ...restOf(spec) };
}

function exportParameter(spec: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ['description', 'enum', 'default', 'examples', 'location'])
    put(out, key, spec[key]);
  return { ...out, ...restOf(spec) };
}

function messageRef(name: string): string {
  return `#/components/messages/${escapeName(name)}`;
}

function exportMessage(name: string, spec: JsonObject): JsonObject {
  const out: JsonObject = { name };
  put(out, 'description', text(spec['description']));
  put(out, 'contentType', text(spec['contentType']));
  const payload = spec['payload'];
  if (typeof payload === 'string') out['payload'] = { $ref: componentRef(payload) };
  else if (isObject(payload)) out['payload'] = exportSchema(payload, 'asyncapi');
  if (isObject(spec['headers'])) out['headers'] = exportSchema(spec['headers'], 'asyncapi');
  if (isObject(spec['x-correlation-id'])) out['correlationId'] = spec['x-correlation-id'];
  if (Array.isArray(spec['examples']))
    out['examples'] = spec['examples'].map((example) => ({ payload: example }));
  if (Array.isArray(spec['tags'])) out['tags'] = spec['tags'].map((tag) => ({ name: String(tag) }));
  return { ...out, ...restOf(spec) };
}

/** Builds an operation for each message on a channel, with its reply when it names one. */
function exportOperations(
  messages: Record<string, JsonObject>,
  channels: Record<string, JsonObject>,
): JsonObject {
  const operations: JsonObject = {};
  for (const [name, spec] of Object.entries(messages)) {
    const channel = text(spec['channel']);
    if (channel === undefined || channels[channel] === undefined) continue;
    // The document describes the whole contract, so an operation is from the point of view of
    // the producer, or of the receivers when the message names no producer.
    const received =
      spec['producer'] === undefined && (spec['handler'] ?? spec['subscribers']) !== undefined;
    const operation: JsonObject = {
      action: received ? 'receive' : 'send',
      channel: { $ref: `#/channels/${escapeName(channel)}` },
      messages: [{ $ref: `#/channels/${escapeName(channel)}/messages/${escapeName(name)}` }],
    };
    const reply = text(spec['reply']);
    const replyChannel = reply === undefined ? undefined : text(messages[reply]?.['channel']);
    if (reply !== undefined && replyChannel !== undefined && channels[replyChannel] !== undefined) {
      operation['reply'] = {
        channel: { $ref: `#/channels/${escapeName(replyChannel)}` },
        messages: [
          { $ref: `#/channels/${escapeName(replyChannel)}/messages/${escapeName(reply)}` },
        ],
      };
    }
    operations[`${operation['action']}${name[0]!.toUpperCase()}${name.slice(1)}`] = operation;
  }
  return operations;
}
