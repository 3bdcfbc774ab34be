/**
 * Sliding windows of recent call results for a circuit breaker's failure and slow-call rates.
 * Both record a call in O(1) time and keep a fixed amount of memory.
 */
export interface CallWindow {
  /** The calls in the window. */
  readonly calls: number;
  /** The calls in the window that failed. */
  readonly failures: number;
  /** The calls in the window that took longer than the slow-call duration. */
  readonly slowCalls: number;
  /** Adds the result of a call that ended at `nowMs`, dropping calls that left the window. */
  record(nowMs: number, failed: boolean, slow: boolean): void;
  /** Empties the window. */
  reset(): void;
}

const FAILED = 1;
const SLOW = 2;

/** The last `size` calls, kept as one flag byte each in a ring buffer. */
export class CountWindow implements CallWindow {
  calls = 0;
  failures = 0;
  slowCalls = 0;
  private readonly flags: Uint8Array;
  private nextIndex = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Invalid window size ${size}: expected an integer of 1 or more.`);
    }
    this.flags = new Uint8Array(size);
  }

  record(_nowMs: number, failed: boolean, slow: boolean): void {
    if (this.calls === this.size) {
      const oldest = this.flags[this.nextIndex] as number;
      if ((oldest & FAILED) !== 0) this.failures--;
      if ((oldest & SLOW) !== 0) this.slowCalls--;
    } else {
      this.calls++;
    }
    this.flags[this.nextIndex] = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    if (failed) this.failures++;
    if (slow) this.slowCalls++;
    this.nextIndex = this.nextIndex + 1 === this.size ? 0 : this.nextIndex + 1;
  }

  reset(): void {
    this.flags.fill(0);
    this.nextIndex = 0;
    this.calls = 0;
    this.failures = 0;
    this.slowCalls = 0;
  }
}

/** The default number of buckets a time window is split into. */
export const DEFAULT_TIME_BUCKETS = 10;

/**
 * The calls of the last `durationMs` milliseconds, counted in `bucketCount` buckets of
 * durationMs / bucketCount each. A call leaves the window with its whole bucket, so every call of
 * the last durationMs - durationMs / bucketCount counts and no call older than durationMs does.
 * A clock that goes back records into the current bucket.
 */
export class TimeWindow implements CallWindow {
  calls = 0;
  failures = 0;
  slowCalls = 0;
  readonly bucketMs: number;
  // Float64Array because a bucket of a long window at a high rate can pass 2^31 calls.
  private readonly bucketCalls: Float64Array;
  private readonly bucketFailures: Float64Array;
  private readonly bucketSlowCalls: Float64Array;
  /** The number of the newest bucket, floor(time / bucketMs). */
  private currentBucket = -Infinity;

  constructor(
    readonly durationMs: number,
    readonly bucketCount = DEFAULT_TIME_BUCKETS,
  ) {
    if (!(durationMs > 0) || durationMs === Infinity) {
      throw new RangeError(`Invalid window ${durationMs} ms: expected a finite duration above 0.`);
    }
    if (!Number.isInteger(bucketCount) || bucketCount < 1) {
      throw new RangeError(
        `Invalid bucket count ${bucketCount}: expected an integer of 1 or more.`,
      );
    }
    this.bucketMs = durationMs / bucketCount;
    this.bucketCalls = new Float64Array(bucketCount);
    this.bucketFailures = new Float64Array(bucketCount);
    this.bucketSlowCalls = new Float64Array(bucketCount);
  }

  record(nowMs: number, failed: boolean, slow: boolean): void {
    this.advance(nowMs);
    const slot = this.slotOf(this.currentBucket);
    this.bucketCalls[slot] = (this.bucketCalls[slot] as number) + 1;
    this.calls++;
    if (failed) {
      this.bucketFailures[slot] = (this.bucketFailures[slot] as number) + 1;
      this.failures++;
    }
    if (slow) {
      this.bucketSlowCalls[slot] = (this.bucketSlowCalls[slot] as number) + 1;
      this.slowCalls++;
    }
  }

  /** Drops the buckets that left the window by `nowMs`; at most bucketCount of them per call. */
  advance(nowMs: number): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    if (bucket <= this.currentBucket) return;
    if (bucket - this.currentBucket >= this.bucketCount) {
      this.reset();
    } else {
      for (let passed = this.currentBucket + 1; passed <= bucket; passed++) {
        this.clearSlot(this.slotOf(passed));
      }
    }
    this.currentBucket = bucket;
  }

  reset(): void {
    this.bucketCalls.fill(0);
    this.bucketFailures.fill(0);
    this.bucketSlowCalls.fill(0);
    this.calls = 0;
    this.failures = 0;
    this.slowCalls = 0;
    this.currentBucket = -Infinity;
  }

  private slotOf(bucket: number): number {
    const slot = bucket % this.bucketCount;
    return slot < 0 ? slot + this.bucketCount : slot;
  }

  private clearSlot(slot: number): void {
    this.calls -= this.bucketCalls[slot] as number;
    this.failures -= this.bucketFailures[slot] as number;
    this.slowCalls -= this.bucketSlowCalls[slot] as number;
    this.bucketCalls[slot] = 0;
    this.bucketFailures[slot] = 0;
    this.bucketSlowCalls[slot] = 0;
  }
}
