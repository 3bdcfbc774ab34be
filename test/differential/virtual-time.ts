/**
 * Virtual time shared by a generated client and a scripted HTTP server, so that real requests on
 * 127.0.0.1 take exactly the time a fault script gives. Timers fire in time order, but only once no
 * real I/O is in flight: every request, answer and abort holds a token from the moment it starts
 * until the other side has seen it, and the clock waits for all tokens to be returned.
 */
import type { CancelTimer, Clock } from '../../server/src/codegen/runtime/clock';
import { sleepWith } from '../../server/src/codegen/runtime/clock';
import { settle } from '../support/test-clock';

interface Timer {
  readonly atMs: number;
  /** Orders timers due at the same time by when they were set. */
  readonly order: number;
  readonly callback: () => void;
}

export class VirtualTime implements Clock {
  private timeMs = 0;
  private nextOrder = 0;
  private timers: Timer[] = [];
  private readonly inFlight = new Set<string>();
  private idleWaiters: Array<() => void> = [];

  now(): number {
    return this.timeMs;
  }

  epochNow(): number {
    return this.timeMs;
  }

  setTimer(callback: () => void, ms: number): CancelTimer {
    if (ms === Infinity) return () => undefined;
    const timer = { atMs: this.timeMs + ms, order: this.nextOrder++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((item) => item !== timer);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith((callback, delay) => this.setTimer(callback, delay), ms, signal);
  }

  /** Marks real I/O, such as a request on its way to the server, as in flight. */
  begin(token: string): void {
    this.inFlight.add(token);
  }

  /** Marks I/O as arrived. The clock moves on once nothing is in flight. */
  end(token: string): void {
    this.inFlight.delete(token);
    if (this.inFlight.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** Fires every timer in time order, each once all I/O has arrived, until none is left. */
  async run(): Promise<void> {
    for (;;) {
      await this.quiet();
      const next = this.earliest();
      if (next === undefined) return;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.timeMs = next.atMs;
      next.callback();
    }
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (best === undefined || timer.atMs < best.atMs) best = timer;
      else if (timer.atMs === best.atMs && timer.order < best.order) best = timer;
    }
    return best;
  }

  /** Resolves when no I/O is in flight and the promise callbacks it led to have run. */
  private async quiet(): Promise<void> {
    for (;;) {
      await settle();
      if (this.inFlight.size === 0) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }
}
