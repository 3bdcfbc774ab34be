/**
 * The summary of a finished run: metrics per route, message, queue, service and breaker, and the
 * flow's expectations checked against them. Plain JSON data, so the command line prints it and the
 * language server sends it to the editor unchanged.
 */
import type { Simulation, StopReason } from './engine';
import type { CallMetrics, QueueMetrics } from './metrics';
import type { PlanExpectation } from './plan';
import type { SeriesPoint } from './series';

export interface CallSummary {
  readonly name: string;
  readonly count: number;
  readonly errors: number;
  /** errors / count, from 0 to 1; 0 when count is 0. */
  readonly errorRate: number;
  /** Latencies in milliseconds; null when nothing was measured. */
  readonly minMs: number | null;
  readonly meanMs: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** Counts by status or outcome, such as { '200': 95, '503': 5 }. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The index of the definition's place in SimulationResult.sources. */
  readonly source: number;
}

export interface QueueSummary extends CallSummary {
  readonly enqueued: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly rejected: number;
  readonly redeliveries: number;
  /** The deepest the queue got. */
  readonly maxDepth: number;
  /** The queue's depth over virtual time, each point the largest depth of its bucket. */
  readonly depthOverTime: readonly SeriesPoint[];
}

export interface BreakerSummary {
  readonly name: string;
  /** Such as "gateway → orders (orders-breaker)". */
  readonly label: string;
  readonly opened: number;
  /** Calls failed fast because the breaker was open. */
  readonly rejected: number;
  /** The first state changes, in order. */
  readonly transitions: ReadonlyArray<{ timeMs: number; from: string; to: string }>;
  /** State changes after those kept in `transitions`. */
  readonly droppedTransitions: number;
  readonly source: number;
}

export interface ExpectationResult {
  /** The expectation as written, such as 'route place-order p99 ≤ 2s'. */
  readonly text: string;
  readonly passed: boolean;
  /** The measured value in the metric's unit; null when nothing was measured. */
  readonly actual: number | null;
  /** The measured value for people, such as '1.2%' or '840 ms'. */
  readonly actualText: string;
  readonly source: number;
}

export interface SimulationSummary {
  readonly flow: string;
  readonly seed: number;
  readonly stopReason: StopReason;
  /** The reason the run stopped early, in words; undefined when it completed. */
  readonly stopDetail: string | undefined;
  /** Virtual milliseconds the run covered. */
  readonly virtualMs: number;
  readonly events: number;
  readonly messages: number;
  /** Trace events emitted while the run was traced: all of them with a listener, else the kept ones. */
  readonly traceEvents: number;
  readonly routes: readonly CallSummary[];
  readonly messageMetrics: readonly CallSummary[];
  readonly services: readonly CallSummary[];
  readonly queues: readonly QueueSummary[];
  readonly breakers: readonly BreakerSummary[];
  /** Requests that matched no route. */
  readonly unmatched: number;
  readonly expectations: readonly ExpectationResult[];
  /** Whether the run completed and every expectation passed. */
  readonly passed: boolean;
  readonly notes: readonly string[];
  readonly cycle: readonly string[] | undefined;
}

/** Summarises a finished run. */
export function summarize(sim: Simulation): SimulationSummary {
  const plan = sim.plan;
  const stopReason = sim.stopReason ?? 'cancelled';
  const routes = plan.routes.map((route, index) =>
    callSummary(route.name, sim.gateway.routeMetrics[index]!, route.source),
  );
  const messages = plan.messages.map((message, index) =>
    callSummary(message.name, sim.bus.messageMetrics[index]!, message.source),
  );
  const services = plan.services.map((service, index) =>
    callSummary(service.name, sim.serviceMetrics[index]!, service.source),
  );
  const queues = plan.queues.map((queue, index) =>
    queueSummary(queue.name, sim.queues.metrics[index]!, queue.source),
  );
  const breakers = plan.breakers.map((breaker, index): BreakerSummary => {
    const metrics = sim.gateway.breakerMetrics[index]!;
    return {
      name: breaker.name,
      label: breaker.label,
      opened: metrics.opened,
      rejected: metrics.rejected,
      transitions: metrics.transitions,
      droppedTransitions: metrics.dropped,
      source: breaker.source,
    };
  });
  const lists = { route: routes, message: messages, queue: queues, service: services };
  const expectations = plan.flow.expectations.map((expectation) =>
    checkExpectation(expectation, lists[expectation.target][expectation.index]!),
  );
  const completed = stopReason === 'completed';
  return {
    flow: plan.flow.name,
    seed: plan.flow.seed,
    stopReason,
    stopDetail: stopDetail(sim, stopReason),
    virtualMs: sim.now,
    events: sim.events,
    messages: sim.messages,
    traceEvents: sim.trace.emitted,
    routes,
    messageMetrics: messages,
    services,
    queues,
    breakers,
    unmatched: sim.gateway.unmatched,
    expectations,
    passed: completed && expectations.every((result) => result.passed),
    notes: plan.notes,
    cycle: plan.cycle,
  };
}

