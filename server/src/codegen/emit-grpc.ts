/**
 * Emits clients/SERVICE.ts for a gRPC service: the message types of its .proto file, the file's
 * descriptor, and a client class with one method per rpc, unary or server-streaming. The .proto
 * file is read with protobuf.js at generation time, so the client needs no .proto at run time.
 */
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { filePath } from '../contract/includes';
import { type Contract, type Definition, type JsonObject, isObject } from '../contract/model';
import { callPolicies } from './call-policies';
import { typeName, memberName } from './identifiers';
import { dataLiteral, propertyKey, stringLiteral } from './literals';
import { docLines } from './schema-types';
import { CodeWriter } from './writer';

/** The TypeScript type of each protobuf scalar, as proto-loader decodes it with longs as strings. */
const SCALARS: Readonly<Record<string, string>> = {
  double: 'number',
  float: 'number',
  int32: 'number',
  uint32: 'number',
  sint32: 'number',
  fixed32: 'number',
  sfixed32: 'number',
  int64: 'string',
  uint64: 'string',
  sint64: 'string',
  fixed64: 'string',
  sfixed64: 'string',
  bool: 'boolean',
  string: 'string',
  bytes: 'Buffer',
};

/** A .proto service read for generation. */
export interface ProtoService {
  readonly root: protobuf.Root;
  readonly service: protobuf.Service;
}

/** Reads the .proto of a gRPC service; throws an Error naming the file and service on failure. */
export function readProto(service: Definition): ProtoService {
  const proto = service.spec['proto'];
  const protoService = service.spec['protoService'];
  if (typeof proto !== 'string' || typeof protoService !== 'string') {
    throw new Error(
      `gRPC service '${service.name}' needs proto and protoService to generate its client.`,
    );
  }
  const contractPath = filePath(service.file.uri);
  if (contractPath === undefined) {
    throw new Error(
      `The .proto of service '${service.name}' cannot be read: its contract is not a local file.`,
    );
  }
  const location = path.resolve(path.dirname(contractPath), proto);
  const root = new protobuf.Root();
  try {
    root.loadSync(location, { keepCase: true, alternateCommentMode: true });
    root.resolveAll();
  } catch (error) {
    throw new Error(
      `Cannot read ${proto} of service '${service.name}': ${(error as Error).message}`,
    );
  }
  let found: protobuf.Service;
  try {
    found = root.lookupService(protoService);
  } catch {
    throw new Error(
      `Service ${protoService} of '${service.name}' is not in ${proto}; check protoService.`,
    );
  }
  return { root, service: found };
}

/** Collects the message and enum types the service's methods reach, in a stable order. */
function reachableTypes(service: protobuf.Service): Array<protobuf.Type | protobuf.Enum> {
  const seen = new Map<string, protobuf.Type | protobuf.Enum>();
  const visit = (type: protobuf.Type | protobuf.Enum | null): void => {
    if (type === null || seen.has(type.fullName)) return;
    seen.set(type.fullName, type);
    if (type instanceof protobuf.Type)
      for (const field of type.fieldsArray) visit(field.resolvedType);
  };
  for (const method of service.methodsArray) {
    visit(method.resolvedRequestType);
    visit(method.resolvedResponseType);
  }
  return [...seen.values()].sort((a, b) =>
    a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0,
  );
}

/** Names a proto type: its own name in the service's package, its full name elsewhere. */
function protoTypeName(type: protobuf.ReflectionObject, service: protobuf.Service): string {
  const packageName = service.parent?.fullName ?? '';
  const inPackage = type.parent?.fullName === packageName;
  return typeName(inPackage ? type.name : type.fullName.replace(/^\./, ''));
}

function fieldType(field: protobuf.Field, service: protobuf.Service): string {
  const resolved = field.resolvedType;
  const base =
    resolved === null ? (SCALARS[field.type] ?? 'unknown') : protoTypeName(resolved, service);
  if (field instanceof protobuf.MapField) return `Record<string, ${base}>`;
  if (field.repeated) return `${base}[]`;
  // proto-loader with defaults writes null for a message field that is not set.
  return resolved instanceof protobuf.Type ? `${base} | null` : base;
}

function emitProtoTypes(writer: CodeWriter, service: protobuf.Service): void {
  for (const type of reachableTypes(service)) {
    writer.blank();
    const comment =
      typeof type.comment === 'string'
        ? type.comment
        : `Message ${type.fullName.replace(/^\./, '')}.`;
    for (const line of docLines(comment, '')) writer.line(line);
    const name = protoTypeName(type, service);
    if (type instanceof protobuf.Enum) {
      const values = Object.keys(type.values).map((value) => stringLiteral(value));
      writer.line(`export type ${name} = ${values.join(' | ') || 'never'};`);
      continue;
    }
    writer.block(`export interface ${name} {`, () => {
      for (const field of type.fieldsArray) {
        if (typeof field.comment === 'string')
          for (const line of docLines(field.comment, '')) writer.line(line);
        writer.line(`${propertyKey(field.name)}: ${fieldType(field, service)};`);
      }
    });
  }
}

