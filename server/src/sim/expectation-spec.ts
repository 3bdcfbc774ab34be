/** Parses a flow's `expect` entries into bounds in the units the metrics use. */
import { isObject } from '../contract/model';
import type { Path } from '../contract/tree';
import { parseDuration, parseRatio } from '../policy';
import type { ExpectationTarget, MetricName, PlanExpectation } from './plan';

const TARGETS: readonly ExpectationTarget[] = ['route', 'message', 'queue', 'service'];
const LATENCY_METRICS: ReadonlySet<string> = new Set(['p50', 'p95', 'p99', 'mean', 'max']);
const QUEUE_METRICS: ReadonlySet<string> = new Set(['depth', 'deadLettered', 'delivered']);
const METRICS: ReadonlySet<string> = new Set([
  'count',
  'errors',
  'errorRate',
  ...LATENCY_METRICS,
  ...QUEUE_METRICS,
]);

export interface ExpectationContext {
  /** Names the flow for messages, such as "flow 'checkout-rush'". */
  readonly where: string;
  readonly indexOf: (kind: ExpectationTarget, name: unknown, where: string) => number;
  /** Registers the source of an entry, by its path inside the flow. */
  readonly source: (rest: Path) => number;
}

export function compileExpectations(
  value: unknown,
  context: ExpectationContext,
): PlanExpectation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new Error(`Invalid 'expect' of ${context.where}: write a list of expectations.`);
  }
  return value.map((entry, index) => compileOne(entry, index, context));
}

function compileOne(entry: unknown, index: number, context: ExpectationContext): PlanExpectation {
  const where = `'expect[${index}]' of ${context.where}`;
  if (!isObject(entry))
    throw new Error(
      `Invalid ${where}: write an object such as { route: NAME, metric: p95, max: 300ms }.`,
    );
  const targets = TARGETS.filter((target) => entry[target] !== undefined);
  if (targets.length !== 1) {
    throw new Error(`Invalid ${where}: name exactly one route, message, queue or service.`);
  }
  const target = targets[0]!;
  const metric = entry['metric'];
  if (typeof metric !== 'string' || !METRICS.has(metric)) {
    throw new Error(
      `Invalid metric ${JSON.stringify(metric)} at ${where}: use one of ${[...METRICS].join(', ')}.`,
    );
  }
  if (QUEUE_METRICS.has(metric) && target !== 'queue') {
    throw new Error(`Invalid ${where}: metric '${metric}' belongs to queues, not to a ${target}.`);
  }
  if (entry['min'] === undefined && entry['max'] === undefined) {
    throw new Error(`Invalid ${where}: write a min, a max or both.`);
  }
  const name = String(entry[target]);
  const min = bound(entry['min'], metric, where);
  const max = bound(entry['max'], metric, where);
  const parts: string[] = [];
  if (entry['min'] !== undefined) parts.push(`≥ ${String(entry['min'])}`);
  if (entry['max'] !== undefined) parts.push(`≤ ${String(entry['max'])}`);
  return {
    target,
    name,
    index: context.indexOf(target, entry[target], where),
    metric: metric as MetricName,
    min,
    max,
    text: `${target} ${name} ${metric} ${parts.join(' and ')}`,
    source: context.source(['expect', index]),
  };
}

/** Converts a bound to the metric's unit: a duration to ms for latencies, a ratio for errorRate. */
function bound(value: unknown, metric: string, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (LATENCY_METRICS.has(metric)) {
    if (typeof value === 'number') return value;
    return parseDuration(value as string);
  }
  if (metric === 'errorRate') return parseRatio(value as number | string);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(
      `Invalid bound ${JSON.stringify(value)} of metric '${metric}' at ${where}: write a number.`,
    );
  }
  return value;
}
