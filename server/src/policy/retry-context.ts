import { retryDelay } from './backoff.js';
import type { Outcome } from './outcome.js';
import type { RandomSource } from './random.js';
import { retryAfterDelay, RetryPolicy } from './retry.js';

/** Returned by RetryContext.next when no retry follows; stopReason then contains the reason. */
export const NO_RETRY = -1;

/**
 * Why a RetryContext stopped: the outcome is not in retryOn, every attempt was used, the next
 * retry would start at or after the end of the policy's budget, or at or after the caller's
 * deadline.
 */
export type RetryStopReason =
  'not-retryable' | 'attempts-exhausted' | 'budget-exhausted' | 'deadline';

/**
 * The retry state of one logical call: the attempts made, the previous wait and the time limits.
 * One context can be reused for call after call by calling start again, so a simulator allocates
 * none per call. Times are milliseconds on the caller's clock.
 */
export class RetryContext {
  /** The attempts started so far, the first call included. */
  attempts = 0;
  /** The wait before the latest retry, or 0 before the first retry. */
  previousDelayMs = 0;
  /** The reason next returned NO_RETRY; undefined while retries may follow. */
  stopReason: RetryStopReason | undefined = undefined;
  private startMs = 0;
  private deadlineMs = Infinity;

  constructor(
    readonly policy: RetryPolicy,
    private readonly random: RandomSource,
  ) {}

  /**
   * Resets the context for a new call whose first attempt starts at `nowMs`. `deadlineMs`, such as
   * the end of a route's total timeout, is a time after which no retry starts.
   */
  start(nowMs: number, deadlineMs = Infinity): void {
    this.attempts = 1;
    this.previousDelayMs = 0;
    this.stopReason = undefined;
    this.startMs = nowMs;
    this.deadlineMs = deadlineMs;
  }

  /**
   * Decides what follows a failed attempt that ended at `nowMs` with `outcome`. Returns the wait in
   * milliseconds before the next attempt, which the caller then starts, or NO_RETRY, with the
   * reason in stopReason. `retryAfterMs` is the response's Retry-After header converted to
   * milliseconds from now. On 429 and 503 it replaces the backoff wait when the policy honors it.
   */
  next(outcome: Outcome, nowMs: number, retryAfterMs?: number): number {
    const policy = this.policy;
    if (!policy.retryOn.has(outcome)) return this.stop('not-retryable');
    if (this.attempts >= policy.maxAttempts) return this.stop('attempts-exhausted');

    const previous = this.attempts === 1 ? policy.delayMs : this.previousDelayMs;
    const delay =
      retryAfterDelay(policy, outcome, retryAfterMs) ??
      retryDelay(policy, this.attempts, previous, this.random);

    // A retry that would start with no time left cannot finish, so it does not start.
    const retryStart = nowMs + delay;
    if (retryStart - this.startMs >= policy.budgetMs) return this.stop('budget-exhausted');
    if (retryStart >= this.deadlineMs) return this.stop('deadline');

    this.attempts++;
    this.previousDelayMs = delay;
    return delay;
  }

  /**
   * Returns how long the attempt starting at `nowMs` may run: the per-attempt timeout, shortened to
   * what remains of the budget and of the deadline. Infinity when nothing limits it.
   */
  attemptTimeout(nowMs: number, perAttemptMs = Infinity): number {
    const budgetLeft = this.startMs + this.policy.budgetMs - nowMs;
    const deadlineLeft = this.deadlineMs - nowMs;
    return Math.max(Math.min(perAttemptMs, budgetLeft, deadlineLeft), 0);
  }

  private stop(reason: RetryStopReason): number {
    this.stopReason = reason;
    return NO_RETRY;
  }
}