/** Explains a stop other than 'completed', naming the limit and where to raise it. */
export function stopDetail(sim: Simulation, reason: StopReason): string | undefined {
  const limits = sim.plan.flow.limits;
  switch (reason) {
    case 'completed':
      return undefined;
    case 'max-duration':
      return (
        `The run reached the limit of ${limits.maxDurationMs} ms of virtual time (limits.maxDuration) ` +
        `with ${sim.pendingEvents} ${sim.pendingEvents === 1 ? 'event' : 'events'} still pending. Raise limits.maxDuration or shorten the load.`
      );
    case 'max-events':
      return (
        `The run reached the limit of ${limits.maxEvents} events (limits.maxEvents) at ` +
        `${Math.round(sim.now)} ms of virtual time. Raise limits.maxEvents or shorten the load.`
      );
    case 'cycle':
      return (
        `The run stopped at a message cycle: ${(sim.plan.cycle ?? []).join(' → ')}. Each receiver ` +
        'sends the next message on without end; remove one of these sends.'
      );
    case 'cancelled':
      return `The run was cancelled at ${Math.round(sim.now)} ms of virtual time.`;
  }
}

function callSummary(name: string, metrics: CallMetrics, source: number): CallSummary {
  const latency = metrics.latency;
  const measured = latency.count > 0;
  return {
    name,
    count: metrics.count,
    errors: metrics.errors,
    errorRate: metrics.count === 0 ? 0 : metrics.errors / metrics.count,
    minMs: measured ? latency.minMs : null,
    meanMs: measured ? latency.mean() : null,
    p50Ms: measured ? latency.percentile(0.5) : null,
    p95Ms: measured ? latency.percentile(0.95) : null,
    p99Ms: measured ? latency.percentile(0.99) : null,
    maxMs: measured ? latency.maxMs : null,
    outcomes: metrics.outcomes(),
    source,
  };
}

function queueSummary(name: string, metrics: QueueMetrics, source: number): QueueSummary {
  const latency = metrics.latency;
  const measured = latency.count > 0;
  const failed = metrics.deadLettered + metrics.rejected;
  const count = metrics.delivered + failed;
  return {
    name,
    count,
    errors: failed,
    errorRate: count === 0 ? 0 : failed / count,
    minMs: measured ? latency.minMs : null,
    meanMs: measured ? latency.mean() : null,
    p50Ms: measured ? latency.percentile(0.5) : null,
    p95Ms: measured ? latency.percentile(0.95) : null,
    p99Ms: measured ? latency.percentile(0.99) : null,
    maxMs: measured ? latency.maxMs : null,
    outcomes: {},
    enqueued: metrics.enqueued,
    delivered: metrics.delivered,
    deadLettered: metrics.deadLettered,
    rejected: metrics.rejected,
    redeliveries: metrics.redeliveries,
    maxDepth: metrics.maxDepth,
    depthOverTime: metrics.depthOverTime.points(),
    source,
  };
}

function metricValue(expectation: PlanExpectation, summary: CallSummary): number | null {
  const queue = summary as QueueSummary;
  switch (expectation.metric) {
    case 'count':
      return summary.count;
    case 'errors':
      return summary.errors;
    case 'errorRate':
      return summary.errorRate;
    case 'p50':
      return summary.p50Ms;
    case 'p95':
      return summary.p95Ms;
    case 'p99':
      return summary.p99Ms;
    case 'mean':
      return summary.meanMs;
    case 'max':
      return summary.maxMs;
    case 'depth':
      return queue.maxDepth;
    case 'deadLettered':
      return queue.deadLettered;
    case 'delivered':
      return queue.delivered;
  }
}

/** Checks one expectation. A latency bound on something never measured fails, as nothing ran. */
export function checkExpectation(
  expectation: PlanExpectation,
  summary: CallSummary,
): ExpectationResult {
  const actual = metricValue(expectation, summary);
  const passed =
    actual !== null &&
    (expectation.min === undefined || actual >= expectation.min) &&
    (expectation.max === undefined || actual <= expectation.max);
  return {
    text: expectation.text,
    passed,
    actual,
    actualText: formatMetric(expectation.metric, actual),
    source: expectation.source,
  };
}

const LATENCY_METRICS = new Set(['p50', 'p95', 'p99', 'mean', 'max']);

/** Writes a metric's value for people: milliseconds, a percentage or a count. */
export function formatMetric(metric: string, value: number | null): string {
  if (value === null) return 'not measured';
  if (LATENCY_METRICS.has(metric)) return `${roundTo(value, 1)} ms`;
  if (metric === 'errorRate') return `${roundTo(value * 100, 2)}%`;
  return String(value);
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
