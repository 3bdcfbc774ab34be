/** The measurements of a run per route, message, queue and service, in fixed memory. */
import { Histogram } from './histogram';
import { MaxSeries } from './series';

export class CallMetrics {
  count = 0;
  errors = 0;
  readonly latency = new Histogram();
  /** Responses by status or outcome, such as '200', '503', 'timeout'. */
  readonly outcomes = new Map<string, number>();

  record(failed: boolean, latencyMs: number): void {
    this.count++;
    if (failed) this.errors++;
    this.latency.record(latencyMs);
  }

  countOutcome(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
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
