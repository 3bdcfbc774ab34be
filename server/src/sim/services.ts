/**
 * How services answer: round-robin over instances, the latency distribution, and the flow's
 * faults (error rate, replaced latency, outages). One call writes its result into the fields of
 * this object instead of returning an object, so answering allocates nothing.
 */
import type { RandomSource } from '../policy';
import { CONNECTION_ERROR } from './calls';
import type { PlanService } from './plan';

export const OK_STATUS = 200;

/** One scripted answer of a service: a status, or a connection error, after `latencyMs`. */
export interface ScriptedAnswer {
  readonly status: number | 'connection-error';
  readonly latencyMs: number;
}

/**
 * Answers by service name, given in call order before the flow's faults and latencies apply. A
 * script makes a run's outcomes exact, so another implementation of the same policies, such as a
 * generated client against a scripted HTTP server, can be compared with the simulator call by call.
 */
export type FaultScript = Readonly<Record<string, readonly ScriptedAnswer[]>>;

export class ServiceModel {
  /** The outcome of the last call to `answer`: a status, or CONNECTION_ERROR during an outage. */
  outcome = 0;
  /** How long the last call took to answer, in ms. */
  latencyMs = 0;
  /** The instance that answered the last call, from 0. */
  instance = 0;
  private readonly nextInstance: Int32Array;
  private readonly scripts: (readonly ScriptedAnswer[] | undefined)[];
  private readonly scriptCursor: Int32Array;

  constructor(
    private readonly services: readonly PlanService[],
    private readonly random: RandomSource,
    script: FaultScript = {},
  ) {
    this.nextInstance = new Int32Array(services.length);
    this.scripts = services.map((service) => script[service.name]);
    this.scriptCursor = new Int32Array(services.length);
  }

  /** Answers one call to service `index` that arrives at `nowMs`. */
  answer(index: number, nowMs: number): void {
    const service = this.services[index]!;
    const instance = this.nextInstance[index]!;
    this.instance = instance;
    this.nextInstance[index] = instance + 1 === service.instances ? 0 : instance + 1;
    const scripted = this.scripts[index];
    if (scripted !== undefined && this.scriptCursor[index]! < scripted.length) {
      const answer = scripted[this.scriptCursor[index]!++]!;
      this.outcome = answer.status === 'connection-error' ? CONNECTION_ERROR : answer.status;
      this.latencyMs = answer.latencyMs;
      return;
    }
    const fault = service.fault;
    if (fault !== undefined && this.inOutage(index, nowMs)) {
      this.outcome = CONNECTION_ERROR;
      this.latencyMs = 0;
      return;
    }
    this.latencyMs = (fault?.latency ?? service.latency).sample(this.random);
    const failed =
      fault !== undefined && fault.errorRate > 0 && this.random.next() < fault.errorRate;
    this.outcome = failed ? fault.errorStatus : OK_STATUS;
  }

  /** Whether service `index` is unreachable at `nowMs`. */
  inOutage(index: number, nowMs: number): boolean {
    const outages = this.services[index]!.fault?.outages;
    if (outages === undefined) return false;
    for (const outage of outages) {
      if (nowMs < outage.startMs) return false;
      if (nowMs < outage.endMs) return true;
    }
    return false;
  }
}

/** Returns whether an encoded outcome is a success: a status below 400. */
export function succeeded(outcome: number): boolean {
  return outcome > 0 && outcome < 400;
}
