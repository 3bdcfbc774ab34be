import { delayBounds } from './backoff.js';
import { canHonorRetryAfter, RetryPolicy } from './retry.js';
import { formatDuration } from './units.js';

export interface WorstCaseOptions {
  /**
   * Whether to count waits that a Retry-After header on 429 or 503 can set, up to maxDelay or
   * without limit when the policy has no maxDelay. Default false.
   */
  readonly includeRetryAfter?: boolean;
  /** A limit on the whole call, retries included, such as a route's total timeout, in ms. */
  readonly totalTimeoutMs?: number;
}

/**
 * The maximum duration of a call under a retry policy, with its terms. It assumes that every
 * attempt fails with a retryable outcome after running its full timeout, that every wait is at its
 * upper bound, and that the caller shortens attempts to what remains of the budget.
 */
export interface WorstCase {
  readonly attempts: number;
  /** The per-attempt timeout; Infinity when attempts have none. */
  readonly attemptTimeoutMs: number;
  /** The maximum wait before each retry, one entry per retry. */
  readonly waitsMs: readonly number[];
  /** attempts x attemptTimeoutMs plus the waits, before any cap. */
  readonly uncappedMs: number;
  /** The worst case after the caps; Infinity when nothing bounds it. */
  readonly totalMs: number;
  /** The limit that lowered uncappedMs to totalMs, if one did. */
  readonly cappedBy: 'budget' | 'total-timeout' | undefined;
  /**
   * The maximum wait a Retry-After header can set, when it can set one and the waits above do not
   * count it: maxDelay, or Infinity without maxDelay. Undefined otherwise.
   */
  readonly uncountedRetryAfterMs: number | undefined;
  /** The sum written out, such as '3 attempts x 2 s + 1 s + 2 s backoff = 8 s'. */
  readonly arithmetic: string;
}

/**
 * Computes the worst-case duration of a call under `policy` when each attempt times out after
 * `attemptTimeoutMs` (Infinity for no timeout), and the terms of the sum.
 */
export function worstCase(
  policy: RetryPolicy,
  attemptTimeoutMs: number,
  options: WorstCaseOptions = {},
): WorstCase {
  const retryAfterApplies = canHonorRetryAfter(policy);
  const countRetryAfter = retryAfterApplies && options.includeRetryAfter === true;

  const waitsMs: number[] = [];
  for (let retry = 1; retry < policy.maxAttempts; retry++) {
    const maxWait = delayBounds(policy, retry).maxMs;
    waitsMs.push(countRetryAfter ? Math.max(maxWait, policy.maxDelayMs) : maxWait);
  }

  let uncappedMs = policy.maxAttempts * attemptTimeoutMs;
  for (const wait of waitsMs) uncappedMs += wait;

  let totalMs = uncappedMs;
  let cappedBy: WorstCase['cappedBy'] = undefined;
  if (policy.budgetMs < totalMs) {
    totalMs = policy.budgetMs;
    cappedBy = 'budget';
  }
  const totalTimeoutMs = options.totalTimeoutMs ?? Infinity;
  if (totalTimeoutMs < totalMs) {
    totalMs = totalTimeoutMs;
    cappedBy = 'total-timeout';
  }

  const worst = {
    attempts: policy.maxAttempts,
    attemptTimeoutMs,
    waitsMs,
    uncappedMs,
    totalMs,
    cappedBy,
    uncountedRetryAfterMs: retryAfterApplies && !countRetryAfter ? policy.maxDelayMs : undefined,
  };
  return { ...worst, arithmetic: writeArithmetic(worst) };
}

/** Formats a duration, writing Infinity as 'unbounded'. */
function formatBound(ms: number): string {
  return ms === Infinity ? 'unbounded' : formatDuration(ms);
}

/** Writes the waits with runs of equal waits grouped: '100 ms + 200 ms + 3 x 500 ms'. */
function writeWaits(waitsMs: readonly number[]): string {
  const terms: string[] = [];
  let index = 0;
  while (index < waitsMs.length) {
    const wait = waitsMs[index] as number;
    let end = index + 1;
    while (end < waitsMs.length && waitsMs[end] === wait) end++;
    const run = end - index;
    terms.push(
      run > 2 ? `${run} x ${formatBound(wait)}` : Array(run).fill(formatBound(wait)).join(' + '),
    );
    index = end;
  }
  return terms.join(' + ');
}

function writeArithmetic(worst: Omit<WorstCase, 'arithmetic'>): string {
  const noun = worst.attempts === 1 ? 'attempt' : 'attempts';
  let sum =
    worst.attemptTimeoutMs === Infinity
      ? `${worst.attempts} ${noun} with no timeout`
      : `${worst.attempts} ${noun} x ${formatDuration(worst.attemptTimeoutMs)}`;
  if (worst.waitsMs.length > 0) sum += ` + ${writeWaits(worst.waitsMs)} backoff`;
  sum += ` = ${formatBound(worst.uncappedMs)}`;
  if (worst.cappedBy === undefined) return sum;

  const limit = worst.cappedBy === 'budget' ? 'budget' : 'total timeout';
  const total = formatDuration(worst.totalMs);
  return `min(${sum}, ${total} ${limit}) = ${total}`;
}
