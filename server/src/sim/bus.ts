/**
 * The in-process message bus: sends commands and queries to their one handler and waits for the
 * reply by correlation id until replyTimeout, fans events out to every subscriber except the
 * publisher, and carries messages that name a queue through it. After a receiver handles a
 * message it sends the message's reply and the messages listed in its `sends`.
 */
import { CONNECTION_ERROR, DELIVERY, SEND, TIMEOUT } from './calls';
import type { Simulation } from './engine';
import { HANDLE_END, REPLY_TIMEOUT } from './event-kinds';
import { formatMs } from './gateway';
import { CallMetrics } from './metrics';
import { outcomeText } from './outcomes';
import { GATEWAY, NO_SERVICE, PlanMessage } from './plan';
import { succeeded } from './services';

export class Bus {
  readonly messageMetrics: CallMetrics[];
  private readonly messages: readonly PlanMessage[];
  private readonly nextConsumer: Int32Array;

  constructor(private readonly sim: Simulation) {
    this.messages = sim.plan.messages;
    this.messageMetrics = this.messages.map(() => new CallMetrics());
    this.nextConsumer = new Int32Array(sim.plan.queues.length);
  }

  /** Sends the flow's entry message from its producer. */
  sendEntry(): void {
    const index = this.sim.plan.flow.message;
    this.send(index, this.messages[index]!.producer, 0);
  }

  /** Sends the messages that a receiver of `index` sends after handling it. */
  sendOnward(index: number, from: number, depth: number): void {
    const sends = this.messages[index]!.sends;
    for (let i = 0; i < sends.length; i++) this.send(sends[i]!, from, depth + 1);
  }

  private send(index: number, producer: number, depth: number): void {
    const sim = this.sim;
    // A chain of sends longer than the number of messages repeats a message, so it is a cycle.
    if (depth > this.messages.length)
      return sim.stopForCycle(this.producerName(producer, this.messages[index]!));
    const calls = sim.calls;
    const message = this.messages[index]!;
    const slot = calls.allocate(SEND, index, sim.now);
    calls.depth[slot] = depth;
    calls.service[slot] = producer;
    sim.messages++;
    if (sim.trace.active) this.traceSend(slot, message, producer);
    if (message.kind === 'event') {
      // The sender never receives its own event, whichever service sends it.
      const receivers = message.subscribers;
      const count = receivers.includes(producer) ? receivers.length - 1 : receivers.length;
      calls.pending[slot] = count;
      if (count === 0) return this.complete(slot, true, 'no subscribers');
      for (let i = 0; i < receivers.length; i++) {
        if (receivers[i] !== producer) this.deliver(slot, message, receivers[i]!);
      }
      return;
    }
    const receiver = message.handler >= 0 ? message.handler : this.consumerOf(message.queue);
    if (receiver < 0) return this.complete(slot, false, 'no handler');
    calls.pending[slot] = 1;
    if (message.reply >= 0 && message.replyTimeoutMs !== Infinity) {
      sim.schedule(sim.now + message.replyTimeoutMs, REPLY_TIMEOUT, slot);
    }
    this.deliver(slot, message, receiver);
  }

  private consumerOf(queue: number): number {
    if (queue < 0) return -1;
    const consumers = this.sim.plan.queues[queue]!.consumers;
    if (consumers.length === 0) return -1;
    const next = this.nextConsumer[queue]!;
    this.nextConsumer[queue] = (next + 1) % consumers.length;
    return consumers[next]!;
  }

  private deliver(send: number, message: PlanMessage, receiver: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const delivery = calls.allocate(DELIVERY, calls.index[send]!, sim.now, calls.id[send]!);
    calls.parent[delivery] = send;
    calls.parentGeneration[delivery] = calls.generation[send]!;
    calls.service[delivery] = receiver;
    calls.queue[delivery] = message.queue;
    calls.depth[delivery] = calls.depth[send]!;
    if (message.queue >= 0) sim.queues.enqueue(delivery);
    else this.startHandling(delivery);
  }

  /** Hands a delivery to its receiver; queues call it for each delivery and redelivery. */
  startHandling(delivery: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const receiver = calls.service[delivery]!;
    const queue = calls.queue[delivery]!;
    const attempt = ++calls.attempt[delivery]!;
    calls.attemptStartMs[delivery] = sim.now;
    sim.services.answer(receiver, sim.now);
    const ackTimeoutMs = queue < 0 ? Infinity : sim.plan.queues[queue]!.ackTimeoutMs;
    let outcome = sim.services.outcome;
    let durationMs = sim.services.latencyMs;
    if (outcome === CONNECTION_ERROR) {
      // An unreachable consumer never acknowledges, so the broker notices at the ack timeout.
      durationMs = ackTimeoutMs === Infinity ? 0 : ackTimeoutMs;
    } else if (durationMs >= ackTimeoutMs) {
      outcome = TIMEOUT;
      durationMs = ackTimeoutMs;
    }
    calls.outcome[delivery] = outcome;
    calls.instance[delivery] = sim.services.instance;
    if (sim.trace.active) {
      const message = this.messages[calls.index[delivery]!]!;
      sim.trace.emit({
        timeMs: sim.now,
        kind: 'deliver',
        from:
          queue < 0
            ? this.producerName(calls.service[calls.parent[delivery]!]!, message)
            : `queue:${sim.plan.queues[queue]!.name}`,
        to: sim.plan.services[receiver]!.name,
        label: message.name,
        id: calls.id[delivery]!,
        attempt,
        detail: `instance ${sim.services.instance + 1} of ${sim.plan.services[receiver]!.instances}`,
        source: message.source,
      });
    }
    sim.schedule(sim.now + durationMs, HANDLE_END, delivery);
  }

