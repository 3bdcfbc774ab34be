/**
 * Emits bus.ts, the typed bus of the contract: the payload and reply types of every event, command
 * and query by wire name, the Bus interface one service sends through, and the catalog that the
 * in-process bus runs on. Also emits handlers/SERVICE.ts, the handler interface of each service.
 */
import {
  type Contract,
  type Definition,
  type JsonObject,
  definitionsOf,
  isObject,
} from '../contract/model';
import { parseDuration } from '../policy/units';
import { messageType } from './emit-types';
import { typeName } from './identifiers';
import { dataLiteral, propertyKey, stringLiteral } from './literals';
import { type NamePlan, receiversOf } from './name-plan';
import { CodeWriter } from './writer';

/** The reply timeout when a message sets none, in milliseconds. */
const DEFAULT_REPLY_TIMEOUT_MS = 30000;

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function duration(value: unknown, fallback: number): number {
  return typeof value === 'string' ? parseDuration(value) : fallback;
}

function encryptionKeyEnv(contract: Contract): string | undefined {
  for (const file of contract.files) {
    const encryption = (file.data as JsonObject | undefined)?.['encryption'];
    if (isObject(encryption) && typeof encryption['keyEnv'] === 'string')
      return encryption['keyEnv'];
  }
  return undefined;
}

/**
 * Sets an own property: a contract name may be `__proto__`, which an assignment would take as the
 * object's prototype instead of a key.
 */
function setOwn(target: JsonObject, key: string, value: JsonObject): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function catalogData(contract: Contract): JsonObject {
  const messages: JsonObject = {};
  for (const message of definitionsOf(contract, 'message')) {
    const spec = message.spec;
    const kind = String(spec['kind'] ?? 'event');
    const entry: JsonObject = {
      kind,
      handlers: kind === 'event' ? [] : receiversOf(message),
      subscribers: kind === 'event' ? receiversOf(message) : [],
      encrypted: spec['encrypted'] === true,
      replyTimeoutMs: duration(spec['replyTimeout'], DEFAULT_REPLY_TIMEOUT_MS),
    };
    if (typeof spec['queue'] === 'string') entry['queue'] = spec['queue'];
    if (typeof spec['reply'] === 'string') entry['reply'] = spec['reply'];
    setOwn(messages, message.name, entry);
  }
  const queues: JsonObject = {};
  for (const queue of definitionsOf(contract, 'queue')) {
    const spec = queue.spec;
    const entry: JsonObject = {
      maxSize: typeof spec['maxSize'] === 'number' ? spec['maxSize'] : Infinity,
      whenFull: spec['whenFull'] === 'backpressure' ? 'backpressure' : 'reject',
      maxDeliveries: typeof spec['maxDeliveries'] === 'number' ? spec['maxDeliveries'] : 1,
      redeliveryDelayMs: duration(spec['redeliveryDelay'], 0),
      ackTimeoutMs: duration(spec['ackTimeout'], Infinity),
    };
    if (typeof spec['deadLetter'] === 'string') entry['deadLetter'] = spec['deadLetter'];
    setOwn(queues, queue.name, entry);
  }
  const catalog: JsonObject = { messages, queues };
  const keyEnv = encryptionKeyEnv(contract);
  if (keyEnv !== undefined) catalog['encryptionKeyEnv'] = keyEnv;
  return catalog;
}

function payloadMap(
  writer: CodeWriter,
  name: string,
  doc: string,
  entries: Array<[string, string]>,
): void {
  writer.blank();
  writer.doc([doc]);
  if (entries.length === 0) {
    writer.line(`export interface ${name} {}`);
    return;
  }
  writer.block(`export interface ${name} {`, () => {
    for (const [key, type] of entries) writer.line(`${propertyKey(key)}: ${type};`);
  });
}

