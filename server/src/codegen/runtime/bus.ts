/**
 * An in-process message bus that follows the contract: events go to every subscriber but their
 * publisher, commands and queries to their one handler, and messages with a queue wait in it. A
 * queue contains at most maxSize messages, delivers each at most maxDeliveries times and then moves
 * it to its dead-letter queue. Requests get their reply by correlation id within replyTimeout.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';
import { open, readKey, seal, type SealedPayload } from './crypto.js';
import { SwitchboardError, TimeoutError } from './errors.js';
import { combineHooks, type MetricsHooks, MetricsRecorder } from './metrics.js';

export type MessageKind = 'command' | 'event' | 'query' | 'response';

/** A message of the contract as the bus needs it. */
export interface MessageSpec {
  readonly kind: MessageKind;
  /** The services that handle a command or query. */
  readonly handlers: readonly string[];
  /** The services that receive an event. */
  readonly subscribers: readonly string[];
  readonly queue?: string;
  readonly encrypted: boolean;
  /** The response message that replies to a command or query. */
  readonly reply?: string;
  /** How long a sender waits for the reply, in milliseconds. */
  readonly replyTimeoutMs: number;
}

/** A queue of the contract; durations are in milliseconds, Infinity where the contract sets none. */
export interface QueueSpec {
  readonly maxSize: number;
  readonly whenFull: 'reject' | 'backpressure';
  readonly maxDeliveries: number;
  readonly redeliveryDelayMs: number;
  readonly ackTimeoutMs: number;
  readonly deadLetter?: string;
}

/** The messages and queues of a contract, and the environment variable of the encryption key. */
export interface BusCatalog {
  readonly messages: Readonly<Record<string, MessageSpec>>;
  readonly queues: Readonly<Record<string, QueueSpec>>;
  readonly encryptionKeyEnv?: string;
}

export type MessageStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'retry';

/** A message on the bus. An encrypted message's payload is a SealedPayload until delivery. */
export interface Envelope {
  readonly id: string;
  readonly message: string;
  readonly source: string;
  /** The service it is for, or '*' for an event. */
  readonly destination: string;
  readonly payload: unknown;
  /** ISO 8601 time of sending. */
  readonly timestamp: string;
  readonly correlationId?: string;
  readonly replyTo?: string;
  deliveries: number;
  status: MessageStatus;
}

/** What a handler gets beside the payload. */
export interface MessageContext {
  readonly envelope: Envelope;
  /** The service the handler runs in. */
  readonly service: string;
  /** 1 for the first delivery. */
  readonly delivery: number;
}

export type MessageHandler = (payload: unknown, context: MessageContext) => unknown;

export interface BusOptions {
  readonly clock?: Clock;
  readonly hooks?: MetricsHooks;
  /** Where the encryption key is read from; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with errors of event handlers, which have no sender to return them to. */
  readonly onError?: (error: unknown, envelope: Envelope) => void;
}

/** A message a full queue rejected. */
export class QueueFullError extends SwitchboardError {
  override name = 'QueueFullError';

  constructor(
    readonly queue: string,
    readonly maxSize: number,
  ) {
    super(`Queue '${queue}' is full (maxSize ${maxSize}), so it rejected the message.`, 503);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  cancel(): void;
}

class BusQueue {
  readonly waiting: Envelope[] = [];
  readonly deadLetters: Envelope[] = [];
  /** Messages waiting, being processed, or waiting for redelivery. */
  size = 0;
  running = false;
  readonly spaceWaiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly spec: QueueSpec,
  ) {}
}

/** The in-process bus; generated code wraps it in the contract's typed Bus interface. */
export class InProcessBus {
  /** Deliveries, errors and handler latencies per message name. */
  readonly metrics = new MetricsRecorder();
  private readonly clock: Clock;
  private readonly hooks: MetricsHooks;
  private readonly handlers = new Map<string, Map<string, MessageHandler>>();
  private readonly queues = new Map<string, BusQueue>();
  private readonly pending = new Map<string, Pending>();
  private readonly idleWaiters: Array<() => void> = [];
  private inFlight = 0;
  private key: Buffer | undefined;

  constructor(
    readonly catalog: BusCatalog,
    private readonly options: BusOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.hooks = combineHooks(this.metrics, options.hooks);
    for (const [name, spec] of Object.entries(catalog.queues))
      this.queues.set(name, new BusQueue(name, spec));
  }

  /** Registers `service`'s handler of a message; returns a function that removes it. */
  handle(service: string, message: string, handler: MessageHandler): () => void {
    const spec = this.messageSpec(message);
    const receivers = spec.kind === 'event' ? spec.subscribers : spec.handlers;
    if (!receivers.includes(service)) {
      const role = spec.kind === 'event' ? 'subscriber' : 'handler';
      throw new Error(
        `Service '${service}' is not a ${role} of message '${message}' in the contract; ` +
          `its ${role}s are ${receivers.join(', ') || 'none'}.`,
      );
    }
    let byService = this.handlers.get(message);
    if (byService === undefined) this.handlers.set(message, (byService = new Map()));
    byService.set(service, handler);
    return () => {
      if (byService?.get(service) === handler) byService.delete(service);
    };
  }

