/**
 * Generates the TypeScript client of a contract: its types, one client per service, the typed bus,
 * handler interfaces and stubs, and the policy and runtime code they run on, as a list of files.
 * Generation is a pure function of the contract and its .proto files, so the same input gives
 * byte-identical files.
 */
import { type Contract, definitionsOf } from '../contract/model';
import { emitBus, emitHandlers, emitHandlerStub, handlerServices } from './emit-bus';
import { emitGrpcClient, readProto } from './emit-grpc';
import { emitHttpClient } from './emit-http';
import { emitTypes } from './emit-types';
import { withHeader } from './header';
import { typeName } from './identifiers';
import { isHttpService, type NameCollision, planNames } from './name-plan';
import { readSources } from './sources';
import { CodeWriter } from './writer';

/** A file to write, with a path relative to the output folder and forward slashes. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
  /**
   * A starting point for a person to edit, such as handler stubs: written only when the file does
   * not exist, and never replaced.
   */
  readonly scaffold: boolean;
}

export interface GenerationResult {
  readonly files: GeneratedFile[];
  /** Names that would map to one identifier; when there are any, `files` is empty. */
  readonly collisions: readonly NameCollision[];
}

/** The import path prefix of policy files inside runtime files, in the product and the output. */
const PRODUCT_POLICY_IMPORT = "from '../../policy/";
const OUTPUT_POLICY_IMPORT = "from '../policy/";

/**
 * Generates every file. `source` names the contract in the headers, such as 'comm.yaml'. Throws
 * an Error when a .proto file cannot be read.
 */
export function generateClient(contract: Contract, source: string): GenerationResult {
  const plan = planNames(contract);
  if (plan.collisions.length > 0) return { files: [], collisions: plan.collisions };

  const files: GeneratedFile[] = [];
  const add = (path: string, body: string): void => {
    files.push({ path, text: withHeader(body, source), scaffold: false });
  };
  for (const file of readSources()) {
    const folder = file.path.startsWith('policy/') ? 'policy/' : 'runtime/';
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    add(folder + name, file.text.split(PRODUCT_POLICY_IMPORT).join(OUTPUT_POLICY_IMPORT));
  }
  add('types.ts', emitTypes(contract, plan));
  add('bus.ts', emitBus(contract, plan));

  const services = definitionsOf(contract, 'service');
  const exports: string[] = [];
  for (const service of services) {
    const stem = plan.stems.get(service.name)!;
    const routes = definitionsOf(contract, 'route').filter(
      (route) => route.spec['service'] === service.name,
    );
    if (isHttpService(service)) {
      add(`clients/${stem}.ts`, emitHttpClient(contract, plan, service, routes));
    } else {
      add(`clients/${stem}.ts`, emitGrpcClient(contract, service, readProto(service)));
    }
    exports.push(`export { ${typeName(service.name)}Client } from './clients/${stem}.js';`);
  }
  for (const service of handlerServices(contract)) {
    const stem = plan.stems.get(service.name)!;
    add(`handlers/${stem}.ts`, emitHandlers(contract, plan, service));
    files.push({
      path: `handlers/${stem}.stub.ts`,
      text: scaffoldHeader(source) + emitHandlerStub(contract, plan, service, stem),
      scaffold: true,
    });
    const name = typeName(service.name);
    exports.push(
      `export { type ${name}Handlers, register${name}Handlers } from './handlers/${stem}.js';`,
    );
  }
  add('index.ts', emitIndex(contract, exports));
  if (!services.some((service) => !isHttpService(service))) {
    return { files: files.filter((file) => file.path !== 'runtime/grpc.ts'), collisions: [] };
  }
  return { files, collisions: [] };
}

function scaffoldHeader(source: string): string {
  return (
    `// Generated once by Switchboard from ${source} as a starting point. This file is yours:\n` +
    '// generating again never replaces it.\n'
  );
}

function emitIndex(contract: Contract, exports: string[]): string {
  const writer = new CodeWriter();
  const title = contract.files[0] === undefined ? undefined : titleOf(contract.files[0].data);
  writer.doc([
    title === undefined
      ? 'The generated client of the contract.'
      : `The generated client of ${title}.`,
  ]);
  writer.line("export * from './bus.js';");
  writer.line("export * as types from './types.js';");
  writer.line("export * from './runtime/errors.js';");
  writer.line("export { type Clock, systemClock } from './runtime/clock.js';");
  writer.line(
    "export { MetricsRecorder, type MetricsHooks, type MetricSnapshot } from './runtime/metrics.js';",
  );
  writer.line(
    "export { type CallOptions, type HttpClientOptions, type TokenProvider } from './runtime/http.js';",
  );
  writer.line(
    "export { InProcessBus, QueueFullError, type Envelope, type MessageContext } from './runtime/bus.js';",
  );
  for (const line of exports) writer.line(line);
  return writer.toString();
}

function titleOf(data: unknown): string | undefined {
  const info = (data as { info?: { title?: unknown } } | undefined)?.info;
  return typeof info?.title === 'string' ? info.title : undefined;
}
