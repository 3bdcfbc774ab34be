import { parseDuration } from './units.js';

/** A bulkhead policy as the contract writes it (schema definition BulkheadPolicy). */
export interface BulkheadPolicySpec {
  readonly kind?: 'bulkhead';
  readonly description?: string | undefined;
  readonly maxConcurrent: number;
  readonly maxQueue?: number | undefined;
  readonly queueTimeout?: string | undefined;
}

/** A bulkhead policy with every default filled in and every duration in milliseconds. */
export interface BulkheadPolicy {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  /** How long a call may wait for a slot; Infinity when the policy sets no queueTimeout. */
  readonly queueTimeoutMs: number;
}

function invalid(property: string, value: unknown, expected: string): Error {
  return new Error(
    `Invalid bulkhead policy: ${property} is ${JSON.stringify(value)}, expected ${expected}.`,
  );
}

/** Fills in the schema's default (maxQueue 0) and parses queueTimeout. */
export function normalizeBulkheadPolicy(spec: BulkheadPolicySpec): BulkheadPolicy {
  if (spec.kind !== undefined && spec.kind !== 'bulkhead') {
    throw invalid('kind', spec.kind, "'bulkhead'");
  }
  const { maxConcurrent } = spec;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw invalid('maxConcurrent', maxConcurrent, 'an integer of 1 or more');
  }
  const maxQueue = spec.maxQueue ?? 0;
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw invalid('maxQueue', maxQueue, 'an integer of 0 or more');
  }
  return {
    maxConcurrent,
    maxQueue,
    queueTimeoutMs: spec.queueTimeout === undefined ? Infinity : parseDuration(spec.queueTimeout),
  };
}

export type BulkheadAdmission = 'acquired' | 'queued' | 'rejected';

/**
 * Counts the calls that run and the calls that wait for a slot. It stores no waiters itself: the
 * caller keeps its queued calls in order, for example in a WaitQueue, starts the oldest when
 * release returns true, and calls leaveQueue for a waiter that gives up, such as one whose
 * queueTimeout passed.
 */
export class Bulkhead {
  /** The calls that hold a slot. */
  active = 0;
  /** The calls that wait for a slot. */
  queued = 0;

  constructor(readonly policy: BulkheadPolicy) {}

  /**
   * Asks for a slot. 'acquired' takes a slot now, 'queued' makes the call wait, and 'rejected'
   * means every slot and every queue place is taken.
   */
  acquire(): BulkheadAdmission {
    if (this.active < this.policy.maxConcurrent) {
      this.active++;
      return 'acquired';
    }
    if (this.queued < this.policy.maxQueue) {
      this.queued++;
      return 'queued';
    }
    return 'rejected';
  }

  /**
   * Frees the slot of a call that ended. Returns true when a queued call takes the slot over: the
   * caller then starts its oldest waiter, which takes the slot without calling acquire.
   */
  release(): boolean {
    if (this.active === 0) {
      throw new Error('Bulkhead.release was called with no call holding a slot.');
    }
    if (this.queued > 0) {
      this.queued--;
      return true;
    }
    this.active--;
    return false;
  }

  /** Removes a queued call that stopped waiting, such as one whose queueTimeout passed. */
  leaveQueue(): void {
    if (this.queued === 0) {
      throw new Error('Bulkhead.leaveQueue was called with no call in the queue.');
    }
    this.queued--;
  }

  /** Returns the time a call queued at `queuedAtMs` is rejected; Infinity without queueTimeout. */
  queueDeadline(queuedAtMs: number): number {
    return queuedAtMs + this.policy.queueTimeoutMs;
  }
}
