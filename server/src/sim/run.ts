/**
 * Runs a flow of a contract to the end: compiles it, steps the engine in batches, reports progress
 * between batches and stops when cancelled. The synchronous form is for the command line and
 * tests; the asynchronous form yields to the event loop between batches, so a language server
 * keeps answering and sees a cancellation while a long run goes on.
 */
import type { Contract } from '../contract/model';
import { compilePlan } from './compile';
import { Simulation } from './engine';
import type { SimulationPlan } from './plan';
import type { FaultScript } from './services';
import { summarize, SimulationSummary } from './results';
import { resolveSources, SourceLocation } from './sources';
import type { TraceEvent, TraceListener } from './trace';

/** Events the engine processes between two progress reports or cancellation checks. */
export const BATCH_EVENTS = 50_000;

export interface RunOptions {
  /** Replaces the flow's own seed. */
  readonly seed?: number | undefined;
  /** How many trace events to keep in the result; default 500. */
  readonly traceLimit?: number;
  /** Receives every trace event as it happens. */
  readonly onTrace?: TraceListener;
  /** Receives the share of the run done, from 0 to 1, after each batch. */
  readonly onProgress?: (fraction: number, sim: Simulation) => void;
  /** Checked between batches; the run stops as 'cancelled' when it returns true. */
  readonly isCancelled?: () => boolean;
  /** Scripted answers that services give before their modelled ones. */
  readonly faultScript?: FaultScript;
}

export interface FlowRun {
  readonly summary: SimulationSummary;
  /** The first trace events, up to the trace limit. */
  readonly trace: readonly TraceEvent[];
  /** Where each source index of the trace and summary is written. */
  readonly sources: readonly SourceLocation[];
}

/** Compiles and runs flow `flowName` of `contract`. Throws a SimulationError for a flow it cannot run. */
export function runFlow(contract: Contract, flowName: string, options: RunOptions = {}): FlowRun {
  const plan = compilePlan(contract, flowName, { seed: options.seed });
  const sim = createSimulation(plan, options);
  while (!sim.step(BATCH_EVENTS)) reportBatch(sim, options);
  return finish(contract, sim);
}

/** Like runFlow, but yields to the event loop after every batch of events. */
export async function runFlowAsync(
  contract: Contract,
  flowName: string,
  options: RunOptions = {},
): Promise<FlowRun> {
  const plan = compilePlan(contract, flowName, { seed: options.seed });
  const sim = createSimulation(plan, options);
  while (!sim.step(BATCH_EVENTS)) {
    reportBatch(sim, options);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return finish(contract, sim);
}

function createSimulation(plan: SimulationPlan, options: RunOptions): Simulation {
  return new Simulation(plan, {
    ...(options.traceLimit === undefined ? {} : { traceLimit: options.traceLimit }),
    ...(options.onTrace === undefined ? {} : { onTrace: options.onTrace }),
    ...(options.faultScript === undefined ? {} : { faultScript: options.faultScript }),
  });
}

function reportBatch(sim: Simulation, options: RunOptions): void {
  if (options.isCancelled?.() === true) sim.cancel();
  options.onProgress?.(progressOf(sim), sim);
}

function finish(contract: Contract, sim: Simulation): FlowRun {
  return {
    summary: summarize(sim),
    trace: sim.trace.kept,
    sources: resolveSources(contract, sim.plan.sources),
  };
}

/**
 * Estimates the share of the run done, from 0 to 1: the arrivals produced out of those the load
 * asks for, or else the virtual time passed out of the load's duration and the limits.
 */
export function progressOf(sim: Simulation): number {
  if (sim.stopReason !== undefined) return 1;
  const flow = sim.plan.flow;
  const total = sim.arrivals.total;
  const byArrivals = total === Infinity ? 0 : sim.arrivals.produced / total;
  const horizonMs = Math.min(flow.load.durationMs, flow.limits.maxDurationMs);
  const byTime = horizonMs === Infinity || horizonMs === 0 ? 0 : sim.now / horizonMs;
  const byEvents = sim.events / flow.limits.maxEvents;
  return Math.min(0.99, Math.max(byArrivals, byTime, byEvents));
}