export function emitBus(contract: Contract, plan: NamePlan): string {
  const writer = new CodeWriter();
  const messages = definitionsOf(contract, 'message');
  const services = definitionsOf(contract, 'service');
  writer.line("import { type BusCatalog, type BusOptions, InProcessBus } from './runtime/bus.js';");
  writer.line("import type * as types from './types.js';");
  writer.blank();
  writer.doc(['The messages and queues of the contract, as the in-process bus runs them.']);
  // `as const` types each kind without the annotation's help, which TypeScript does not give to a
  // key that Object.prototype also has, such as a message named toString.
  writer.line(
    `export const CATALOG: BusCatalog = ${dataLiteral(catalogData(contract), 0, 30)} as const;`,
  );

  const payload = (message: Definition) => messageType(plan, 'types.', message.name) ?? 'unknown';
  const reply = (message: Definition) =>
    messageType(plan, 'types.', asString(message.spec['reply'])) ?? 'void';
  const ofKind = (kind: string) => messages.filter((message) => message.spec['kind'] === kind);
  payloadMap(
    writer,
    'EventPayloads',
    'The payload of each event, by name.',
    ofKind('event').map((m) => [m.name, payload(m)]),
  );
  payloadMap(
    writer,
    'CommandPayloads',
    'The payload of each command, by name.',
    ofKind('command').map((m) => [m.name, payload(m)]),
  );
  payloadMap(
    writer,
    'CommandReplies',
    'The reply of each command, by name; void for none.',
    ofKind('command').map((m) => [m.name, reply(m)]),
  );
  payloadMap(
    writer,
    'QueryPayloads',
    'The payload of each query, by name.',
    ofKind('query').map((m) => [m.name, payload(m)]),
  );
  payloadMap(
    writer,
    'QueryReplies',
    'The reply of each query, by name.',
    ofKind('query').map((m) => [m.name, reply(m)]),
  );

  writer.blank();
  writer.doc(['The names of the services of the contract.']);
  const serviceUnion =
    services.map((service) => stringLiteral(service.name)).join(' | ') || 'never';
  writer.line(`export type ServiceName = ${serviceUnion};`);

  writer.blank();
  writer.doc([
    'The bus as one service uses it: everything it sends carries that service as its source.',
  ]);
  writer.block('export interface Bus {', () => {
    writer.doc(['Publishes an event to every subscriber but this service.']);
    writer.line(
      'publish<Name extends keyof EventPayloads>(name: Name, payload: EventPayloads[Name]): Promise<void>;',
    );
    writer.doc([
      'Sends a command to its handler and resolves with its reply, or rejects after its reply timeout.',
    ]);
    writer.line('send<Name extends keyof CommandPayloads>(');
    writer.line('  name: Name,');
    writer.line('  payload: CommandPayloads[Name],');
    writer.line('): Promise<CommandReplies[Name]>;');
    writer.doc([
      'Sends a query to its handler and resolves with its reply, or rejects after its reply timeout.',
    ]);
    writer.line(
      'query<Name extends keyof QueryPayloads>(name: Name, payload: QueryPayloads[Name]): Promise<QueryReplies[Name]>;',
    );
  });

  writer.blank();
  writer.doc([
    'Creates an in-process bus for the contract; handlers register on it with registerHandlers functions.',
  ]);
  writer.block('export function createBus(options: BusOptions = {}): InProcessBus {', () => {
    writer.line('return new InProcessBus(CATALOG, options);');
  });

  writer.blank();
  writer.doc(['Returns the typed Bus through which `service` sends.']);
  writer.block('export function busFor(runtime: InProcessBus, service: ServiceName): Bus {', () => {
    writer.block(
      'return {',
      () => {
        writer.line('publish: (name, payload) => runtime.publish(name, payload, service),');
        writer.line('send: async (name, payload) =>');
        writer.line(
          '  (await runtime.request(name, payload, service)) as CommandReplies[typeof name],',
        );
        writer.line('query: async (name, payload) =>');
        writer.line(
          '  (await runtime.request(name, payload, service)) as QueryReplies[typeof name],',
        );
      },
      '};',
    );
  });
  const text = writer.toString();
  // An unused import fails strict checks, and a contract may have no message that uses a type.
  const usesTypes = text
    .split('\n')
    .slice(2)
    .some((line) => line.includes('types.'));
  return usesTypes ? text : text.replace("import type * as types from './types.js';\n", '');
}

/** Returns the services that handle or subscribe to at least one message, in contract order. */
export function handlerServices(contract: Contract): Definition[] {
  const receivers = new Set(definitionsOf(contract, 'message').flatMap(receiversOf));
  return definitionsOf(contract, 'service').filter((service) => receivers.has(service.name));
}

