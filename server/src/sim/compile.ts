/**
 * Compiles one flow of a contract into a SimulationPlan. Every name is resolved and every value
 * parsed here, so a mistake is reported before the run starts, with the value and what to write.
 */
import {
  Contract,
  Definition,
  definitionsOf,
  isObject,
  JsonObject,
  lookup,
} from '../contract/model';
import { parsePathTemplate } from '../contract/paths';
import type { Path } from '../contract/tree';
import {
  normalizeBreakerPolicy,
  normalizeBulkheadPolicy,
  normalizeRetryPolicy,
  parseDuration,
  parseRate,
  parseRatio,
  formatDuration,
  PolicySpec,
  resolveCallTimeouts,
} from '../policy';
import { findCycle } from './cycles';
import { compileExpectations } from './expectation-spec';
import { latencySampler, NO_LATENCY } from './latency';
import {
  GATEWAY,
  Middleware,
  NO_SERVICE,
  PlanBreaker,
  PlanBulkhead,
  PlanFault,
  PlanFlow,
  PlanGateway,
  PlanLoad,
  PlanMessage,
  PlanQueue,
  PlanRoute,
  PlanService,
  SimulationPlan,
  SourceRef,
} from './plan';

/** A flow that cannot be simulated as written; the message names the value and the fix. */
export class SimulationError extends Error {
  override name = 'SimulationError';
}

/** The default of flow.limits.maxDuration: one hour of virtual time. */
export const DEFAULT_MAX_DURATION_MS = 3_600_000;
/** The default of flow.limits.maxEvents. */
export const DEFAULT_MAX_EVENTS = 10_000_000;
/** The seed of a flow that sets none. */
export const DEFAULT_SEED = 1;
const DEFAULT_MIDDLEWARE: readonly Middleware[] = ['authentication', 'rate-limit', 'logging'];

export interface CompileOptions {
  /** Replaces the flow's own seed. */
  readonly seed?: number | undefined;
}

/** Returns the names of the contract's flows, in the order they are written. */
export function flowNames(contract: Contract): string[] {
  return definitionsOf(contract, 'flow').map((flow) => flow.name);
}

/** Compiles flow `flowName` of `contract`. Throws a SimulationError for anything it cannot run. */
export function compilePlan(
  contract: Contract,
  flowName: string,
  options: CompileOptions = {},
): SimulationPlan {
  const flow = lookup(contract, 'flow', flowName);
  if (flow === undefined) {
    const names = flowNames(contract);
    const known =
      names.length === 0 ? 'The contract has no flows.' : `Its flows are: ${names.join(', ')}.`;
    throw new SimulationError(`Unknown flow '${flowName}'. ${known}`);
  }
  return new PlanCompiler(contract, flow, options).compile();
}

class PlanCompiler {
  private readonly sources: SourceRef[] = [];
  private readonly services: readonly Definition[];
  private readonly routes: readonly Definition[];
  private readonly messages: readonly Definition[];
  private readonly queues: readonly Definition[];
  private readonly breakers: PlanBreaker[] = [];
  private readonly bulkheads: PlanBulkhead[] = [];
  private readonly breakerKeys = new Map<string, number>();
  private readonly bulkheadKeys = new Map<string, number>();
  private readonly notes: string[] = [];

  constructor(
    private readonly contract: Contract,
    private readonly flow: Definition,
    private readonly options: CompileOptions,
  ) {
    this.services = definitionsOf(contract, 'service');
    this.routes = definitionsOf(contract, 'route');
    this.messages = definitionsOf(contract, 'message');
    this.queues = definitionsOf(contract, 'queue');
  }

  compile(): SimulationPlan {
    const services = this.services.map((service) => this.compileService(service));
    const routes = this.routes.map((route) => this.compileRoute(route));
    const messages = this.messages.map((message) => this.compileMessage(message));
    const queues = this.queues.map((queue) => this.compileQueue(queue));
    const flow = this.compileFlow();
    const gateway = this.compileGateway();
    const entry = flow.message >= 0 ? flow.message : (routes[flow.route]?.request ?? -1);
    return {
      services,
      routes,
      messages,
      queues,
      breakers: this.breakers,
      bulkheads: this.bulkheads,
      gateway,
      flow,
      sources: this.sources,
      notes: this.notes,
      cycle: entry < 0 ? undefined : findCycle(messages, entry),
    };
  }