  /** Publishes an event to every subscriber except `source`. */
  async publish(message: string, payload: unknown, source: string): Promise<void> {
    const spec = this.messageSpec(message, 'event');
    const receivers = spec.subscribers.filter((service) => service !== source);
    await Promise.all(
      receivers.map((service) =>
        this.dispatch(this.envelope(message, payload, source, service), spec),
      ),
    );
  }

  /**
   * Sends a command or query to its handler. Resolves with the reply when the message has one, or
   * rejects with a TimeoutError when the reply does not arrive within replyTimeout; without a reply
   * it resolves when the message is queued or, with no queue, handled.
   */
  request(message: string, payload: unknown, source: string): Promise<unknown> {
    const spec = this.messageSpec(message);
    if (spec.kind !== 'command' && spec.kind !== 'query') {
      return Promise.reject(
        new Error(`Message '${message}' is a ${spec.kind}; send commands and queries only.`),
      );
    }
    const destination = spec.handlers[0];
    if (destination === undefined) {
      return Promise.reject(new Error(`Message '${message}' has no handler in the contract.`));
    }
    if (spec.reply === undefined) {
      return this.dispatch(this.envelope(message, payload, source, destination), spec);
    }
    const correlationId = randomUUID();
    const envelope = this.envelope(message, payload, source, destination, correlationId);
    return new Promise<unknown>((resolve, reject) => {
      const cancel = this.clock.setTimer(() => {
        this.pending.delete(correlationId);
        reject(new TimeoutError(`The reply to ${message} ${envelope.id}`, spec.replyTimeoutMs));
      }, spec.replyTimeoutMs);
      this.pending.set(correlationId, { resolve, reject, cancel });
      this.dispatch(envelope, spec).catch((error: unknown) =>
        this.settle(correlationId, undefined, error),
      );
    });
  }

  /** Returns the messages in a queue's dead-letter list, oldest first. */
  deadLetters(queue: string): readonly Envelope[] {
    const target = this.queueOf(queue);
    return target.deadLetters;
  }

  /** Returns the number of messages a queue holds, waiting or in delivery. */
  depth(queue: string): number {
    return this.queueOf(queue).size;
  }

  /** Resolves when no message waits, is delivered, or waits for redelivery. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private messageSpec(message: string, kind?: MessageKind): MessageSpec {
    const spec = Object.prototype.hasOwnProperty.call(this.catalog.messages, message)
      ? this.catalog.messages[message]
      : undefined;
    if (spec === undefined) throw new Error(`Message '${message}' is not in the contract.`);
    if (kind !== undefined && spec.kind !== kind) {
      throw new Error(`Message '${message}' is a ${spec.kind}, not a ${kind}.`);
    }
    return spec;
  }

  private queueOf(name: string): BusQueue {
    const queue = this.queues.get(name);
    if (queue === undefined) throw new Error(`Queue '${name}' is not in the contract.`);
    return queue;
  }

  private envelope(
    message: string,
    payload: unknown,
    source: string,
    destination: string,
    correlationId?: string,
  ): Envelope {
    const spec = this.messageSpec(message);
    return {
      id: randomUUID(),
      message,
      source,
      destination,
      payload: spec.encrypted ? seal(payload, this.encryptionKey(), message) : payload,
      timestamp: new Date(this.clock.epochNow()).toISOString(),
      ...(correlationId === undefined ? {} : { correlationId, replyTo: source }),
      deliveries: 0,
      status: 'pending',
    };
  }

  private encryptionKey(): Buffer {
    const variable = this.catalog.encryptionKeyEnv;
    if (variable === undefined) {
      throw new Error('The contract marks a message encrypted but names no encryption.keyEnv.');
    }
    this.key ??= readKey(variable, this.options.env ?? process.env);
    return this.key;
  }

  private async dispatch(envelope: Envelope, spec: MessageSpec): Promise<void> {
    if (spec.queue !== undefined) {
      await this.enqueue(this.queueOf(spec.queue), envelope);
      return;
    }
    // Without a queue a message is delivered once, and a failure goes back to the sender.
    this.track(1);
    try {
      await this.deliver(envelope, Infinity);
    } catch (error) {
      envelope.status = 'failed';
      if (envelope.correlationId !== undefined || spec.kind === 'event')
        this.reportError(error, envelope);
      else throw error;
    } finally {
      this.track(-1);
    }
  }

  private reportError(error: unknown, envelope: Envelope): void {
    if (envelope.correlationId !== undefined) this.settle(envelope.correlationId, undefined, error);
    else this.options.onError?.(error, envelope);
  }

  private async enqueue(queue: BusQueue, envelope: Envelope): Promise<void> {
    while (queue.size >= queue.spec.maxSize) {
      if (queue.spec.whenFull === 'reject')
        throw new QueueFullError(queue.name, queue.spec.maxSize);
      await new Promise<void>((resolve) => queue.spaceWaiters.push(resolve));
    }
    queue.size++;
    this.track(1);
    queue.waiting.push(envelope);
    void this.drain(queue);
  }

  /** Delivers a queue's messages one at a time, in order. */
  private async drain(queue: BusQueue): Promise<void> {
    if (queue.running) return;
    queue.running = true;
    try {
      for (
        let envelope = queue.waiting.shift();
        envelope !== undefined;
        envelope = queue.waiting.shift()
      ) {
        await this.deliverQueued(queue, envelope);
      }
    } finally {
      queue.running = false;
    }
  }