/** Names the client file declares or imports beside the .proto's types. */
const FILE_NAMES = [
  'DESCRIPTOR',
  'GrpcCallOptions',
  'GrpcClientOptions',
  'GrpcMethod',
  'GrpcTransport',
  'ProtoInput',
  'MetricsRecorder',
];

/**
 * Throws an Error naming the .proto names that would map to one identifier in the client file:
 * two types, a type and a name the file declares, or two methods.
 */
function checkProtoNames(service: Definition, proto: ProtoService, className: string): void {
  const owners = new Map<string, string>(
    [...FILE_NAMES, className].map((name) => [name, `the generated ${name}`]),
  );
  const claim = (identifier: string, owner: string): void => {
    const first = owners.get(identifier);
    if (first !== undefined) {
      throw new Error(
        `In ${String(service.spec['proto'])} of service '${service.name}', ${owner} and ${first} both ` +
          `become '${identifier}' in its generated client. Rename one of them.`,
      );
    }
    owners.set(identifier, owner);
  };
  for (const type of reachableTypes(proto.service)) {
    claim(protoTypeName(type, proto.service), `type ${type.fullName.replace(/^\./, '')}`);
  }
  for (const method of proto.service.methodsArray)
    claim(`${memberName(method.name)}Method`, `rpc ${method.name}`);
}

export function emitGrpcClient(
  contract: Contract,
  service: Definition,
  proto: ProtoService,
): string {
  const writer = new CodeWriter();
  const className = `${typeName(service.name)}Client`;
  checkProtoNames(service, proto, className);
  const methodsSpec = isObject(service.spec['methods']) ? service.spec['methods'] : {};
  writer.line(
    "import { type GrpcCallOptions, type GrpcClientOptions, type GrpcMethod, GrpcTransport, type ProtoInput } from '../runtime/grpc.js';",
  );
  writer.line("import type { MetricsRecorder } from '../runtime/metrics.js';");
  emitProtoTypes(writer, proto.service);

  writer.blank();
  writer.doc([
    `The descriptor of ${String(service.spec['proto'])}, as protobuf.js writes it in JSON.`,
  ]);
  writer.line(`const DESCRIPTOR = ${dataLiteral(proto.root.toJSON(), 0, 19)};`);

  const methods = proto.service.methodsArray;
  for (const method of methods) {
    writer.blank();
    const settings = methodsSpec[method.name];
    const policies = callPolicies(
      contract,
      method.name,
      { method: isObject(settings) ? (settings as JsonObject) : {}, service: service.spec },
      true,
    );
    writer.line(
      `const ${memberName(method.name)}Method: GrpcMethod = ${dataLiteral({ ...policies, method: method.name }, 0, 40)};`,
    );
  }

  writer.blank();
  const address = service.spec['address'];
  writer.doc([
    `The client of gRPC service ${service.name} (${String(service.spec['protoService'])}), with the contract's timeouts, retry, circuit breaker and bulkhead on each unary call.`,
  ]);
  writer.block(`export class ${className} {`, () => {
    writer.line('readonly #transport: GrpcTransport;');
    writer.blank();
    writer.block('constructor(options: GrpcClientOptions = {}) {', () => {
      const fallback = typeof address === 'string' ? stringLiteral(address) : 'undefined';
      writer.line(
        `this.#transport = new GrpcTransport(DESCRIPTOR, ${stringLiteral(String(service.spec['protoService']))}, options, ${fallback});`,
      );
    });
    writer.blank();
    writer.doc(['The call count, errors and latencies of each method, by method name.']);
    writer.block('get $metrics(): MetricsRecorder {', () =>
      writer.line('return this.#transport.metrics;'),
    );
    writer.blank();
    writer.doc(['Closes the channel.']);
    writer.block('$close(): void {', () => writer.line('this.#transport.close();'));
    for (const method of methods) {
      writer.blank();
      emitMethod(writer, method, proto.service);
    }
  });
  return writer.toString();
}

function emitMethod(writer: CodeWriter, method: protobuf.Method, service: protobuf.Service): void {
  const member = memberName(method.name);
  const request = protoTypeName(method.resolvedRequestType!, service);
  const response = protoTypeName(method.resolvedResponseType!, service);
  writer.doc([
    typeof method.comment === 'string' ? method.comment : undefined,
    `rpc ${method.name}.`,
  ]);
  if (method.requestStream === true) {
    // NOTE: client-streaming and bidirectional methods get no method; the contract has none yet.
    writer.line(`// ${method.name} streams requests, which generated clients do not support.`);
    return;
  }
  if (method.responseStream === true) {
    writer.block(
      `${member}(request: ProtoInput<${request}>, options?: GrpcCallOptions): AsyncGenerator<${response}> {`,
      () => {
        writer.line(
          `return this.#transport.serverStream(${member}Method, request, options) as AsyncGenerator<${response}>;`,
        );
      },
    );
    return;
  }
  writer.block(
    `async ${member}(request: ProtoInput<${request}>, options?: GrpcCallOptions): Promise<${response}> {`,
    () => {
      writer.line(
        `return (await this.#transport.unary(${member}Method, request, options)) as ${response};`,
      );
    },
  );
}
