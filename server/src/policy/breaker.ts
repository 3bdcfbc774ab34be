import type { CircuitBreakerPolicy } from './breaker-policy.js';
import { isLocalOutcome, Outcome } from './outcome.js';
import { CallWindow, CountWindow, DEFAULT_TIME_BUCKETS, TimeWindow } from './window.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Called on every change of state; `atMs` is the time of the change on the breaker's clock. */
export type TransitionListener = (from: CircuitState, to: CircuitState, atMs: number) => void;

export interface CircuitBreakerOptions {
  readonly onTransition?: TransitionListener;
  /** The number of buckets a time window is split into; more buckets slide more smoothly. */
  readonly timeBuckets?: number;
}

/**
 * A circuit breaker. Closed, it lets calls through and counts failures. Open, it fails calls at
 * once. After openDuration it is half-open and lets at most halfOpenProbes probe calls through:
 * that many successful probes close it, and any failed probe opens it again.
 *
 * The breaker reads no clock: every method takes `nowMs`, milliseconds on the caller's clock, which
 * must not go back. The change from open to half-open happens when a method first observes that
 * openDuration has passed, and is reported at the time openDuration ended.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private openUntil = 0;
  private consecutiveFailures = 0;
  private probesStarted = 0;
  private probesSucceeded = 0;
  private readonly window: CallWindow | undefined;
  private readonly onTransition: TransitionListener | undefined;

  constructor(
    readonly policy: CircuitBreakerPolicy,
    options: CircuitBreakerOptions = {},
  ) {
    this.onTransition = options.onTransition;
    if (policy.windowMs !== undefined) {
      this.window = new TimeWindow(policy.windowMs, options.timeBuckets ?? DEFAULT_TIME_BUCKETS);
    } else if (policy.windowCalls !== undefined) {
      this.window = new CountWindow(policy.windowCalls);
    }
  }

  /** Returns the state at `nowMs`. */
  state(nowMs: number): CircuitState {
    this.refresh(nowMs);
    return this.current;
  }

  /** The time the breaker stops being open, while it is open. */
  get openUntilMs(): number {
    return this.openUntil;
  }

  /**
   * Asks to start a call at `nowMs`. Returns false when the call must fail fast: the breaker is
   * open, or half-open with every probe permit already given. A true return while half-open uses
   * one probe permit, so the caller must report the call's result or call onIgnored.
   */
  tryAcquire(nowMs: number): boolean {
    this.refresh(nowMs);
    if (this.current === 'closed') return true;
    if (this.current === 'open' || this.probesStarted >= this.policy.halfOpenProbes) return false;
    this.probesStarted++;
    return true;
  }

  /**
   * Reports a call result by its outcome: failureOn decides whether it counts as a failure. A local
   * outcome ('circuit-open', 'bulkhead-full') never reached the service and counts as neither.
   */
  onOutcome(nowMs: number, outcome: Outcome, durationMs: number): void {
    if (isLocalOutcome(outcome)) this.onIgnored(nowMs);
    else if (this.policy.failureOn.has(outcome)) this.onFailure(nowMs, durationMs);
    else this.onSuccess(nowMs, durationMs);
  }

  /** Reports a call that succeeded after `durationMs`. */
  onSuccess(nowMs: number, durationMs: number): void {
    this.refresh(nowMs);
    if (this.current === 'closed') {
      this.consecutiveFailures = 0;
      this.recordInWindow(nowMs, false, durationMs);
    } else if (this.current === 'half-open' && this.hasProbeInFlight()) {
      this.probesSucceeded++;
      if (this.probesSucceeded >= this.policy.halfOpenProbes) this.close(nowMs);
    }
    // While open, a result is from a call started before the breaker opened and is not counted.
  }

  /** Reports a call that failed after `durationMs`. */
  onFailure(nowMs: number, durationMs: number): void {
    this.refresh(nowMs);
    if (this.current === 'closed') {
      this.consecutiveFailures++;
      const threshold = this.policy.consecutiveFailures;
      if (threshold !== undefined && this.consecutiveFailures >= threshold) {
        this.open(nowMs);
        return;
      }
      this.recordInWindow(nowMs, true, durationMs);
    } else if (this.current === 'half-open' && this.hasProbeInFlight()) {
      this.open(nowMs);
    }
  }

  /**
   * Returns the probe permit of an acquired call whose result does not count, such as a call that
   * was cancelled or rejected by a bulkhead before it reached the service.
   */
  onIgnored(nowMs: number): void {
    this.refresh(nowMs);
    if (this.current === 'half-open' && this.hasProbeInFlight()) this.probesStarted--;
  }

  // NOTE: results are not tied to the permits that started them, so while half-open a late result
  // of a call started when the breaker was closed counts as a probe result if a probe is in flight.
  private hasProbeInFlight(): boolean {
    return this.probesStarted > this.probesSucceeded;
  }

  private recordInWindow(nowMs: number, failed: boolean, durationMs: number): void {
    const window = this.window;
    if (window === undefined) return;
    const slowCallDurationMs = this.policy.slowCallDurationMs;
    const slow = slowCallDurationMs !== undefined && durationMs > slowCallDurationMs;
    window.record(nowMs, failed, slow);
    if (this.exceedsRate(window)) this.open(nowMs);
  }

  private exceedsRate(window: CallWindow): boolean {
    const { failureRate, slowCallRate, minimumCalls } = this.policy;
    if (window.calls < minimumCalls) return false;
    // Division keeps 7 of 50 equal to a rate of 0.14, where 0.14 * 50 is 7.000000000000001.
    if (failureRate !== undefined && window.failures > 0) {
      if (window.failures / window.calls >= failureRate) return true;
    }
    if (slowCallRate !== undefined && window.slowCalls > 0) {
      if (window.slowCalls / window.calls >= slowCallRate) return true;
    }
    return false;
  }

  private refresh(nowMs: number): void {
    if (this.current === 'open' && nowMs >= this.openUntil) {
      this.probesStarted = 0;
      this.probesSucceeded = 0;
      this.moveTo('half-open', this.openUntil);
    }
  }

  private open(nowMs: number): void {
    this.openUntil = nowMs + this.policy.openDurationMs;
    this.moveTo('open', nowMs);
  }

  private close(nowMs: number): void {
    this.consecutiveFailures = 0;
    this.window?.reset();
    this.moveTo('closed', nowMs);
  }

  private moveTo(next: CircuitState, atMs: number): void {
    const previous = this.current;
    this.current = next;
    this.onTransition?.(previous, next, atMs);
  }
}
