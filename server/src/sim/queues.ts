/**
 * Message queues: a maximum size that rejects or applies back-pressure, deliveries up to
 * maxDeliveries with a redelivery delay, an ack timeout, and a dead-letter queue for messages that
 * failed every delivery. A queue delivers each message as soon as it is accepted, because the
 * contract states no limit on how many messages a consumer handles at once.
 */
import { WaitQueue } from '../policy';
import type { Simulation } from './engine';
import { REDELIVER } from './event-kinds';
import { formatMs } from './gateway';
import { QueueMetrics } from './metrics';
import { outcomeText } from './outcomes';
import type { PlanQueue } from './plan';

const COUNTS_IN_DEPTH = 1;

export class Queues {
  readonly metrics: QueueMetrics[];
  /** Deliveries that wait for room in a full queue with back-pressure, per queue. */
  private readonly waiting: WaitQueue<number>[];
  private readonly queues: readonly PlanQueue[];

  constructor(private readonly sim: Simulation) {
    this.queues = sim.plan.queues;
    this.metrics = this.queues.map(() => new QueueMetrics());
    this.waiting = this.queues.map(() => new WaitQueue<number>());
  }

  enqueue(delivery: number): void {
    const sim = this.sim;
    const index = sim.calls.queue[delivery]!;
    const queue = this.queues[index]!;
    if (this.metrics[index]!.depth < queue.maxSize) return this.accept(delivery, index);
    if (queue.whenFull === 'backpressure') {
      this.waiting[index]!.push(delivery, sim.now);
      this.traceQueue(
        delivery,
        'backpressure',
        `queue is full (${queue.maxSize}); the publisher waits for room`,
      );
      return;
    }
    this.metrics[index]!.rejected++;
    this.traceQueue(
      delivery,
      'queue-full',
      `queue is full (${queue.maxSize}); the message is rejected`,
    );
    sim.bus.finish(delivery, false);
  }

  private accept(delivery: number, index: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const metrics = this.metrics[index]!;
    calls.holding[delivery] = COUNTS_IN_DEPTH;
    calls.startMs[delivery] = sim.now;
    metrics.enqueued++;
    metrics.changeDepth(sim.now, 1);
    this.traceQueue(delivery, 'enqueue', `depth ${metrics.depth}`);
    sim.bus.startHandling(delivery);
  }

  /** A consumer acknowledged the delivery. */
  ack(delivery: number): void {
    const sim = this.sim;
    const index = sim.calls.queue[delivery]!;
    const metrics = this.metrics[index]!;
    metrics.delivered++;
    metrics.latency.record(sim.now - sim.calls.startMs[delivery]!);
    if (sim.trace.active) {
      const consumer = sim.plan.services[sim.calls.service[delivery]!]!.name;
      this.emit(delivery, 'ack', consumer, `queue:${this.queues[index]!.name}`, undefined);
    }
    this.leave(delivery, index);
  }

  /**
   * A delivery failed. Returns true when the message will be delivered again, false when it has
   * failed every delivery and moved to the dead-letter queue.
   */
  nack(delivery: number): boolean {
    const sim = this.sim;
    const calls = sim.calls;
    const index = calls.queue[delivery]!;
    const queue = this.queues[index]!;
    if (calls.attempt[delivery]! < queue.maxDeliveries) {
      this.metrics[index]!.redeliveries++;
      if (sim.trace.active) {
        this.emit(
          delivery,
          'redeliver',
          `queue:${queue.name}`,
          `queue:${queue.name}`,
          `delivery ${calls.attempt[delivery]} failed; ` +
            `delivery ${calls.attempt[delivery]! + 1} in ${formatMs(queue.redeliveryDelayMs)}`,
          outcomeText(calls.outcome[delivery]!),
        );
      }
      sim.schedule(sim.now + queue.redeliveryDelayMs, REDELIVER, delivery);
      return true;
    }
    this.deadLetter(delivery, index);
    return false;
  }

  onRedeliver(delivery: number): void {
    this.sim.bus.startHandling(delivery);
  }

  private deadLetter(delivery: number, index: number): void {
    const sim = this.sim;
    const queue = this.queues[index]!;
    this.metrics[index]!.deadLettered++;
    this.leave(delivery, index);
    const target = queue.deadLetter;
    if (target < 0) {
      if (sim.trace.active)
        this.emit(
          delivery,
          'dropped',
          `queue:${queue.name}`,
          `queue:${queue.name}`,
          `failed ${queue.maxDeliveries} deliveries and the queue has no deadLetter`,
        );
      return;
    }
    const dead = this.queues[target]!;
    const deadMetrics = this.metrics[target]!;
    if (deadMetrics.depth >= dead.maxSize) {
      deadMetrics.rejected++;
      if (sim.trace.active)
        this.emit(
          delivery,
          'dropped',
          `queue:${queue.name}`,
          `queue:${dead.name}`,
          `dead-letter queue is full (${dead.maxSize})`,
        );
      return;
    }
    // NOTE: messages stay in a dead-letter queue; the simulator does not deliver them to its consumers.
    deadMetrics.enqueued++;
    deadMetrics.changeDepth(sim.now, 1);
    if (sim.trace.active)
      this.emit(
        delivery,
        'dead-letter',
        `queue:${queue.name}`,
        `queue:${dead.name}`,
        `failed ${queue.maxDeliveries} deliveries`,
      );
  }

  /** Takes a message out of the queue's depth and admits the oldest publisher waiting for room. */
  private leave(delivery: number, index: number): void {
    const sim = this.sim;
    sim.calls.holding[delivery] = 0;
    const metrics = this.metrics[index]!;
    metrics.changeDepth(sim.now, -1);
    const waiting = this.waiting[index]!;
    if (waiting.size > 0 && metrics.depth < this.queues[index]!.maxSize) {
      this.accept(waiting.shift()!, index);
    }
  }

  private traceQueue(
    delivery: number,
    kind: 'enqueue' | 'backpressure' | 'queue-full',
    detail: string,
  ): void {
    const sim = this.sim;
    if (!sim.trace.active) return;
    const calls = sim.calls;
    const send = calls.parent[delivery]!;
    const message = sim.plan.messages[calls.index[delivery]!]!;
    const producer = calls.isCurrent(send, calls.parentGeneration[delivery]!)
      ? calls.service[send]!
      : message.producer;
    const from = sim.bus.producerName(producer, message);
    this.emit(delivery, kind, from, `queue:${this.queues[calls.queue[delivery]!]!.name}`, detail);
  }

  private emit(
    delivery: number,
    kind:
      'enqueue' | 'backpressure' | 'queue-full' | 'ack' | 'redeliver' | 'dead-letter' | 'dropped',
    from: string,
    to: string,
    detail: string | undefined,
    outcome?: string,
  ): void {
    const sim = this.sim;
    const calls = sim.calls;
    const message = sim.plan.messages[calls.index[delivery]!]!;
    const queue = this.queues[calls.queue[delivery]!]!;
    sim.trace.emit({
      timeMs: sim.now,
      kind,
      from,
      to,
      label: message.name,
      id: calls.id[delivery]!,
      ...(calls.attempt[delivery]! > 0 ? { attempt: calls.attempt[delivery]! } : {}),
      ...(outcome === undefined ? {} : { outcome }),
      ...(detail === undefined ? {} : { detail }),
      source: queue.source,
    });
  }
}