  source(definition: Definition, rest: Path = []): number {
    this.sources.push({ uri: definition.file.uri, path: [...definition.path, ...rest] });
    return this.sources.length - 1;
  }

  private indexOf(list: readonly Definition[], kind: string, name: unknown, where: string): number {
    const index = list.findIndex((definition) => definition.name === name);
    if (index < 0) {
      const known = list.map((definition) => definition.name).join(', ') || 'none';
      throw new SimulationError(
        `Unknown ${kind} ${JSON.stringify(name)} at ${where}. The contract's ${kind}s are: ${known}.`,
      );
    }
    return index;
  }

  private compileService(service: Definition): PlanService {
    const where = `service '${service.name}'`;
    const instances = service.spec['instances'] ?? 1;
    if (!Number.isInteger(instances) || (instances as number) < 1) {
      throw new SimulationError(
        `Invalid instances ${JSON.stringify(instances)} of ${where}: write an integer of 1 or more.`,
      );
    }
    const latency = service.spec['latency'];
    return {
      name: service.name,
      instances: instances as number,
      latency:
        latency === undefined
          ? NO_LATENCY
          : this.wrap(() => latencySampler(latency, `'latency' of ${where}`)),
      fault: this.compileFault(service.name),
      source: this.source(service),
    };
  }

  private compileFault(serviceName: string): PlanFault | undefined {
    const faults = this.flow.spec['faults'];
    if (!isObject(faults) || !isObject(faults[serviceName])) return undefined;
    const fault = faults[serviceName] as JsonObject;
    const where = `'faults.${serviceName}' of flow '${this.flow.name}'`;
    const outages = Array.isArray(fault['outages']) ? fault['outages'] : [];
    const errorStatus = fault['errorStatus'] ?? 503;
    if (
      !Number.isInteger(errorStatus) ||
      (errorStatus as number) < 400 ||
      (errorStatus as number) > 599
    ) {
      throw new SimulationError(
        `Invalid errorStatus ${JSON.stringify(errorStatus)} at ${where}: write a status from 400 to 599.`,
      );
    }
    return this.wrap(() => ({
      errorRate: fault['errorRate'] === undefined ? 0 : parseRatio(fault['errorRate'] as string),
      errorStatus: errorStatus as number,
      latency:
        fault['latency'] === undefined
          ? undefined
          : latencySampler(fault['latency'], `'latency' of ${where}`),
      outages: outages
        .filter(isObject)
        .map((outage) => {
          const startMs = parseDuration(outage['start'] as string);
          return { startMs, endMs: startMs + parseDuration(outage['duration'] as string) };
        })
        .sort((a, b) => a.startMs - b.startMs),
    }));
  }

  private policy(name: string, kind: PolicySpec['kind'], where: string): PolicySpec {
    const policy = lookup(this.contract, 'policy', name);
    const spec = policy?.spec as PolicySpec | undefined;
    if (spec === undefined || spec.kind !== kind) {
      const found =
        spec === undefined ? 'no policy has that name' : `it is a ${String(spec.kind)} policy`;
      throw new SimulationError(`Invalid ${kind} policy '${name}' at ${where}: ${found}.`);
    }
    return spec;
  }

