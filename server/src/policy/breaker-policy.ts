import { DEFAULT_FAILURE_OUTCOMES, OutcomeSet, OutcomeSpec } from './outcome.js';
import { parseDuration, parseRatio } from './units.js';

/** A circuit-breaker policy as the contract writes it (schema definition CircuitBreakerPolicy). */
export interface CircuitBreakerPolicySpec {
  readonly kind?: 'circuit-breaker';
  readonly description?: string | undefined;
  readonly consecutiveFailures?: number | undefined;
  readonly failureRate?: number | string | undefined;
  readonly window?: string | undefined;
  readonly windowCalls?: number | undefined;
  readonly minimumCalls?: number | undefined;
  readonly slowCallDuration?: string | undefined;
  readonly slowCallRate?: number | string | undefined;
  readonly openDuration?: string | undefined;
  readonly halfOpenProbes?: number | undefined;
  readonly failureOn?: readonly OutcomeSpec[] | undefined;
}

/**
 * A circuit-breaker policy with every default filled in, every duration in milliseconds and every
 * ratio as a number from 0 to 1. A trip condition the policy does not set is undefined.
 */
export interface CircuitBreakerPolicy {
  readonly consecutiveFailures: number | undefined;
  readonly failureRate: number | undefined;
  /** The count window, set when a rate is set and the policy has no time window. */
  readonly windowCalls: number | undefined;
  /** The time window, set when a rate is set and the policy writes window. */
  readonly windowMs: number | undefined;
  /** The minimum number of calls in the window before a rate can open the breaker. */
  readonly minimumCalls: number;
  readonly slowCallDurationMs: number | undefined;
  readonly slowCallRate: number | undefined;
  readonly openDurationMs: number;
  readonly halfOpenProbes: number;
  readonly failureOn: OutcomeSet;
}

/**
 * The count window of a rate when the policy writes neither window nor windowCalls.
 * NOTE: the schema states no default window; 100 calls is a choice made here.
 */
export const DEFAULT_WINDOW_CALLS = 100;

function invalid(property: string, value: unknown, expected: string): Error {
  const shown = JSON.stringify(value);
  return new Error(
    `Invalid circuit-breaker policy: ${property} is ${shown}, expected ${expected}.`,
  );
}

function positiveInteger(property: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw invalid(property, value, 'an integer of 1 or more');
  return value;
}

function optionalRatio(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : parseRatio(value);
}

function optionalDuration(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value);
}

/**
 * Fills in the schema's defaults (minimumCalls 10, openDuration 30s, halfOpenProbes 1, failureOn
 * 5xx, timeout and connection-error) and parses durations and ratios. Throws an Error that names
 * the problem when the policy sets no trip condition, both window kinds, or only one of
 * slowCallDuration and slowCallRate.
 */
export function normalizeBreakerPolicy(spec: CircuitBreakerPolicySpec): CircuitBreakerPolicy {
  if (spec.kind !== undefined && spec.kind !== 'circuit-breaker') {
    throw invalid('kind', spec.kind, "'circuit-breaker'");
  }
  const consecutiveFailures = positiveInteger('consecutiveFailures', spec.consecutiveFailures);
  const failureRate = optionalRatio(spec.failureRate);
  const slowCallRate = optionalRatio(spec.slowCallRate);
  const slowCallDurationMs = optionalDuration(spec.slowCallDuration);

  if (
    consecutiveFailures === undefined &&
    failureRate === undefined &&
    slowCallRate === undefined
  ) {
    throw new Error(
      'Invalid circuit-breaker policy: it sets no condition to open. ' +
        'Set consecutiveFailures, failureRate or slowCallRate.',
    );
  }
  if ((slowCallRate === undefined) !== (slowCallDurationMs === undefined)) {
    throw new Error(
      'Invalid circuit-breaker policy: slowCallDuration and slowCallRate work together. ' +
        'Set both of them or neither.',
    );
  }
  if (spec.window !== undefined && spec.windowCalls !== undefined) {
    throw new Error(
      `Invalid circuit-breaker policy: it sets both window (${spec.window}) and windowCalls ` +
        `(${spec.windowCalls}). Write one of them.`,
    );
  }

  const hasRate = failureRate !== undefined || slowCallRate !== undefined;
  const windowMs = hasRate ? optionalDuration(spec.window) : undefined;
  if (windowMs !== undefined && !(windowMs > 0))
    throw invalid('window', spec.window, 'a duration above 0');
  let windowCalls = hasRate ? positiveInteger('windowCalls', spec.windowCalls) : undefined;
  if (hasRate && windowMs === undefined && windowCalls === undefined)
    windowCalls = DEFAULT_WINDOW_CALLS;

  let minimumCalls = positiveInteger('minimumCalls', spec.minimumCalls) ?? 10;
  // A count window never contains more than windowCalls calls, so a larger minimum is never met.
  if (windowCalls !== undefined) minimumCalls = Math.min(minimumCalls, windowCalls);

  return {
    consecutiveFailures,
    failureRate,
    windowCalls,
    windowMs,
    minimumCalls,
    slowCallDurationMs,
    slowCallRate,
    openDurationMs: parseDuration(spec.openDuration ?? '30s'),
    halfOpenProbes: positiveInteger('halfOpenProbes', spec.halfOpenProbes) ?? 1,
    failureOn: new OutcomeSet(spec.failureOn ?? DEFAULT_FAILURE_OUTCOMES),
  };
}
