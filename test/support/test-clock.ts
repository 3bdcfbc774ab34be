/** Clocks for generated code under test. */
import type { Clock } from '../../server/src/codegen/runtime/clock';
import { realTimer } from '../../server/src/codegen/runtime/clock';

/**
 * Real time for timers, but waits finish at once and move the clock forward by the waited time, so
 * backoff delays are recorded exactly and a breaker's open duration passes when `skip` is called.
 */
export class SkippingClock implements Clock {
  offsetMs = 0;
  readonly sleeps: number[] = [];

  now(): number {
    return performance.now() + this.offsetMs;
  }

  epochNow(): number {
    return Date.now() + this.offsetMs;
  }

  setTimer = realTimer;

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.offsetMs += ms;
    return Promise.resolve();
  }

  skip(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Virtual time: timers fire only when `advance` moves the clock past them. */
export class ManualClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void }> = [];

  now(): number {
    return this.time;
  }

  epochNow(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((item) => item !== timer);
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