  private compileRoute(route: Definition): PlanRoute {
    const where = `route '${route.name}'`;
    const spec = route.spec;
    const service = this.indexOf(this.services, 'service', spec['service'], where);
    const serviceSpec = this.services[service]!.spec;
    const methods = isObject(serviceSpec['methods']) ? serviceSpec['methods'] : {};
    const method =
      typeof spec['rpc'] === 'string' && isObject(methods[spec['rpc']])
        ? (methods[spec['rpc']] as JsonObject)
        : {};
    const pick = (key: string): string | undefined => {
      const value = spec[key] ?? method[key] ?? serviceSpec[key];
      return typeof value === 'string' ? value : undefined;
    };
    const retryName = pick('retry');
    const breakerName = pick('breaker');
    const bulkheadName =
      typeof (spec['bulkhead'] ?? serviceSpec['bulkhead']) === 'string'
        ? ((spec['bulkhead'] ?? serviceSpec['bulkhead']) as string)
        : undefined;
    const gateway = objectOr(this.gatewaySpec());
    const rate = spec['rateLimit'] ?? gateway['rateLimit'];
    const auth = spec['auth'];
    return this.wrap(() => ({
      name: route.name,
      method: String(spec['method'] ?? 'GET'),
      path: String(spec['path'] ?? '/'),
      template: parsePathTemplate(String(spec['path'] ?? '/')),
      service,
      auth: typeof auth === 'string' && auth !== 'none' ? auth : undefined,
      ratePerSecond: typeof rate === 'string' && rate !== 'none' ? parseRate(rate) : undefined,
      rateText: typeof rate === 'string' && rate !== 'none' ? rate : undefined,
      retry:
        retryName === undefined
          ? undefined
          : normalizeRetryPolicy(this.policy(retryName, 'retry', where) as never),
      retryName,
      breaker: breakerName === undefined ? -1 : this.breakerFor(breakerName, service, where),
      bulkhead: bulkheadName === undefined ? -1 : this.bulkheadFor(bulkheadName, service, where),
      timeouts: resolveCallTimeouts(
        {
          routeTimeout: asString(spec['timeout']),
          gatewayTimeout: asString(gateway['timeout']),
          methodTimeout: asString(method['timeout']),
          serviceTimeout: asString(serviceSpec['timeout']),
        },
        (name) => lookup(this.contract, 'policy', name)?.spec as PolicySpec | undefined,
      ),
      request: this.requestOf(route),
      source: this.source(route),
    }));
  }

  private requestOf(route: Definition): number {
    const request = route.spec['request'];
    return typeof request === 'string'
      ? this.messages.findIndex((message) => message.name === request)
      : -1;
  }

  private gatewaySpec(): unknown {
    for (const file of this.contract.files) {
      const gateway = (file.data as JsonObject | undefined)?.['gateway'];
      if (isObject(gateway)) return gateway;
    }
    return {};
  }

  private breakerFor(name: string, service: number, where: string): number {
    const key = `${service}\0${name}`;
    const existing = this.breakerKeys.get(key);
    if (existing !== undefined) return existing;
    const spec = this.policy(name, 'circuit-breaker', where);
    const serviceName = this.services[service]!.name;
    this.breakers.push({
      name,
      policy: normalizeBreakerPolicy(spec as never),
      service,
      label: `gateway → ${serviceName} (${name})`,
      source: this.source(lookup(this.contract, 'policy', name)!),
    });
    this.breakerKeys.set(key, this.breakers.length - 1);
    return this.breakers.length - 1;
  }

  private bulkheadFor(name: string, service: number, where: string): number {
    const key = `${service}\0${name}`;
    const existing = this.bulkheadKeys.get(key);
    if (existing !== undefined) return existing;
    const spec = this.policy(name, 'bulkhead', where);
    this.bulkheads.push({
      name,
      policy: normalizeBulkheadPolicy(spec as never),
      source: this.source(lookup(this.contract, 'policy', name)!),
    });
    this.bulkheadKeys.set(key, this.bulkheads.length - 1);
    return this.bulkheads.length - 1;
  }

  private compileMessage(message: Definition): PlanMessage {
    const where = `message '${message.name}'`;
    const spec = message.spec;
    const kind = spec['kind'];
    if (kind !== 'command' && kind !== 'query' && kind !== 'event' && kind !== 'response') {
      throw new SimulationError(
        `Invalid kind ${JSON.stringify(kind)} of ${where}: use command, query, event or response.`,
      );
    }
    const producerName = spec['producer'];
    const producer =
      producerName === 'gateway'
        ? GATEWAY
        : producerName === undefined
          ? NO_SERVICE
          : this.indexOf(this.services, 'service', producerName, `'producer' of ${where}`);
    const handlerValue = Array.isArray(spec['handler']) ? spec['handler'][0] : spec['handler'];
    const subscribers = Array.isArray(spec['subscribers']) ? spec['subscribers'] : [];
    const sends = Array.isArray(spec['sends']) ? spec['sends'] : [];
    const replyTimeout = spec['replyTimeout'];
    return this.wrap(() => ({
      name: message.name,
      kind,
      producer,
      handler:
        handlerValue === undefined
          ? -1
          : this.indexOf(this.services, 'service', handlerValue, `'handler' of ${where}`),
      // The publisher of an event never receives its own.
      subscribers: subscribers
        .map((name) => this.indexOf(this.services, 'service', name, `'subscribers' of ${where}`))
        .filter((index) => index !== producer),
      queue:
        spec['queue'] === undefined
          ? -1
          : this.indexOf(this.queues, 'queue', spec['queue'], `'queue' of ${where}`),
      reply:
        spec['reply'] === undefined
          ? -1
          : this.indexOf(this.messages, 'message', spec['reply'], `'reply' of ${where}`),
      replyTimeoutMs: typeof replyTimeout === 'string' ? parseDuration(replyTimeout) : Infinity,
      sends: sends.map((name) =>
        this.indexOf(this.messages, 'message', name, `'sends' of ${where}`),
      ),
      source: this.source(message),
    }));
  }

