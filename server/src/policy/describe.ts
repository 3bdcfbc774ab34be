/** Summaries of policies in plain words, for editor hovers and command-line output. */
import { delayBounds } from './backoff.js';
import { CircuitBreakerPolicy, normalizeBreakerPolicy } from './breaker-policy.js';
import { BulkheadPolicy, normalizeBulkheadPolicy } from './bulkhead.js';
import { DEFAULT_FAILURE_OUTCOMES, formatOutcome, OutcomeSet, sameOutcomes } from './outcome.js';
import type { PolicySpec } from './policy-spec.js';
import { normalizeRetryPolicy, RetryPolicy } from './retry.js';
import { normalizeTimeoutPolicy, TimeoutPolicy } from './timeout.js';
import { formatDuration, formatPercent } from './units.js';
import { worstCase } from './worst-case.js';

export interface RetryDescriptionOptions {
  /** The timeout of one attempt, in ms; without it attempts have no timeout. */
  readonly attemptTimeoutMs?: number;
  /** The limit on the whole call, retries included, in ms. */
  readonly totalTimeoutMs?: number;
}

/** Waits listed in full up to this many retries; longer lists show the first three and the last. */
const MAX_LISTED_WAITS = 4;

function formatBound(ms: number): string {
  return ms === Infinity ? 'unbounded' : formatDuration(ms);
}

/** Writes a count and a noun that takes a plain -s plural: '1 call', '3 calls'. */
function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** Writes `a, b and c`. */
function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function formatOutcomeList(outcomes: OutcomeSet): string {
  return joinWords(outcomes.entries.map(formatOutcome));
}

function describeWaits(policy: RetryPolicy): string {
  const waits: string[] = [];
  for (let retry = 1; retry < policy.maxAttempts; retry++) {
    const { minMs, maxMs } = delayBounds(policy, retry);
    const exact = minMs === maxMs || policy.jitter === 'full';
    waits.push(exact ? formatBound(maxMs) : `${formatBound(minMs)} to ${formatBound(maxMs)}`);
  }
  const listed =
    waits.length > MAX_LISTED_WAITS
      ? [...waits.slice(0, 3), '...', waits[waits.length - 1]]
      : waits;
  const prefix = policy.jitter === 'full' ? 'waits up to ' : 'waits ';
  const suffix = policy.jitter === 'none' ? '' : ` (${policy.jitter} jitter)`;
  return `${prefix}${listed.join(', ')}${suffix}`;
}

function describeWorstCase(policy: RetryPolicy, options: RetryDescriptionOptions): string {
  const attemptTimeoutMs = options.attemptTimeoutMs ?? Infinity;
  const worst = worstCase(
    policy,
    attemptTimeoutMs,
    options.totalTimeoutMs === undefined ? {} : { totalTimeoutMs: options.totalTimeoutMs },
  );
  if (worst.totalMs === Infinity) {
    return attemptTimeoutMs === Infinity
      ? 'worst case unbounded, because attempts have no timeout'
      : 'worst case unbounded, because the waits have no maxDelay';
  }

  const total = formatDuration(worst.totalMs);
  if (worst.cappedBy === 'budget') return `worst case ${total}, set by the budget`;
  if (worst.cappedBy === 'total-timeout') return `worst case ${total}, set by the total timeout`;

  let text = `worst case ${total} if every attempt times out at ${formatDuration(attemptTimeoutMs)}`;
  if (worst.uncountedRetryAfterMs !== undefined) text += ' and no Retry-After header sets a wait';
  return text;
}

/**
 * Summarizes a retry policy. An example: '3 attempts; waits 100 ms, 200 ms; worst case 6.3 s if
 * every attempt times out at 2 s and no Retry-After header sets a wait'.
 */
