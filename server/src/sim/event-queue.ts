/**
 * The simulator's pending events: a binary min-heap ordered by time, then by the order events were
 * scheduled, so events at the same virtual time run first-scheduled first and every run of the same
 * plan and seed processes them in the same order. Events live in parallel typed arrays that grow by
 * doubling, so scheduling allocates nothing once the heap is large enough.
 */
export class EventQueue {
  private times = new Float64Array(1024);
  private orders = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private slots = new Int32Array(1024);
  private generations = new Int32Array(1024);
  private count = 0;
  private scheduled = 0;

  /** The number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Schedules an event of `kind` for call slot `slot` at `timeMs`. */
  push(timeMs: number, kind: number, slot: number, generation: number): void {
    if (this.count === this.times.length) this.grow();
    let index = this.count++;
    const order = this.scheduled++;
    // Sift up: move parents that come later down until the new event's place is found.
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(timeMs, order, parent)) break;
      this.move(parent, index);
      index = parent;
    }
    this.set(index, timeMs, order, kind, slot, generation);
  }

  /** Stores the fields of the earliest event in `out` without removing it. Returns false when none is pending. */
  peek(out: PoppedEvent): boolean {
    if (this.count === 0) return false;
    out.timeMs = this.times[0] as number;
    out.kind = this.kinds[0] as number;
    out.slot = this.slots[0] as number;
    out.generation = this.generations[0] as number;
    return true;
  }

  /**
   * Removes the earliest event and stores its fields in `out`. Returns false when no event is
   * pending.
   */
  pop(out: PoppedEvent): boolean {
    if (this.count === 0) return false;
    out.timeMs = this.times[0] as number;
    out.kind = this.kinds[0] as number;
    out.slot = this.slots[0] as number;
    out.generation = this.generations[0] as number;
    const last = --this.count;
    if (last > 0) this.siftDown(last);
    return true;
  }

  private siftDown(last: number): void {
    const time = this.times[last] as number;
    const order = this.orders[last] as number;
    const kind = this.kinds[last] as number;
    const slot = this.slots[last] as number;
    const generation = this.generations[last] as number;
    let index = 0;
    const half = this.count >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < this.count && this.earlier(right, child)) child = right;
      const childTime = this.times[child] as number;
      const childFirst =
        childTime < time || (childTime === time && (this.orders[child] as number) < order);
      if (!childFirst) break;
      this.move(child, index);
      index = child;
    }
    this.set(index, time, order, kind, slot, generation);
  }

  /** Whether an event at (time, order) comes before the event at `index`. */
  private before(time: number, order: number, index: number): boolean {
    const other = this.times[index] as number;
    return time < other || (time === other && order < (this.orders[index] as number));
  }

  private earlier(a: number, b: number): boolean {
    const timeA = this.times[a] as number;
    const timeB = this.times[b] as number;
    return (
      timeA < timeB || (timeA === timeB && (this.orders[a] as number) < (this.orders[b] as number))
    );
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.orders[to] = this.orders[from] as number;
    this.kinds[to] = this.kinds[from] as number;
    this.slots[to] = this.slots[from] as number;
    this.generations[to] = this.generations[from] as number;
  }

  private set(
    index: number,
    time: number,
    order: number,
    kind: number,
    slot: number,
    generation: number,
  ): void {
    this.times[index] = time;
    this.orders[index] = order;
    this.kinds[index] = kind;
    this.slots[index] = slot;
    this.generations[index] = generation;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    this.times = copyInto(new Float64Array(capacity), this.times);
    this.orders = copyInto(new Float64Array(capacity), this.orders);
    this.kinds = copyInto(new Uint8Array(capacity), this.kinds);
    this.slots = copyInto(new Int32Array(capacity), this.slots);
    this.generations = copyInto(new Int32Array(capacity), this.generations);
  }
}

/** The fields of an event taken from the queue; one object is reused for every event. */
export interface PoppedEvent {
  timeMs: number;
  kind: number;
  slot: number;
  generation: number;
}

function copyInto<T extends Float64Array | Uint8Array | Int32Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
