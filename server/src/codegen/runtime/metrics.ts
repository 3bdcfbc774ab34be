/**
 * Metrics hooks of generated clients and the bus, and a recorder that keeps, per route, method and
 * message, the call count, the error count and a latency histogram that a caller can read.
 */
import type { CircuitState } from '../../policy/breaker.js';
import type { Outcome } from '../../policy/outcome.js';

/** One finished logical call or message delivery; `attempts` counts the first try too. */
export interface CallRecord {
  /** The route, gRPC method or message, by its name in the contract. */
  readonly key: string;
  readonly outcome: Outcome;
  readonly failed: boolean;
  readonly durationMs: number;
  readonly attempts: number;
}

/** Functions called as calls finish and policies act; every one is optional. */
export interface MetricsHooks {
  onCall?(record: CallRecord): void;
  /** A retry about to wait `delayMs` after attempt `attempt` ended with `outcome`. */
  onRetry?(key: string, attempt: number, delayMs: number, outcome: Outcome): void;
  /**
   * A breaker changed state at `atMs` on the client's clock. A breaker becomes half-open when a call
   * first finds its open duration over, and `atMs` is then the earlier time that duration ended.
   */
  onBreakerTransition?(breaker: string, from: CircuitState, to: CircuitState, atMs: number): void;
  /** A message moved to a dead-letter queue after `deliveries` failed deliveries. */
  onDeadLetter?(message: string, queue: string, deliveries: number): void;
}

/** The upper bounds of the latency histogram's buckets in milliseconds; the last is Infinity. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  1,
  2,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10000,
  Infinity,
];

/** The figures of one key. Latencies are in milliseconds; percentiles are bucket upper bounds. */
export interface MetricSnapshot {
  readonly count: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly retries: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Calls per bucket of LATENCY_BUCKETS_MS, in the same order. */
  readonly buckets: readonly number[];
}

class KeyMetrics {
  count = 0;
  errors = 0;
  retries = 0;
  totalMs = 0;
  minMs = Infinity;
  maxMs = 0;
  readonly buckets = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0);

  add(record: CallRecord): void {
    this.count++;
    if (record.failed) this.errors++;
    this.totalMs += record.durationMs;
    this.minMs = Math.min(this.minMs, record.durationMs);
    this.maxMs = Math.max(this.maxMs, record.durationMs);
    const bucket = LATENCY_BUCKETS_MS.findIndex((bound) => record.durationMs <= bound);
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
  }

  percentile(fraction: number): number {
    const rank = Math.ceil(this.count * fraction);
    let seen = 0;
    for (let index = 0; index < this.buckets.length; index++) {
      seen += this.buckets[index] ?? 0;
      if (seen >= rank && seen > 0)
        return Math.min(LATENCY_BUCKETS_MS[index] ?? Infinity, this.maxMs);
    }
    return 0;
  }

  snapshot(): MetricSnapshot {
    const empty = this.count === 0;
    return {
      count: this.count,
      errors: this.errors,
      errorRate: empty ? 0 : this.errors / this.count,
      retries: this.retries,
      meanMs: empty ? 0 : this.totalMs / this.count,
      minMs: empty ? 0 : this.minMs,
      maxMs: this.maxMs,
      p50Ms: this.percentile(0.5),
      p95Ms: this.percentile(0.95),
      p99Ms: this.percentile(0.99),
      buckets: [...this.buckets],
    };
  }
}

/** A MetricsHooks implementation that keeps figures per key in memory. */
export class MetricsRecorder implements MetricsHooks {
  private readonly byKey = new Map<string, KeyMetrics>();

  onCall(record: CallRecord): void {
    this.metricsOf(record.key).add(record);
  }

  onRetry(key: string): void {
    this.metricsOf(key).retries++;
  }

  /** Returns the figures of one key, or undefined before its first call. */
  get(key: string): MetricSnapshot | undefined {
    return this.byKey.get(key)?.snapshot();
  }

  /** Returns the figures of every key that saw a call, sorted by key. */
  snapshot(): Record<string, MetricSnapshot> {
    const result: Record<string, MetricSnapshot> = {};
    for (const key of [...this.byKey.keys()].sort()) result[key] = this.byKey.get(key)!.snapshot();
    return result;
  }

  private metricsOf(key: string): KeyMetrics {
    let metrics = this.byKey.get(key);
    if (metrics === undefined) {
      metrics = new KeyMetrics();
      this.byKey.set(key, metrics);
    }
    return metrics;
  }
}

/** Calls every hook set, so that a recorder and a caller's hooks can both listen. */
export function combineHooks(...all: ReadonlyArray<MetricsHooks | undefined>): MetricsHooks {
  const hooks = all.filter((item): item is MetricsHooks => item !== undefined);
  return {
    onCall: (record) => hooks.forEach((item) => item.onCall?.(record)),
    onRetry: (key, attempt, delayMs, outcome) =>
      hooks.forEach((item) => item.onRetry?.(key, attempt, delayMs, outcome)),
    onBreakerTransition: (breaker, from, to, atMs) =>
      hooks.forEach((item) => item.onBreakerTransition?.(breaker, from, to, atMs)),
    onDeadLetter: (message, queue, deliveries) =>
      hooks.forEach((item) => item.onDeadLetter?.(message, queue, deliveries)),
  };
}