  private compileQueue(queue: Definition): PlanQueue {
    const where = `queue '${queue.name}'`;
    const spec = queue.spec;
    const consumers = Array.isArray(spec['consumers']) ? spec['consumers'] : [];
    const maxDeliveries = spec['maxDeliveries'] ?? 1;
    if (!Number.isInteger(maxDeliveries) || (maxDeliveries as number) < 1) {
      throw new SimulationError(
        `Invalid maxDeliveries ${JSON.stringify(maxDeliveries)} of ${where}: write an integer of 1 or more.`,
      );
    }
    return this.wrap(() => ({
      name: queue.name,
      maxSize: typeof spec['maxSize'] === 'number' ? spec['maxSize'] : Infinity,
      whenFull: spec['whenFull'] === 'backpressure' ? 'backpressure' : 'reject',
      consumers: consumers.map((name) =>
        this.indexOf(this.services, 'service', name, `'consumers' of ${where}`),
      ),
      maxDeliveries: maxDeliveries as number,
      redeliveryDelayMs:
        typeof spec['redeliveryDelay'] === 'string' ? parseDuration(spec['redeliveryDelay']) : 0,
      ackTimeoutMs:
        typeof spec['ackTimeout'] === 'string' ? parseDuration(spec['ackTimeout']) : Infinity,
      deadLetter:
        spec['deadLetter'] === undefined
          ? -1
          : this.indexOf(this.queues, 'queue', spec['deadLetter'], `'deadLetter' of ${where}`),
      source: this.source(queue),
    }));
  }

  private compileGateway(): PlanGateway {
    const gateway = objectOr(this.gatewaySpec());
    const middleware = Array.isArray(gateway['middleware'])
      ? (gateway['middleware'] as Middleware[])
      : DEFAULT_MIDDLEWARE;
    const owner = this.contract.files.find((file) =>
      isObject((file.data as JsonObject | undefined)?.['gateway']),
    );
    this.sources.push({
      uri: (owner ?? this.contract.files[0]!).uri,
      path: owner === undefined ? [] : ['gateway'],
    });
    return {
      middleware,
      clientKey: typeof gateway['clientKey'] === 'string' ? gateway['clientKey'] : 'ip',
      source: this.sources.length - 1,
    };
  }

