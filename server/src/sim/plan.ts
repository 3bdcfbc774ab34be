/**
 * A flow compiled for the simulator: every name resolved to an index, every duration in
 * milliseconds and every policy normalized, so the engine reads no YAML and looks up no names
 * while it runs.
 */
import type { PathTemplate } from '../contract/paths';
import type { Path } from '../contract/tree';
import type { BulkheadPolicy, CallTimeouts, CircuitBreakerPolicy, RetryPolicy } from '../policy';
import type { LatencySampler } from './latency';

/** Where a definition or property is written, so a trace event can point to its line. */
export interface SourceRef {
  readonly uri: string;
  readonly path: Path;
}

/** A half-open window of virtual time [startMs, endMs). */
export interface Outage {
  readonly startMs: number;
  readonly endMs: number;
}

export interface PlanFault {
  /** The share of calls that fail, from 0 to 1. */
  readonly errorRate: number;
  readonly errorStatus: number;
  /** Replaces the service's own latency when set. */
  readonly latency: LatencySampler | undefined;
  /** Sorted by start. */
  readonly outages: readonly Outage[];
}

export interface PlanService {
  readonly name: string;
  readonly instances: number;
  readonly latency: LatencySampler;
  readonly fault: PlanFault | undefined;
  readonly source: number;
}

/** A circuit breaker instance: one per caller, service and policy. */
export interface PlanBreaker {
  readonly name: string;
  readonly policy: CircuitBreakerPolicy;
  readonly service: number;
  /** A label such as "gateway → orders (orders-breaker)". */
  readonly label: string;
  readonly source: number;
}

/** A bulkhead instance: one per caller, service and policy. */
export interface PlanBulkhead {
  readonly name: string;
  readonly policy: BulkheadPolicy;
  readonly source: number;
}

export interface PlanRoute {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly template: PathTemplate;
  readonly service: number;
  /** The authentication scheme the route requires, or undefined for none. */
  readonly auth: string | undefined;
  /** Requests per second allowed to one client, or undefined for no limit. */
  readonly ratePerSecond: number | undefined;
  /** The rate as written, such as '30/min', for messages. */
  readonly rateText: string | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly retryName: string | undefined;
  /** An index into SimulationPlan.breakers, or -1. */
  readonly breaker: number;
  /** An index into SimulationPlan.bulkheads, or -1. */
  readonly bulkhead: number;
  readonly timeouts: CallTimeouts;
  /** The message index of the route's request, whose sends the service makes, or -1. */
  readonly request: number;
  readonly source: number;
}

export type MessageKind = 'command' | 'query' | 'event' | 'response';

/** A producer index, or one of these for messages no service sends. */
export const GATEWAY = -1;
export const NO_SERVICE = -2;

export interface PlanMessage {
  readonly name: string;
  readonly kind: MessageKind;
  /** A service index, GATEWAY or NO_SERVICE. */
  readonly producer: number;
  /** The handler's service index, or -1. */
  readonly handler: number;
  readonly subscribers: readonly number[];
  /** A queue index, or -1. */
  readonly queue: number;
  /** The reply's message index, or -1. */
  readonly reply: number;
  /** How long the sender waits for the reply; Infinity when the contract sets no replyTimeout. */
  readonly replyTimeoutMs: number;
  /** The messages the receiver sends after it handles this one. */
  readonly sends: readonly number[];
  readonly source: number;
}

export type WhenFull = 'reject' | 'backpressure';

export interface PlanQueue {
  readonly name: string;
  /** The most messages the queue holds at once; Infinity without maxSize. */
  readonly maxSize: number;
  readonly whenFull: WhenFull;
  readonly consumers: readonly number[];
  readonly maxDeliveries: number;
  readonly redeliveryDelayMs: number;
  /** How long a consumer may hold a message; Infinity without ackTimeout. */
  readonly ackTimeoutMs: number;
  /** The dead-letter queue's index, or -1. */
  readonly deadLetter: number;
  readonly source: number;
}

export type Middleware = 'authentication' | 'rate-limit' | 'logging';

export interface PlanGateway {
  readonly middleware: readonly Middleware[];
  readonly clientKey: string;
  readonly source: number;
}

export type Arrival = 'uniform' | 'poisson';

export interface PlanLoad {
  /** Arrivals per second; Infinity when the load gives only a count, which arrives at once. */
  readonly ratePerSecond: number;
  /** How long arrivals continue; Infinity when only a count ends them. */
  readonly durationMs: number;
  /** How many arrivals in all; Infinity when only the duration ends them. */
  readonly count: number;
  readonly arrival: Arrival;
}

export type ExpectationTarget = 'route' | 'message' | 'queue' | 'service';

export type MetricName =
  | 'count'
  | 'errors'
  | 'errorRate'
  | 'p50'
  | 'p95'
  | 'p99'
  | 'mean'
  | 'max'
  | 'depth'
  | 'deadLettered'
  | 'delivered';

export interface PlanExpectation {
  readonly target: ExpectationTarget;
  readonly name: string;
  /** The index of the route, message, queue or service. */
  readonly index: number;
  readonly metric: MetricName;
  /** Bounds in the metric's unit: milliseconds for latencies, 0 to 1 for errorRate. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** The bounds as written, such as 'p99 ≤ 2s'. */
  readonly text: string;
  readonly source: number;
}

export interface PlanLimits {
  readonly maxDurationMs: number;
  readonly maxEvents: number;
}

export interface PlanFlow {
  readonly name: string;
  /** The entry route's index, or -1 when the flow starts from a message. */
  readonly route: number;
  /** The entry message's index, or -1 when the flow starts from a route. */
  readonly message: number;
  readonly load: PlanLoad;
  readonly clients: number;
  readonly authenticated: boolean;
  readonly seed: number;
  readonly expectations: readonly PlanExpectation[];
  readonly limits: PlanLimits;
  readonly source: number;
}

export interface SimulationPlan {
  readonly services: readonly PlanService[];
  readonly routes: readonly PlanRoute[];
  readonly messages: readonly PlanMessage[];
  readonly queues: readonly PlanQueue[];
  readonly breakers: readonly PlanBreaker[];
  readonly bulkheads: readonly PlanBulkhead[];
  readonly gateway: PlanGateway;
  readonly flow: PlanFlow;
  /** Every place a trace event can point to; events and plan entries hold indexes into it. */
  readonly sources: readonly SourceRef[];
  /** Findings about the plan that the run reports, such as a load larger than the limits. */
  readonly notes: readonly string[];
  /** A message cycle reachable from the entry, such as ['A', 'B', 'A'], if the sends form one. */
  readonly cycle: readonly string[] | undefined;
}