  onHandleEnd(delivery: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const outcome = calls.outcome[delivery]!;
    const ok = succeeded(outcome);
    const metrics = sim.serviceMetrics[calls.service[delivery]!]!;
    metrics.record(!ok, sim.now - calls.attemptStartMs[delivery]!);
    metrics.countCode(outcome);
    if (calls.queue[delivery]! >= 0) {
      if (ok) sim.queues.ack(delivery);
      else if (sim.queues.nack(delivery)) return;
    } else if (!ok && sim.trace.active) {
      this.traceFailure(delivery, outcome);
    }
    this.finish(delivery, ok);
  }

  /** Ends a delivery that succeeded or failed for good, and tells the send it belongs to. */
  finish(delivery: number, ok: boolean): void {
    const sim = this.sim;
    const calls = sim.calls;
    const index = calls.index[delivery]!;
    const message = this.messages[index]!;
    const receiver = calls.service[delivery]!;
    const send = calls.parent[delivery]!;
    const depth = calls.depth[delivery]!;
    const senderWaits = calls.isCurrent(send, calls.parentGeneration[delivery]!);
    if (ok && message.reply >= 0) this.reply(delivery, message, receiver, senderWaits);
    if (senderWaits) {
      if (!ok) calls.failed[send] = 1;
      const pending = --calls.pending[send]!;
      const waitsForReply = message.reply >= 0 && message.replyTimeoutMs !== Infinity;
      // A sender that waits for a reply learns of a failed delivery only when its timeout passes.
      if (pending === 0 && (ok || !waitsForReply)) {
        this.complete(send, calls.failed[send] === 0, ok ? undefined : 'delivery failed');
      }
    }
    calls.release(delivery);
    if (ok) this.sendOnward(index, receiver, depth);
  }

  private reply(
    delivery: number,
    message: PlanMessage,
    receiver: number,
    senderWaits: boolean,
  ): void {
    const sim = this.sim;
    const calls = sim.calls;
    const reply = this.messages[message.reply]!;
    sim.messages++;
    this.messageMetrics[message.reply]!.record(false, 0);
    if (!sim.trace.active) return;
    const sender = calls.service[calls.parent[delivery]!]!;
    sim.trace.emit({
      timeMs: sim.now,
      kind: senderWaits ? 'reply' : 'late-reply',
      from: sim.plan.services[receiver]!.name,
      to: senderWaits
        ? this.producerName(sender, message)
        : this.producerName(message.producer, message),
      label: reply.name,
      id: calls.id[delivery]!,
      ...(senderWaits ? {} : { detail: 'the sender stopped waiting; the reply is dropped' }),
      source: reply.source,
    });
  }

  onReplyTimeout(send: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const message = this.messages[calls.index[send]!]!;
    if (sim.trace.active) {
      sim.trace.emit({
        timeMs: sim.now,
        kind: 'reply-timeout',
        from: this.producerName(calls.service[send]!, message),
        to: this.producerName(calls.service[send]!, message),
        label: message.name,
        id: calls.id[send]!,
        outcome: 'timeout',
        detail: `no ${this.messages[message.reply]!.name} within ${formatMs(message.replyTimeoutMs)}`,
        source: message.source,
      });
    }
    this.complete(send, false, 'timeout');
  }

  private complete(send: number, ok: boolean, outcome: string | undefined): void {
    const sim = this.sim;
    const calls = sim.calls;
    const metrics = this.messageMetrics[calls.index[send]!]!;
    metrics.record(!ok, sim.now - calls.startMs[send]!);
    metrics.countOutcome(outcome ?? (ok ? 'ok' : 'failed'));
    calls.release(send);
  }

  private traceFailure(delivery: number, outcome: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const message = this.messages[calls.index[delivery]!]!;
    sim.trace.emit({
      timeMs: sim.now,
      kind: 'dropped',
      from: sim.plan.services[calls.service[delivery]!]!.name,
      to: sim.plan.services[calls.service[delivery]!]!.name,
      label: message.name,
      id: calls.id[delivery]!,
      outcome: outcomeText(outcome),
      detail: 'the handler failed and no queue redelivers the message',
      source: message.source,
    });
  }

  private traceSend(slot: number, message: PlanMessage, producer: number): void {
    const sim = this.sim;
    const queue = message.queue >= 0 ? `queue:${sim.plan.queues[message.queue]!.name}` : undefined;
    const handler = message.handler >= 0 ? sim.plan.services[message.handler]!.name : undefined;
    const from = this.producerName(producer, message);
    sim.trace.emit({
      timeMs: sim.now,
      kind: 'send',
      from,
      to: queue ?? handler ?? from,
      label: message.name,
      id: sim.calls.id[slot]!,
      detail:
        message.kind === 'event'
          ? `event to ${message.subscribers.length} subscribers`
          : message.kind,
      source: message.source,
    });
  }

  /** The lifeline of a producer: a service, 'gateway', or 'client' for a message nobody produces. */
  producerName(producer: number, _message: PlanMessage): string {
    if (producer === GATEWAY) return 'gateway';
    if (producer === NO_SERVICE || producer < 0) return 'client';
    return this.sim.plan.services[producer]!.name;
  }
}
