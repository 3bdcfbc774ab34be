/**
 * The discrete-event simulator. It runs a SimulationPlan in virtual time: events wait in a binary
 * heap and run in time order, so a breaker that stays open for 60 s costs no real minute, and the
 * same plan and seed always process the same events in the same order. The run ends when no event
 * is left, at a limit of the flow, at a message cycle, or when it is cancelled.
 */
import { RandomSource, seededRandom } from '../policy';
import { Bus } from './bus';
import { CallTable } from './calls';
import { EventQueue, PoppedEvent } from './event-queue';
import {
  ARRIVAL,
  ATTEMPT_END,
  BULKHEAD_TIMEOUT,
  HANDLE_END,
  INJECTED_REQUEST,
  REDELIVER,
  REPLY_TIMEOUT,
  RETRY_START,
} from './event-kinds';
import { Gateway } from './gateway';
import { ArrivalSchedule } from './load';
import { CallMetrics } from './metrics';
import type { SimulationPlan } from './plan';
import { Queues } from './queues';
import { FaultScript, ServiceModel } from './services';
import { stopDetail } from './results';
import { TraceListener, TraceRecorder } from './trace';

export type StopReason = 'completed' | 'max-duration' | 'max-events' | 'cycle' | 'cancelled';

export interface SimulationOptions {
  /** How many trace events to keep for the sequence diagram; default 500. */
  readonly traceLimit?: number;
  /** Receives every trace event as it happens. */
  readonly onTrace?: TraceListener;
  /** Scripted answers that services give before their modelled ones. */
  readonly faultScript?: FaultScript;
}

export const DEFAULT_TRACE_LIMIT = 500;

export class Simulation {
  /** Virtual time in milliseconds since the flow started. */
  now = 0;
  /** Events processed. */
  events = 0;
  /** Messages simulated: requests that entered the gateway, and messages sent, replies included. */
  messages = 0;
  stopReason: StopReason | undefined;
  readonly calls = new CallTable();
  readonly random: RandomSource;
  readonly trace: TraceRecorder;
  readonly services: ServiceModel;
  readonly serviceMetrics: CallMetrics[];
  readonly gateway: Gateway;
  readonly bus: Bus;
  readonly queues: Queues;
  readonly arrivals: ArrivalSchedule;
  private readonly pending = new EventQueue();
  private readonly popped: PoppedEvent = { timeMs: 0, kind: 0, slot: 0, generation: 0 };
  private cancelRequested = false;
  /** The lifeline where a cycle was found, for its trace event. */
  private cycleLifeline = 'client';

  constructor(
    readonly plan: SimulationPlan,
    options: SimulationOptions = {},
  ) {
    this.random = seededRandom(plan.flow.seed);
    this.trace = new TraceRecorder(options.traceLimit ?? DEFAULT_TRACE_LIMIT, options.onTrace);
    this.services = new ServiceModel(plan.services, this.random, options.faultScript);
    this.serviceMetrics = plan.services.map(() => new CallMetrics());
    this.gateway = new Gateway(this);
    this.bus = new Bus(this);
    this.queues = new Queues(this);
    this.arrivals = new ArrivalSchedule(plan.flow.load, this.random);
    this.scheduleArrival();
  }

  /** Schedules an event of `kind` for call slot `slot` at virtual time `timeMs`. */
  schedule(timeMs: number, kind: number, slot: number): void {
    this.pending.push(timeMs, kind, slot, slot < 0 ? 0 : this.calls.generation[slot]!);
  }

  /**
   * Sends one more request to the gateway at `timeMs`, besides the flow's load, such as a path
   * that no route matches.
   */
  injectRequest(
    timeMs: number,
    method: string,
    path: string,
    client = 0,
    authenticated = true,
  ): void {
    const index = this.gateway.inject(method, path, client, authenticated);
    this.pending.push(timeMs, INJECTED_REQUEST, index, 0);
  }

  /** The events waiting to run. */
  get pendingEvents(): number {
    return this.pending.size;
  }

  /** Asks the run to stop before its next event. */
  cancel(): void {
    this.cancelRequested = true;
  }

  /** Stops the run because a chain of sends repeats a message. */
  stopForCycle(lifeline: string): void {
    this.cycleLifeline = lifeline;
    this.stop('cycle');
  }

  /** Processes up to `budget` events. Returns true when the run has ended. */
  step(budget: number): boolean {
    if (this.stopReason !== undefined) return true;
    const { maxDurationMs, maxEvents } = this.plan.flow.limits;
    const event = this.popped;
    for (let processed = 0; processed < budget; processed++) {
      if (this.cancelRequested) return this.stop('cancelled');
      if (!this.pending.peek(event)) return this.stop('completed');
      // An event of a call that has ended, such as the reply timeout of an answered command, is
      // dropped without moving the clock, so the run ends with its last effective event.
      if (this.isStale(event)) {
        this.pending.pop(event);
        continue;
      }
      if (event.timeMs > maxDurationMs) {
        this.now = maxDurationMs;
        return this.stop('max-duration');
      }
      if (this.events >= maxEvents) return this.stop('max-events');
      this.pending.pop(event);
      this.now = event.timeMs;
      this.events++;
      this.dispatch(event);
      if (this.stopReason !== undefined) return true;
    }
    return false;
  }

  /** Runs to the end and returns why it ended. */
  run(): StopReason {
    while (!this.step(1 << 20));
    return this.stopReason!;
  }

  private isStale(event: PoppedEvent): boolean {
    if (event.slot < 0 || event.kind === INJECTED_REQUEST) return false;
    return !this.calls.isCurrent(event.slot, event.generation);
  }

  private stop(reason: StopReason): boolean {
    this.stopReason = reason;
    if (reason !== 'completed' && this.trace.active) this.traceStop(reason);
    return true;
  }

  private traceStop(reason: StopReason): void {
    const flow = this.plan.flow;
    const cycle = reason === 'cycle';
    this.trace.emit({
      timeMs: this.now,
      kind: cycle ? 'cycle' : 'limit',
      from: cycle ? this.cycleLifeline : 'client',
      to: cycle ? this.cycleLifeline : 'client',
      label: cycle ? (this.plan.cycle ?? []).join(' → ') : reason,
      id: 0,
      outcome: reason,
      detail: stopDetail(this, reason) ?? reason,
      source: flow.source,
    });
  }

  private dispatch(event: PoppedEvent): void {
    const slot = event.slot;
    const kind = event.kind;
    if (kind === ARRIVAL) return this.arrive();
    if (kind === INJECTED_REQUEST) return this.gateway.receiveInjected(slot);
    switch (kind) {
      case ATTEMPT_END:
        return this.gateway.onAttemptEnd(slot);
      case RETRY_START:
        return this.gateway.attempt(slot);
      case BULKHEAD_TIMEOUT:
        return this.gateway.onBulkheadTimeout(slot);
      case HANDLE_END:
        return this.bus.onHandleEnd(slot);
      case REDELIVER:
        return this.queues.onRedeliver(slot);
      case REPLY_TIMEOUT:
        return this.bus.onReplyTimeout(slot);
    }
  }

  private arrive(): void {
    const flow = this.plan.flow;
    const client = (this.arrivals.produced - 1) % flow.clients;
    if (flow.route >= 0) this.gateway.receiveEntry(client);
    else this.bus.sendEntry();
    this.scheduleArrival();
  }

  private scheduleArrival(): void {
    const timeMs = this.arrivals.next();
    if (timeMs !== Infinity) this.pending.push(timeMs, ARRIVAL, -1, 0);
  }
}
