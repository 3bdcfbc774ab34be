import type { PolicySpec } from './policy-spec.js';
import { isDuration, parseDuration } from './units.js';

/** A timeout policy as the contract writes it (schema definition TimeoutPolicy). */
export interface TimeoutPolicySpec {
  readonly kind?: 'timeout';
  readonly description?: string | undefined;
  readonly duration: string;
}

export interface TimeoutPolicy {
  readonly durationMs: number;
}

/** Parses a timeout policy's duration. */
export function normalizeTimeoutPolicy(spec: TimeoutPolicySpec): TimeoutPolicy {
  if (spec.kind !== undefined && spec.kind !== 'timeout') {
    throw new Error(
      `Invalid timeout policy: kind is ${JSON.stringify(spec.kind)}, expected 'timeout'.`,
    );
  }
  return { durationMs: parseDuration(spec.duration) };
}

/** Finds a policy of the contract's policies section by name. */
export type PolicyLookup = (name: string) => PolicySpec | undefined;

/**
 * Resolves a timeout property, a Duration such as '2s' or the name of a timeout policy, into
 * milliseconds; Infinity when `value` is undefined. A value of Duration form is read as a duration
 * even if a policy has that name. Throws an Error when the name is unknown or names a policy of
 * another kind.
 */
export function resolveTimeout(value: string | undefined, lookup: PolicyLookup): number {
  if (value === undefined) return Infinity;
  if (isDuration(value)) return parseDuration(value);
  const policy = lookup(value);
  if (policy === undefined) {
    throw new Error(
      `Invalid timeout '${value}': it is neither a duration, such as 2s, nor the name of a policy.`,
    );
  }
  if (policy.kind !== 'timeout') {
    throw new Error(
      `Invalid timeout '${value}': policy '${value}' is a ${policy.kind} policy, ` +
        'expected a timeout policy or a duration such as 2s.',
    );
  }
  return normalizeTimeoutPolicy(policy).durationMs;
}

/** The timeout properties that apply to one call, each as the contract writes it. */
export interface TimeoutSources {
  /** A route's timeout: the whole call, retries included. */
  readonly routeTimeout?: string | undefined;
  /** The gateway's default for routes without a timeout. */
  readonly gatewayTimeout?: string | undefined;
  /** A gRPC method's timeout: one attempt. */
  readonly methodTimeout?: string | undefined;
  /** The service's default timeout of one attempt. */
  readonly serviceTimeout?: string | undefined;
}

/** The time limits of one call in milliseconds; Infinity where nothing sets one. */
export interface CallTimeouts {
  /** The whole call, retries and waits included. */
  readonly totalMs: number;
  /** One attempt, never longer than totalMs. */
  readonly attemptMs: number;
}

/**
 * Resolves a call's time limits: the total from the route's timeout or else the gateway's, and
 * one attempt's from the method's timeout or else the service's, shortened to the total.
 */
export function resolveCallTimeouts(sources: TimeoutSources, lookup: PolicyLookup): CallTimeouts {
  const totalMs = resolveTimeout(sources.routeTimeout ?? sources.gatewayTimeout, lookup);
  const attemptMs = resolveTimeout(sources.methodTimeout ?? sources.serviceTimeout, lookup);
  return { totalMs, attemptMs: Math.min(attemptMs, totalMs) };
}

/** Returns the time a call started at `startMs` with a limit of `timeoutMs` times out. */
export function deadlineOf(startMs: number, timeoutMs: number): number {
  return startMs + timeoutMs;
}

/**
 * Returns how long an attempt starting at `nowMs` may run: `attemptMs`, shortened to what remains
 * before `deadlineMs`. 0 when the deadline has passed; Infinity when nothing limits it.
 */
export function attemptTimeout(nowMs: number, attemptMs: number, deadlineMs: number): number {
  return Math.max(Math.min(attemptMs, deadlineMs - nowMs), 0);
}

/** Returns whether a call that started at `startMs` has run past `timeoutMs` by `nowMs`. */
export function hasTimedOut(startMs: number, nowMs: number, timeoutMs: number): boolean {
  return nowMs - startMs >= timeoutMs;
}
