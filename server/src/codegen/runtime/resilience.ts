/**
 * Runs one logical call through the contract's policies in the order the simulator applies them:
 * the bulkhead around the whole call, then the retry policy, then per attempt the circuit breaker
 * and the attempt's timeout. The policy objects are the ones in ../policy, with this clock.
 */
import { CircuitBreaker, type CircuitState } from '../../policy/breaker.js';
import {
  normalizeBreakerPolicy,
  type CircuitBreakerPolicySpec,
} from '../../policy/breaker-policy.js';
import {
  Bulkhead,
  normalizeBulkheadPolicy,
  type BulkheadPolicySpec,
} from '../../policy/bulkhead.js';
import type { Outcome } from '../../policy/outcome.js';
import { WaitQueue } from '../../policy/queue.js';
import type { RandomSource } from '../../policy/random.js';
import { NO_RETRY, RetryContext } from '../../policy/retry-context.js';
import {
  normalizeRetryPolicy,
  type RetryPolicy,
  type RetryPolicySpec,
} from '../../policy/retry.js';
import { attemptTimeout } from '../../policy/timeout.js';
import type { Clock } from './clock.js';
import { BulkheadFullError, CircuitOpenError, TimeoutError } from './errors.js';
import type { MetricsHooks } from './metrics.js';

/** A policy of the contract by name, as written there. */
export interface NamedPolicy<Spec> {
  readonly name: string;
  readonly spec: Spec;
}

/** The policies of one route or method, as the generator resolved them from the contract. */
export interface CallPolicySpec {
  /** The route or method name, for metrics and errors. */
  readonly name: string;
  readonly retry?: NamedPolicy<RetryPolicySpec>;
  readonly breaker?: NamedPolicy<CircuitBreakerPolicySpec>;
  readonly bulkhead?: NamedPolicy<BulkheadPolicySpec>;
  /** The whole call, retries and waits included, in milliseconds; Infinity for none. */
  readonly totalTimeoutMs: number;
  /** One attempt, in milliseconds; Infinity for none. */
  readonly attemptTimeoutMs: number;
}

/** The result of one attempt: `value` on success, `error` on failure. */
export interface AttemptResult<T> {
  readonly outcome: Outcome;
  readonly failed: boolean;
  readonly value?: T;
  readonly error?: unknown;
  /** The Retry-After header converted to milliseconds from now, when the response had one. */
  readonly retryAfterMs?: number;
}

/** Runs one attempt; `signal` aborts when the attempt times out or the caller cancels. */
export type Attempt<T> = (signal: AbortSignal, attempt: number) => Promise<AttemptResult<T>>;

/** Builds the error thrown when an attempt timed out and no retry follows. */
export type TimeoutErrorFactory = (timeoutMs: number) => unknown;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** A bulkhead whose queued calls wait as promises, rejected when their queueTimeout passes. */
export class BulkheadGate {
  private readonly bulkhead: Bulkhead;
  private readonly waiters = new WaitQueue<Waiter>();

  constructor(
    readonly name: string,
    spec: BulkheadPolicySpec,
    private readonly clock: Clock,
  ) {
    this.bulkhead = new Bulkhead(normalizeBulkheadPolicy(spec));
  }

  /** The calls that hold a slot. */
  get active(): number {
    return this.bulkhead.active;
  }

