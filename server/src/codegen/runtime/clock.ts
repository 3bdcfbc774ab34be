/**
 * The clock of generated clients and the bus. Policies read time only through it, so a test can
 * inject a clock whose waits finish at once and whose time moves forward by the waited amount.
 */

/** Cancels a timer; calling it after the timer fired does nothing. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds on a clock that never goes back, for durations and policy state. */
  now(): number;
  /** Milliseconds since 1970 on the wall clock, for Retry-After dates. */
  epochNow(): number;
  /** Calls `callback` after `ms` milliseconds. */
  setTimer(callback: () => void, ms: number): CancelTimer;
  /**
   * Resolves after `ms` milliseconds, or rejects with the signal's reason when the signal aborts
   * first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The largest delay setTimeout accepts (2^31 - 1 ms); longer timers would fire at once. */
const MAX_TIMER_MS = 2147483647;

/** Calls `callback` after `ms` milliseconds of real time; Infinity never fires. */
export function realTimer(callback: () => void, ms: number): CancelTimer {
  if (ms === Infinity) return () => undefined;
  const handle = setTimeout(callback, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  return () => clearTimeout(handle);
}

/** Waits on `setTimer`, and stops waiting with the signal's reason when it aborts. */
export function sleepWith(
  setTimer: (callback: () => void, ms: number) => CancelTimer,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The clock of the running process: performance.now, Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => performance.now(),
  epochNow: () => Date.now(),
  setTimer: realTimer,
  sleep: (ms, signal) => sleepWith(realTimer, ms, signal),
};
