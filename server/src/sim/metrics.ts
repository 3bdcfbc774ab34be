/** The measurements of a run per route, message, queue and service, in fixed memory. */
import { Histogram } from './histogram';
import { outcomeText } from './outcomes';
import { MaxSeries } from './series';

/** Encoded outcomes run from -OUTCOME_OFFSET (bulkhead full) to 599 (the largest status). */
const OUTCOME_OFFSET = 4;
const OUTCOME_SLOTS = 600 + OUTCOME_OFFSET;

export class CallMetrics {
  count = 0;
  errors = 0;
  readonly latency = new Histogram();
  /** Counts of encoded outcomes, by outcome + OUTCOME_OFFSET; an array so counting allocates nothing. */
  private readonly codeCounts = new Float64Array(OUTCOME_SLOTS);
  /** Counts of outcomes in words, such as 'ok' or 'delivery failed'. */
  private readonly namedCounts = new Map<string, number>();

  record(failed: boolean, latencyMs: number): void {
    this.count++;
    if (failed) this.errors++;
    this.latency.record(latencyMs);
  }

  /** Counts an encoded outcome: an HTTP status, or TIMEOUT and the other negative codes. */
  countCode(code: number): void {
    const slot = code + OUTCOME_OFFSET;
    this.codeCounts[slot] = (this.codeCounts[slot] as number) + 1;
  }

  /** Counts an outcome given in words, such as 'ok' or 'delivery failed'. */
  countOutcome(outcome: string): void {
    this.namedCounts.set(outcome, (this.namedCounts.get(outcome) ?? 0) + 1);
  }

  /** Counts by outcome text, such as { '200': 95, '503': 5, timeout: 1 }, sorted by text. */
  outcomes(): Record<string, number> {
    const counts = new Map(this.namedCounts);
    this.codeCounts.forEach((count, slot) => {
      if (count === 0) return;
      const text = outcomeText(slot - OUTCOME_OFFSET);
      counts.set(text, (counts.get(text) ?? 0) + count);
    });
    return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export class QueueMetrics {
  /** Messages the queue accepted. */
  enqueued = 0;
  /** Messages a consumer acknowledged. */
  delivered = 0;
  /** Messages moved to the dead-letter queue, or dropped for want of one. */
  deadLettered = 0;
  /** Messages rejected because the queue was full. */
  rejected = 0;
  /** Deliveries after the first. */
  redeliveries = 0;
  /** The messages in the queue now: waiting, in delivery or waiting for redelivery. */
  depth = 0;
  maxDepth = 0;
  /** From acceptance to acknowledgement. */
  readonly latency = new Histogram();
  readonly depthOverTime = new MaxSeries();

  changeDepth(timeMs: number, change: number): void {
    this.depth += change;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
    this.depthOverTime.record(timeMs, this.depth);
  }
}

/** The state changes of one breaker; the first MAX_TRANSITIONS are kept with their times. */
export const MAX_TRANSITIONS = 1000;

export interface Transition {
  readonly timeMs: number;
  readonly from: string;
  readonly to: string;
}

export class BreakerMetrics {
  readonly transitions: Transition[] = [];
  opened = 0;
  /** Calls failed fast while the breaker was open or out of probe permits. */
  rejected = 0;
  /** Transitions after the first MAX_TRANSITIONS, which are counted but not kept. */
  dropped = 0;

  record(timeMs: number, from: string, to: string): void {
    if (to === 'open') this.opened++;
    if (this.transitions.length < MAX_TRANSITIONS) this.transitions.push({ timeMs, from, to });
    else this.dropped++;
  }
}