  /** Takes a slot, waiting in the queue when all are taken; rejects when the queue is full too. */
  enter(call: string, signal?: AbortSignal): Promise<void> {
    const admission = this.bulkhead.acquire();
    if (admission === 'acquired') return Promise.resolve();
    if (admission === 'rejected') return Promise.reject(new BulkheadFullError(call, this.name));
    return new Promise<void>((resolve, reject) => {
      const leave = (error: unknown): void => {
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
        if (this.waiters.remove(waiter)) {
          this.bulkhead.leaveQueue();
          reject(error);
        }
      };
      const onAbort = (): void => leave(signal?.reason);
      const waiter: Waiter = {
        resolve: () => {
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      this.waiters.push(waiter, this.clock.now());
      const queueTimeoutMs = this.bulkhead.policy.queueTimeoutMs;
      const cancelTimer = this.clock.setTimer(
        () => leave(new BulkheadFullError(call, this.name)),
        queueTimeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Frees the slot of a call that ended, handing it to the oldest queued call. */
  leave(): void {
    if (this.bulkhead.release()) this.waiters.shift()?.resolve();
  }
}

/** The shared policy state of one client: breakers and bulkheads by service and policy name. */
export class PolicyState {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly bulkheads = new Map<string, BulkheadGate>();
  private readonly retries = new Map<string, RetryPolicy>();

  constructor(
    readonly clock: Clock,
    readonly random: RandomSource,
    readonly hooks: MetricsHooks,
  ) {}

  /** Returns the breaker of a policy, one per client, created on first use. */
  breaker(policy: NamedPolicy<CircuitBreakerPolicySpec>): CircuitBreaker {
    let breaker = this.breakers.get(policy.name);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(normalizeBreakerPolicy(policy.spec), {
        onTransition: (from: CircuitState, to: CircuitState, atMs: number) =>
          this.hooks.onBreakerTransition?.(policy.name, from, to, atMs),
      });
      this.breakers.set(policy.name, breaker);
    }
    return breaker;
  }

  /** Returns the bulkhead of a policy, one per client, created on first use. */
  bulkhead(policy: NamedPolicy<BulkheadPolicySpec>): BulkheadGate {
    let gate = this.bulkheads.get(policy.name);
    if (gate === undefined) {
      gate = new BulkheadGate(policy.name, policy.spec, this.clock);
      this.bulkheads.set(policy.name, gate);
    }
    return gate;
  }

  /** Returns a retry policy with its defaults filled in, normalized once. */
  retry(policy: NamedPolicy<RetryPolicySpec>): RetryPolicy {
    let normalized = this.retries.get(policy.name);
    if (normalized === undefined) {
      normalized = normalizeRetryPolicy(policy.spec);
      this.retries.set(policy.name, normalized);
    }
    return normalized;
  }
}

/**
 * Runs `attempt` under the policies of `spec` and returns its value, or throws the error of the
 * last attempt. A caller's abort stops the call at once with the signal's reason.
 */
export async function runWithPolicies<T>(
  state: PolicyState,
  spec: CallPolicySpec,
  attempt: Attempt<T>,
  timeoutError: TimeoutErrorFactory,
  signal?: AbortSignal,
): Promise<T> {
  const clock = state.clock;
  const startMs = clock.now();
  const gate = spec.bulkhead === undefined ? undefined : state.bulkhead(spec.bulkhead);
  let attempts = 0;
  let last: AttemptResult<T> | undefined;
  try {
    if (gate !== undefined) await gate.enter(spec.name, signal);
    try {
      const result = await runAttempts(state, spec, attempt, timeoutError, startMs, signal);
      attempts = result.attempts;
      last = result.last;
    } finally {
      gate?.leave();
    }
  } catch (error) {
    const outcome = (error as { outcome?: Outcome }).outcome ?? 'connection-error';
    report(
      state,
      spec.name,
      { outcome, failed: true },
      clock.now() - startMs,
      Math.max(attempts, 1),
    );
    throw error;
  }
  report(state, spec.name, last, clock.now() - startMs, attempts);
  if (last.failed) throw last.error;
  return last.value as T;
}

function report(
  state: PolicyState,
  key: string,
  result: Pick<AttemptResult<unknown>, 'outcome' | 'failed'>,
  durationMs: number,
  attempts: number,
): void {
  state.hooks.onCall?.({
    key,
    outcome: result.outcome,
    failed: result.failed,
    durationMs,
    attempts,
  });
}

async function runAttempts<T>(
  state: PolicyState,
  spec: CallPolicySpec,
  attempt: Attempt<T>,
  timeoutError: TimeoutErrorFactory,
  startMs: number,
  signal: AbortSignal | undefined,
): Promise<{ last: AttemptResult<T>; attempts: number }> {
  const clock = state.clock;
  const deadlineMs = startMs + spec.totalTimeoutMs;
  const breaker = spec.breaker === undefined ? undefined : state.breaker(spec.breaker);
  const retry =
    spec.retry === undefined ? undefined : new RetryContext(state.retry(spec.retry), state.random);
  retry?.start(startMs, deadlineMs);

  for (let number = 1; ; number++) {
    const attemptStart = clock.now();
    if (breaker !== undefined && !breaker.tryAcquire(attemptStart)) {
      throw new CircuitOpenError(spec.name, spec.breaker?.name ?? '');
    }
    const limitMs =
      retry === undefined
        ? attemptTimeout(attemptStart, spec.attemptTimeoutMs, deadlineMs)
        : retry.attemptTimeout(attemptStart, spec.attemptTimeoutMs);
    let result: AttemptResult<T>;
    try {
      result = await runOneAttempt(clock, attempt, number, limitMs, signal);
    } catch (error) {
      // A cancelled call or an unreadable response tells nothing about the service's health.
      breaker?.onIgnored(clock.now());
      throw error;
    }
    if (result.outcome === 'timeout') result = { ...result, error: timeoutError(limitMs) };
    const endMs = clock.now();
    breaker?.onOutcome(endMs, result.outcome, endMs - attemptStart);
    if (!result.failed) return { last: result, attempts: number };

    const delay =
      retry === undefined ? NO_RETRY : retry.next(result.outcome, endMs, result.retryAfterMs);
    if (delay === NO_RETRY) return { last: result, attempts: number };
    state.hooks.onRetry?.(spec.name, number, delay, result.outcome);
    await clock.sleep(delay, signal);
  }
}

/**
 * Runs one attempt with its own abort signal, aborted after `limitMs` or when the caller's signal
 * aborts. A caller's abort rejects with the caller's reason, which the retry loop does not catch.
 */
async function runOneAttempt<T>(
  clock: Clock,
  attempt: Attempt<T>,
  number: number,
  limitMs: number,
  signal: AbortSignal | undefined,
): Promise<AttemptResult<T>> {
  if (signal?.aborted === true) throw signal.reason;
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.setTimer(() => {
    timedOut = true;
    controller.abort(new TimeoutError('attempt', limitMs));
  }, limitMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await attempt(controller.signal, number);
    if (timedOut) return { outcome: 'timeout', failed: true };
    return result;
  } catch (error) {
    if (isAborted(signal)) throw signal?.reason;
    if (timedOut) return { outcome: 'timeout', failed: true, error };
    throw error;
  } finally {
    cancelTimer();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Reads the signal through a call, so that a check after an await is not narrowed away. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