function handledMessages(contract: Contract, service: Definition): Definition[] {
  return definitionsOf(contract, 'message').filter((message) =>
    receiversOf(message).includes(service.name),
  );
}

export function emitHandlers(contract: Contract, plan: NamePlan, service: Definition): string {
  const writer = new CodeWriter();
  const messages = handledMessages(contract, service);
  writer.line("import { type Bus, busFor } from '../bus.js';");
  writer.line("import type { InProcessBus, MessageContext } from '../runtime/bus.js';");
  writer.line("import type * as types from '../types.js';");
  writer.blank();
  writer.doc([
    `What a handler of service ${service.name} gets beside the payload: the message, and the bus ` +
      'to send through as this service.',
  ]);
  writer.line(
    `export type ${typeName(service.name)}Context = MessageContext & { readonly bus: Bus };`,
  );

  writer.blank();
  emitHandlerInterface(writer, plan, service, messages);

  writer.blank();
  emitRegisterFunction(writer, plan, service, messages);
  return writer.toString();
}

function emitHandlerInterface(
  writer: CodeWriter,
  plan: NamePlan,
  service: Definition,
  messages: Definition[],
): void {
  writer.doc([`The messages service ${service.name} handles, one function each.`]);
  writer.block(`export interface ${typeName(service.name)}Handlers {`, () => {
    for (const message of messages) {
      const member = plan.handlerMembers.get(`${service.name}\0${message.name}`)!;
      const replyName = asString(message.spec['reply']);
      const result = messageType(plan, 'types.', replyName) ?? 'void';
      const payload = messageType(plan, 'types.', message.name) ?? 'unknown';
      writer.doc([
        `Handles ${String(message.spec['kind'])} ${message.name}.`,
        asString(message.spec['description']),
        replyName === undefined ? undefined : `Returns the reply, ${replyName}.`,
      ]);
      writer.line(`${member}(`);
      writer.line(`  payload: ${payload},`);
      writer.line(`  context: ${typeName(service.name)}Context,`);
      writer.line(`): ${result} | Promise<${result}>;`);
    }
  });
}

function emitRegisterFunction(
  writer: CodeWriter,
  plan: NamePlan,
  service: Definition,
  messages: Definition[],
): void {
  const name = typeName(service.name);
  writer.doc([
    `Registers the handlers of service ${service.name} on the bus. Returns a function that ` +
      'removes them.',
  ]);
  const signature = `(runtime: InProcessBus, handlers: ${name}Handlers): () => void`;
  writer.block(`export function register${name}Handlers${signature} {`, () => {
    writer.line(`const service = ${stringLiteral(service.name)};`);
    writer.line('const bus = busFor(runtime, service);');
    writer.block(
      'const removers = [',
      () => {
        for (const message of messages) {
          const member = plan.handlerMembers.get(`${service.name}\0${message.name}`)!;
          const payload = messageType(plan, 'types.', message.name) ?? 'unknown';
          writer.line(
            `runtime.handle(service, ${stringLiteral(message.name)}, (payload, context) =>`,
          );
          writer.line(`  handlers.${member}(payload as ${payload}, { ...context, bus }),`);
          writer.line('),');
        }
      },
      '];',
    );
    writer.line('return () => removers.forEach((remove) => remove());');
  });
}

/** Emits handlers/SERVICE.stub.ts: handlers that throw until a person writes them. */
export function emitHandlerStub(
  contract: Contract,
  plan: NamePlan,
  service: Definition,
  stem: string,
): string {
  const writer = new CodeWriter();
  const interfaceName = `${typeName(service.name)}Handlers`;
  writer.line(`import type { ${interfaceName} } from './${stem}.js';`);
  writer.blank();
  writer.doc([`The handlers of service ${service.name}. Replace each body with the real work.`]);
  writer.block(
    `export const handlers: ${interfaceName} = {`,
    () => {
      for (const message of handledMessages(contract, service)) {
        const member = plan.handlerMembers.get(`${service.name}\0${message.name}`)!;
        writer.block(
          `${member}() {`,
          () => {
            writer.line(
              `throw new Error(${stringLiteral(`The handler of ${message.name} in ${service.name} is not written yet.`)});`,
            );
          },
          '},',
        );
      }
    },
    '};',
  );
  return writer.toString();
}
