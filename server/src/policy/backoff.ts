import type { RandomSource } from './random.js';
import type { RetryPolicy } from './retry.js';

/** The minimum and maximum wait before one retry over all jitter outcomes, in milliseconds. */
export interface DelayBounds {
  readonly minMs: number;
  readonly maxMs: number;
}

function checkRetryNumber(retry: number): void {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(`Invalid retry number ${retry}: expected an integer of 1 or more.`);
  }
}

/**
 * Returns the wait before retry `retry` (1 for the first retry) before jitter: delay for constant,
 * delay x retry for linear, delay x multiplier^(retry - 1) for exponential, capped by maxDelay.
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  checkRetryNumber(retry);
  let delay: number;
  if (policy.backoff === 'constant') delay = policy.delayMs;
  else if (policy.backoff === 'linear') delay = policy.delayMs * retry;
  else delay = policy.delayMs * Math.pow(policy.multiplier, retry - 1);
  return Math.min(delay, policy.maxDelayMs);
}

/**
 * Returns the wait before retry `retry`, jitter applied, drawing at most one number from `random`.
 * Full jitter picks uniformly in [0, d] and equal jitter in [d/2, d], where d is backoffDelay.
 * Decorrelated jitter ignores backoff and multiplier: it picks uniformly between delay and three
 * times `previousDelayMs`, the wait before the previous retry (delay before the first retry), and
 * caps the result by maxDelay.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  previousDelayMs: number,
  random: RandomSource,
): number {
  switch (policy.jitter) {
    case 'none':
      return backoffDelay(policy, retry);
    case 'full':
      return random.next() * backoffDelay(policy, retry);
    case 'equal': {
      const half = backoffDelay(policy, retry) / 2;
      return half + random.next() * half;
    }
    case 'decorrelated': {
      checkRetryNumber(retry);
      const base = policy.delayMs;
      // A Retry-After of 0 can leave the previous wait below delay; the range then stays at delay.
      const upper = Math.max(base, 3 * previousDelayMs);
      return Math.min(base + random.next() * (upper - base), policy.maxDelayMs);
    }
  }
}

/**
 * Returns the bounds of the wait before retry `retry` over all jitter outcomes, assuming no
 * Retry-After header set an earlier wait. For decorrelated jitter the upper bound is
 * delay x 3^retry, capped by maxDelay, because each wait can be three times the one before.
 */
export function delayBounds(policy: RetryPolicy, retry: number): DelayBounds {
  switch (policy.jitter) {
    case 'none': {
      const delay = backoffDelay(policy, retry);
      return { minMs: delay, maxMs: delay };
    }
    case 'full':
      return { minMs: 0, maxMs: backoffDelay(policy, retry) };
    case 'equal': {
      const delay = backoffDelay(policy, retry);
      return { minMs: delay / 2, maxMs: delay };
    }
    case 'decorrelated': {
      checkRetryNumber(retry);
      const cap = policy.maxDelayMs;
      const base = policy.delayMs;
      return { minMs: Math.min(base, cap), maxMs: Math.min(base * Math.pow(3, retry), cap) };
    }
  }
}
