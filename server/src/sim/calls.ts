/**
 * The records of work in flight: gateway requests, message sends and deliveries. Fields live in
 * parallel typed arrays indexed by slot, and freed slots are reused, so memory grows with the work
 * in flight and not with the number of messages simulated. A slot's generation changes when it is
 * freed, so an event scheduled for an earlier use of the slot is recognised and skipped.
 */
import type { RetryContext } from '../policy';

export const REQUEST = 1;
export const SEND = 2;
export const DELIVERY = 3;

/** Outcomes that are not HTTP statuses, encoded as negative numbers in `outcome`. */
export const TIMEOUT = -1;
export const CONNECTION_ERROR = -2;
export const CIRCUIT_OPEN = -3;
export const BULKHEAD_FULL = -4;

export class CallTable {
  generation = new Int32Array(256);
  kind = new Uint8Array(256);
  /** The route of a request, or the message of a send or delivery. */
  index = new Int32Array(256);
  service = new Int32Array(256);
  client = new Int32Array(256);
  /** For a delivery: the send it belongs to. */
  parent = new Int32Array(256);
  parentGeneration = new Int32Array(256);
  queue = new Int32Array(256);
  /** Attempts of a request, or deliveries of a delivery, the first included. */
  attempt = new Int32Array(256);
  /** For a send: the deliveries that have not ended yet. */
  pending = new Int32Array(256);
  /** How many sends led to this one; the entry is 0. */
  depth = new Int32Array(256);
  failed = new Uint8Array(256);
  /** Whether a request holds a bulkhead slot, or a delivery counts in its queue's depth. */
  holding = new Uint8Array(256);
  outcome = new Int32Array(256);
  instance = new Int32Array(256);
  startMs = new Float64Array(256);
  attemptStartMs = new Float64Array(256);
  /** The correlation id shown in the trace; sequential from 1. */
  id = new Float64Array(256);
  retry: (RetryContext | undefined)[] = new Array<RetryContext | undefined>(256).fill(undefined);
  /** The slots in use. */
  inUse = 0;
  private free = new Int32Array(256);
  private freeCount = 0;
  private used = 0;
  private nextId = 1;

  /**
   * Takes a free slot for a call of `kind` that starts at `nowMs`, and returns it. The call gets
   * correlation id `id`, or the next free id when `id` is 0.
   */
  allocate(kind: number, index: number, nowMs: number, id = 0): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      if (this.used === this.kind.length) this.grow();
      slot = this.used++;
    }
    this.inUse++;
    this.kind[slot] = kind;
    this.index[slot] = index;
    this.service[slot] = -1;
    this.client[slot] = 0;
    this.parent[slot] = -1;
    this.queue[slot] = -1;
    this.attempt[slot] = 0;
    this.pending[slot] = 0;
    this.depth[slot] = 0;
    this.failed[slot] = 0;
    this.holding[slot] = 0;
    this.outcome[slot] = 0;
    this.instance[slot] = 0;
    this.startMs[slot] = nowMs;
    this.attemptStartMs[slot] = nowMs;
    this.id[slot] = id === 0 ? this.nextId++ : id;
    return slot;
  }

  /** Frees a slot; events still scheduled for it are then skipped. */
  release(slot: number): void {
    this.generation[slot] = (this.generation[slot]! + 1) | 0;
    this.kind[slot] = 0;
    this.retry[slot] = undefined;
    this.free[this.freeCount++] = slot;
    this.inUse--;
  }

  /** Whether an event scheduled with `generation` still belongs to the slot's current use. */
  isCurrent(slot: number, generation: number): boolean {
    return this.generation[slot] === generation && this.kind[slot] !== 0;
  }

  private grow(): void {
    const capacity = this.kind.length * 2;
    this.generation = grown(this.generation, new Int32Array(capacity));
    this.kind = grown(this.kind, new Uint8Array(capacity));
    this.index = grown(this.index, new Int32Array(capacity));
    this.service = grown(this.service, new Int32Array(capacity));
    this.client = grown(this.client, new Int32Array(capacity));
    this.parent = grown(this.parent, new Int32Array(capacity));
    this.parentGeneration = grown(this.parentGeneration, new Int32Array(capacity));
    this.queue = grown(this.queue, new Int32Array(capacity));
    this.attempt = grown(this.attempt, new Int32Array(capacity));
    this.pending = grown(this.pending, new Int32Array(capacity));
    this.depth = grown(this.depth, new Int32Array(capacity));
    this.failed = grown(this.failed, new Uint8Array(capacity));
    this.holding = grown(this.holding, new Uint8Array(capacity));
    this.outcome = grown(this.outcome, new Int32Array(capacity));
    this.instance = grown(this.instance, new Int32Array(capacity));
    this.startMs = grown(this.startMs, new Float64Array(capacity));
    this.attemptStartMs = grown(this.attemptStartMs, new Float64Array(capacity));
    this.id = grown(this.id, new Float64Array(capacity));
    this.free = grown(this.free, new Int32Array(capacity));
    const retry = new Array<RetryContext | undefined>(capacity).fill(undefined);
    for (let slot = 0; slot < this.retry.length; slot++) retry[slot] = this.retry[slot];
    this.retry = retry;
  }
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(source: T, target: T): T {
  target.set(source as never);
  return target;
}
