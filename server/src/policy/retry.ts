import { DEFAULT_FAILURE_OUTCOMES, Outcome, OutcomeSet, OutcomeSpec } from './outcome.js';
import { parseDuration } from './units.js';

export type BackoffKind = 'constant' | 'linear' | 'exponential';
export type JitterKind = 'none' | 'full' | 'equal' | 'decorrelated';

const BACKOFF_KINDS: readonly BackoffKind[] = ['constant', 'linear', 'exponential'];
const JITTER_KINDS: readonly JitterKind[] = ['none', 'full', 'equal', 'decorrelated'];

/** A retry policy as the contract writes it (schema definition RetryPolicy). */
export interface RetryPolicySpec {
  readonly kind?: 'retry';
  readonly description?: string | undefined;
  readonly attempts?: number | undefined;
  readonly retries?: number | undefined;
  readonly backoff?: BackoffKind | undefined;
  readonly delay?: string | undefined;
  readonly multiplier?: number | undefined;
  readonly maxDelay?: string | undefined;
  readonly jitter?: JitterKind | undefined;
  readonly retryOn?: readonly OutcomeSpec[] | undefined;
  readonly respectRetryAfter?: boolean | undefined;
  readonly budget?: string | undefined;
}

/** A retry policy with every default filled in and every duration in milliseconds. */
export interface RetryPolicy {
  /** The maximum number of calls, the first one included. */
  readonly maxAttempts: number;
  readonly backoff: BackoffKind;
  /** The wait before the first retry, and the lower bound of decorrelated jitter. */
  readonly delayMs: number;
  readonly multiplier: number;
  /** The maximum single wait, applied before jitter; Infinity when the policy sets none. */
  readonly maxDelayMs: number;
  readonly jitter: JitterKind;
  readonly retryOn: OutcomeSet;
  readonly respectRetryAfter: boolean;
  /** The maximum time all calls and waits may take together; Infinity when the policy sets none. */
  readonly budgetMs: number;
}

/**
 * The number of attempts when a policy sets neither attempts nor retries.
 * NOTE: the schema states no default for attempts; 3 (one call and two retries) is a choice made
 * here.
 */
export const DEFAULT_ATTEMPTS = 3;

/** Status codes whose Retry-After header can set the wait. */
const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

function invalid(property: string, value: unknown, expected: string): Error {
  return new Error(
    `Invalid retry policy: ${property} is ${JSON.stringify(value)}, expected ${expected}.`,
  );
}

function resolveAttempts(spec: RetryPolicySpec): number {
  const { attempts, retries } = spec;
  if (attempts !== undefined && retries !== undefined) {
    throw new Error(
      `Invalid retry policy: it sets both attempts (${attempts}) and retries (${retries}). ` +
        'Write one of them: attempts counts the first call, retries does not.',
    );
  }
  if (attempts !== undefined) {
    if (!Number.isInteger(attempts) || attempts < 1) {
      throw invalid('attempts', attempts, 'an integer of 1 or more');
    }
    return attempts;
  }
  if (retries !== undefined) {
    if (!Number.isInteger(retries) || retries < 0) {
      throw invalid('retries', retries, 'an integer of 0 or more');
    }
    return retries + 1;
  }
  return DEFAULT_ATTEMPTS;
}

function pickKind<T extends string>(
  property: string,
  value: T | undefined,
  kinds: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!kinds.includes(value)) throw invalid(property, value, `one of ${kinds.join(', ')}`);
  return value;
}

/**
 * Fills in the schema's defaults (backoff exponential, delay 100ms, multiplier 2, jitter none,
 * retryOn 5xx, timeout and connection-error, respectRetryAfter true) and parses the durations.
 * Throws an Error that names the invalid property.
 */
export function normalizeRetryPolicy(spec: RetryPolicySpec): RetryPolicy {
  if (spec.kind !== undefined && spec.kind !== 'retry') {
    throw invalid('kind', spec.kind, "'retry'");
  }
  const multiplier = spec.multiplier ?? 2;
  if (typeof multiplier !== 'number' || !(multiplier >= 1) || multiplier === Infinity) {
    throw invalid('multiplier', multiplier, 'a finite number of 1 or more');
  }
  const respectRetryAfter = spec.respectRetryAfter ?? true;
  if (typeof respectRetryAfter !== 'boolean') {
    throw invalid('respectRetryAfter', respectRetryAfter, 'true or false');
  }
  return {
    maxAttempts: resolveAttempts(spec),
    backoff: pickKind('backoff', spec.backoff, BACKOFF_KINDS, 'exponential'),
    delayMs: parseDuration(spec.delay ?? '100ms'),
    multiplier,
    maxDelayMs: spec.maxDelay === undefined ? Infinity : parseDuration(spec.maxDelay),
    jitter: pickKind('jitter', spec.jitter, JITTER_KINDS, 'none'),
    retryOn: new OutcomeSet(spec.retryOn ?? DEFAULT_FAILURE_OUTCOMES),
    respectRetryAfter,
    budgetMs: spec.budget === undefined ? Infinity : parseDuration(spec.budget),
  };
}

/** Returns whether the policy retries a call that ended with this outcome. */
export function isRetryable(policy: RetryPolicy, outcome: Outcome): boolean {
  return policy.retryOn.has(outcome);
}

/** Returns whether a Retry-After header on a response with this outcome sets the wait. */
export function honorsRetryAfter(policy: RetryPolicy, outcome: Outcome): boolean {
  return policy.respectRetryAfter && (outcome === 429 || outcome === 503);
}

/** Returns whether the policy retries some outcome whose Retry-After header it honors. */
export function canHonorRetryAfter(policy: RetryPolicy): boolean {
  if (!policy.respectRetryAfter) return false;
  return RETRY_AFTER_STATUSES.some((status) => policy.retryOn.has(status));
}

/**
 * Returns the wait a Retry-After header sets, capped by maxDelay, or undefined when the policy
 * does not honor it for this outcome or there is no header. `retryAfterMs` is the header already
 * converted to milliseconds from now, see parseRetryAfter. A date in the past waits 0 ms.
 */
export function retryAfterDelay(
  policy: RetryPolicy,
  outcome: Outcome,
  retryAfterMs: number | undefined,
): number | undefined {
  if (retryAfterMs === undefined || Number.isNaN(retryAfterMs)) return undefined;
  if (!honorsRetryAfter(policy, outcome)) return undefined;
  return Math.min(Math.max(retryAfterMs, 0), policy.maxDelayMs);
}

const DELTA_SECONDS_PATTERN = /^[0-9]+$/;
// Each of the three HTTP date formats starts with the name of the day. Checking it first keeps
// Date.parse, which in V8 reads '120.5' and '-5' as dates, away from malformed delta-seconds.
const HTTP_DATE_PATTERN = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/;

/**
 * Converts a Retry-After header, delta-seconds such as '120' or an HTTP date, into milliseconds
 * from `nowEpochMs` (wall-clock milliseconds since 1970). Returns undefined for a header that is
 * neither. A date in the past gives 0.
 */
export function parseRetryAfter(header: string, nowEpochMs: number): number | undefined {
  const text = header.trim();
  if (DELTA_SECONDS_PATTERN.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE_PATTERN.test(text)) return undefined;
  // The asctime format carries no zone but means GMT, where Date.parse would read local time.
  const date = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(date - nowEpochMs, 0);
}