export function describeRetry(policy: RetryPolicy, options: RetryDescriptionOptions = {}): string {
  if (policy.maxAttempts === 1) return '1 attempt, no retries';
  const parts = [plural(policy.maxAttempts, 'attempt'), describeWaits(policy)];
  if (!sameOutcomes(policy.retryOn.entries, DEFAULT_FAILURE_OUTCOMES)) {
    parts.push(`retries on ${formatOutcomeList(policy.retryOn)}`);
  }
  if (policy.budgetMs !== Infinity) parts.push(`at most ${formatDuration(policy.budgetMs)} in all`);
  parts.push(describeWorstCase(policy, options));
  return parts.join('; ');
}

function describeWindow(policy: CircuitBreakerPolicy): string {
  if (policy.windowMs !== undefined) {
    return `the calls of the last ${formatDuration(policy.windowMs)}`;
  }
  return `the last ${plural(policy.windowCalls ?? 0, 'call')}`;
}

function describeTrips(policy: CircuitBreakerPolicy): string {
  const trips: string[] = [];
  if (policy.consecutiveFailures !== undefined) {
    trips.push(
      policy.consecutiveFailures === 1
        ? 'after 1 failure'
        : `after ${policy.consecutiveFailures} failures in a row`,
    );
  }
  const window = describeWindow(policy);
  if (policy.failureRate !== undefined) {
    trips.push(`when ${formatPercent(policy.failureRate)} of ${window} fail`);
  }
  if (policy.slowCallRate !== undefined && policy.slowCallDurationMs !== undefined) {
    const slow = formatDuration(policy.slowCallDurationMs);
    const calls = policy.failureRate === undefined ? window : 'them';
    trips.push(`when ${formatPercent(policy.slowCallRate)} of ${calls} take longer than ${slow}`);
  }
  let text = `opens ${trips.join(', or ')}`;
  if (policy.failureRate !== undefined || policy.slowCallRate !== undefined) {
    text += ` (once the window has ${plural(policy.minimumCalls, 'call')})`;
  }
  return text;
}

/**
 * Summarizes a circuit-breaker policy, such as 'opens after 5 failures in a row; stays open 30 s;
 * closes after 1 successful probe'.
 */
export function describeBreaker(policy: CircuitBreakerPolicy): string {
  const parts = [describeTrips(policy)];
  if (!sameOutcomes(policy.failureOn.entries, DEFAULT_FAILURE_OUTCOMES)) {
    parts.push(`counts ${formatOutcomeList(policy.failureOn)} as failures`);
  }
  parts.push(`stays open ${formatDuration(policy.openDurationMs)}`);
  parts.push(`closes after ${plural(policy.halfOpenProbes, 'successful probe')}`);
  return parts.join('; ');
}

/** Summarizes a timeout policy, such as 'fails a call after 2 s'. */
export function describeTimeout(policy: TimeoutPolicy): string {
  return `fails a call after ${formatDuration(policy.durationMs)}`;
}

/**
 * Summarizes a bulkhead policy. An example: 'runs at most 10 calls at once; queues up to 20 more
 * for at most 1 s; rejects the rest'.
 */
export function describeBulkhead(policy: BulkheadPolicy): string {
  const parts = [`runs at most ${plural(policy.maxConcurrent, 'call')} at once`];
  if (policy.maxQueue > 0) {
    const wait =
      policy.queueTimeoutMs === Infinity
        ? 'with no time limit'
        : `for at most ${formatDuration(policy.queueTimeoutMs)}`;
    parts.push(`queues up to ${policy.maxQueue} more ${wait}`);
  }
  parts.push('rejects the rest');
  return parts.join('; ');
}

/**
 * Summarizes a policy as the contract writes it. Throws the normalizing Error when the policy is
 * invalid.
 */
export function describePolicy(spec: PolicySpec, options: RetryDescriptionOptions = {}): string {
  switch (spec.kind) {
    case 'retry':
      return describeRetry(normalizeRetryPolicy(spec), options);
    case 'circuit-breaker':
      return describeBreaker(normalizeBreakerPolicy(spec));
    case 'timeout':
      return describeTimeout(normalizeTimeoutPolicy(spec));
    case 'bulkhead':
      return describeBulkhead(normalizeBulkheadPolicy(spec));
  }
}
