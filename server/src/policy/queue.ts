/**
 * A first-in, first-out queue of waiters with the time each was queued, in a ring buffer that
 * grows by doubling, so push and shift take O(1) time and allocate nothing once it is large enough.
 * When every waiter has the same timeout, the oldest waiter is always the next to time out, so
 * expiry only ever looks at the front.
 */
export class WaitQueue<T> {
  private items: (T | undefined)[];
  private times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.items = new Array<T | undefined>(capacity).fill(undefined);
    this.times = new Float64Array(capacity);
  }

  /** The number of waiters. */
  get size(): number {
    return this.count;
  }

  /** Adds a waiter queued at `queuedAtMs` to the back. */
  push(item: T, queuedAtMs: number): void {
    if (this.count === this.items.length) this.grow();
    const index = (this.head + this.count) % this.items.length;
    this.items[index] = item;
    this.times[index] = queuedAtMs;
    this.count++;
  }

  /** Removes and returns the oldest waiter, or undefined when the queue is empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** Returns the oldest waiter without removing it, or undefined when the queue is empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Returns the time the oldest waiter was queued, or Infinity when the queue is empty. */
  oldestQueuedAt(): number {
    return this.count === 0 ? Infinity : (this.times[this.head] as number);
  }

  /**
   * Removes a waiter wherever it is, such as one whose call was aborted, in O(size) time.
   * Returns whether the waiter was in the queue.
   */
  remove(item: T): boolean {
    const capacity = this.items.length;
    for (let offset = 0; offset < this.count; offset++) {
      const index = (this.head + offset) % capacity;
      if (this.items[index] !== item) continue;
      for (let later = offset + 1; later < this.count; later++) {
        const from = (this.head + later) % capacity;
        const to = (from - 1 + capacity) % capacity;
        this.items[to] = this.items[from];
        this.times[to] = this.times[from] as number;
      }
      this.items[(this.head + this.count - 1) % capacity] = undefined;
      this.count--;
      return true;
    }
    return false;
  }

  private grow(): void {
    const capacity = this.items.length;
    const items = new Array<T | undefined>(capacity * 2).fill(undefined);
    const times = new Float64Array(capacity * 2);
    for (let offset = 0; offset < this.count; offset++) {
      const index = (this.head + offset) % capacity;
      items[offset] = this.items[index];
      times[offset] = this.times[index] as number;
    }
    this.items = items;
    this.times = times;
    this.head = 0;
  }
}