  private async deliverQueued(queue: BusQueue, envelope: Envelope): Promise<void> {
    try {
      await this.deliver(envelope, queue.spec.ackTimeoutMs);
      this.release(queue);
    } catch {
      // A failed delivery is counted in the metrics; the message is retried or dead-lettered.
      if (envelope.deliveries >= queue.spec.maxDeliveries) {
        envelope.status = 'failed';
        this.deadLetter(queue, envelope);
        this.release(queue);
        return;
      }
      envelope.status = 'retry';
      this.clock.setTimer(() => {
        queue.waiting.push(envelope);
        void this.drain(queue);
      }, queue.spec.redeliveryDelayMs);
    }
  }

  private deadLetter(queue: BusQueue, envelope: Envelope): void {
    this.hooks.onDeadLetter?.(
      envelope.message,
      queue.spec.deadLetter ?? queue.name,
      envelope.deliveries,
    );
    const target =
      queue.spec.deadLetter === undefined ? undefined : this.queues.get(queue.spec.deadLetter);
    // A dead-letter queue has no consumers, so its messages stay for a person to inspect.
    (target ?? queue).deadLetters.push(envelope);
  }

  private release(queue: BusQueue): void {
    queue.size--;
    queue.spaceWaiters.shift()?.();
    this.track(-1);
  }

  /**
   * Runs the destination's handler once. Resolves when it succeeded and its reply, if any, was
   * returned to the sender; rejects when it threw, timed out after `ackTimeoutMs`, or is missing.
   */
  private async deliver(envelope: Envelope, ackTimeoutMs: number): Promise<void> {
    envelope.deliveries++;
    envelope.status = 'processing';
    const handler = this.handlers.get(envelope.message)?.get(envelope.destination);
    const startMs = this.clock.now();
    let failed = true;
    try {
      if (handler === undefined) {
        throw new Error(
          `Service '${envelope.destination}' has no handler of '${envelope.message}' registered.`,
        );
      }
      const spec = this.messageSpec(envelope.message);
      const payload = spec.encrypted
        ? open(envelope.payload as SealedPayload, this.encryptionKey(), envelope.message)
        : envelope.payload;
      const context: MessageContext = {
        envelope,
        service: envelope.destination,
        delivery: envelope.deliveries,
      };
      const result = await this.withAckTimeout(
        Promise.resolve(handler(payload, context)),
        envelope,
        ackTimeoutMs,
      );
      envelope.status = 'completed';
      failed = false;
      if (envelope.correlationId !== undefined) this.reply(envelope, spec, result);
    } finally {
      const durationMs = this.clock.now() - startMs;
      this.hooks.onCall?.({
        key: envelope.message,
        outcome: failed ? 500 : 200,
        failed,
        durationMs,
        attempts: 1,
      });
    }
  }

  private withAckTimeout(
    result: Promise<unknown>,
    envelope: Envelope,
    ackTimeoutMs: number,
  ): Promise<unknown> {
    if (ackTimeoutMs === Infinity) return result;
    return new Promise((resolve, reject) => {
      const cancel = this.clock.setTimer(
        () => reject(new TimeoutError(`Handling ${envelope.message} ${envelope.id}`, ackTimeoutMs)),
        ackTimeoutMs,
      );
      result.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }

  /** Returns a handler's result to the sender as the reply message, through its encryption. */
  private reply(request: Envelope, spec: MessageSpec, result: unknown): void {
    let payload = result;
    const replySpec = spec.reply === undefined ? undefined : this.catalog.messages[spec.reply];
    if (spec.reply !== undefined && replySpec?.encrypted === true) {
      payload = open(
        seal(result, this.encryptionKey(), spec.reply),
        this.encryptionKey(),
        spec.reply,
      );
    }
    this.settle(request.correlationId!, payload, undefined);
  }

  private settle(correlationId: string, value: unknown, error: unknown): void {
    const pending = this.pending.get(correlationId);
    if (pending === undefined) return;
    this.pending.delete(correlationId);
    pending.cancel();
    if (error === undefined) pending.resolve(value);
    else pending.reject(error);
  }

  private track(change: number): void {
    this.inFlight += change;
    if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