  private compileFlow(): PlanFlow {
    const flow = this.flow;
    const spec = flow.spec;
    const where = `flow '${flow.name}'`;
    const route =
      spec['route'] === undefined
        ? -1
        : this.indexOf(this.routes, 'route', spec['route'], `'route' of ${where}`);
    const message =
      spec['message'] === undefined
        ? -1
        : this.indexOf(this.messages, 'message', spec['message'], `'message' of ${where}`);
    if (route < 0 === message < 0) {
      throw new SimulationError(
        `Invalid ${where}: name either an entry route or an entry message, not ${route < 0 ? 'neither' : 'both'}.`,
      );
    }
    if (message >= 0 && this.messages[message]!.spec['kind'] === 'response') {
      throw new SimulationError(
        `Invalid ${where}: message '${this.messages[message]!.name}' is a response, which only answers a command or query. ` +
          'Start the flow from the command or query instead.',
      );
    }
    const seed = this.options.seed ?? spec['seed'] ?? DEFAULT_SEED;
    if (!Number.isSafeInteger(seed) || (seed as number) < 0) {
      throw new SimulationError(
        `Invalid seed ${JSON.stringify(seed)} of ${where}: write an integer of 0 or more, such as 42.`,
      );
    }
    const clients = spec['clients'] ?? 1;
    if (!Number.isInteger(clients) || (clients as number) < 1) {
      throw new SimulationError(
        `Invalid clients ${JSON.stringify(clients)} of ${where}: write an integer of 1 or more.`,
      );
    }
    const limits = objectOr(spec['limits']);
    const maxEvents = limits['maxEvents'] ?? DEFAULT_MAX_EVENTS;
    if (!Number.isSafeInteger(maxEvents) || (maxEvents as number) < 1) {
      throw new SimulationError(
        `Invalid maxEvents ${JSON.stringify(maxEvents)} of ${where}: write an integer of 1 or more.`,
      );
    }
    const maxDurationMs = this.wrap(() =>
      limits['maxDuration'] === undefined
        ? DEFAULT_MAX_DURATION_MS
        : parseDuration(limits['maxDuration'] as string),
    );
    const load = this.compileLoad(where);
    this.noteOversizedLoad(load, maxDurationMs, maxEvents as number);
    return {
      name: flow.name,
      route,
      message,
      load,
      clients: clients as number,
      authenticated: spec['authenticated'] !== false,
      seed: seed as number,
      expectations: this.wrap(() =>
        compileExpectations(spec['expect'], {
          where,
          indexOf: (kind, name, at) => this.indexOf(this.listOf(kind), kind, name, at),
          source: (rest) => this.source(flow, rest),
        }),
      ),
      limits: { maxDurationMs, maxEvents: maxEvents as number },
      source: this.source(flow),
    };
  }

  private listOf(kind: 'route' | 'message' | 'queue' | 'service'): readonly Definition[] {
    if (kind === 'route') return this.routes;
    if (kind === 'message') return this.messages;
    if (kind === 'queue') return this.queues;
    return this.services;
  }

  private compileLoad(where: string): PlanLoad {
    const load = this.flow.spec['load'];
    if (!isObject(load)) {
      throw new SimulationError(
        `Missing load of ${where}: write a rate and a duration, such as { rate: 50/s, duration: 1m }, or a count.`,
      );
    }
    return this.wrap(() => {
      const rate = load['rate'] === undefined ? Infinity : parseRate(load['rate'] as string);
      const durationMs =
        load['duration'] === undefined ? Infinity : parseDuration(load['duration'] as string);
      const count = load['count'] === undefined ? Infinity : (load['count'] as number);
      if (count === Infinity && (rate === Infinity || durationMs === Infinity)) {
        throw new SimulationError(
          `Invalid load of ${where}: write a rate and a duration, or a count.`,
        );
      }
      if (!(rate > 0))
        throw new SimulationError(
          `Invalid rate '${String(load['rate'])}' of ${where}: write a rate above 0, such as 50/s.`,
        );
      return {
        ratePerSecond: rate,
        durationMs,
        count,
        arrival: load['arrival'] === 'poisson' ? 'poisson' : 'uniform',
      };
    });
  }

  private noteOversizedLoad(load: PlanLoad, maxDurationMs: number, maxEvents: number): void {
    const byRate =
      load.durationMs === Infinity
        ? Infinity
        : Math.floor((load.ratePerSecond * load.durationMs) / 1000);
    const arrivals = Math.min(load.count, byRate);
    if (load.durationMs !== Infinity && load.durationMs > maxDurationMs) {
      this.notes.push(
        `The load lasts ${formatDuration(load.durationMs)}, longer than the limit of ` +
          `${formatDuration(maxDurationMs)} of virtual time (limits.maxDuration); the run stops at the limit.`,
      );
    }
    if (arrivals > maxEvents) {
      this.notes.push(
        `The load asks for ${formatCount(arrivals)} arrivals, more than the limit of ${formatCount(maxEvents)} events ` +
          '(limits.maxEvents); the run stops at the limit.',
      );
    }
  }

  /** Runs a parse step and turns the Error of an invalid value into a SimulationError. */
  private wrap<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof SimulationError) throw error;
      throw new SimulationError(`${(error as Error).message} (in flow '${this.flow.name}')`);
    }
  }
}

function objectOr(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function formatCount(count: number): string {
  return count === Infinity ? 'unbounded' : count.toLocaleString('en-US');
}
