/** Runs flows of contracts held in memory, and writes traces compactly for exact assertions. */
import { strict as assert } from 'node:assert';
import { analyzeContract } from '../../../server/src/contract/analysis';
import type { Contract } from '../../../server/src/contract/model';
import { FlowRun, runFlow, RunOptions } from '../../../server/src/sim/run';
import type { TraceEvent } from '../../../server/src/sim/trace';
import { MemoryFiles, ROOT_URI } from '../../support/analyze';

/** Parses and checks a contract; fails the test when the contract has an error. */
export function contractOf(text: string): Contract {
  const files = new MemoryFiles({ [ROOT_URI]: text });
  const analysis = analyzeContract(files.get(ROOT_URI)!, files, '/workspace');
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  assert.deepEqual(
    errors.map((problem) => `${problem.code}: ${problem.message}`),
    [],
    'the test contract has errors',
  );
  return analysis.contract;
}

export function simulate(text: string, flow: string, options: RunOptions = {}): FlowRun {
  return runFlow(contractOf(text), flow, { traceLimit: 10_000, ...options });
}

/**
 * Writes an event as 'TIME KIND FROM>TO LABEL #ID aATTEMPT =OUTCOME', leaving out the parts it
 * does not have, so a whole trace compares as a list of short strings.
 */
export function line(event: TraceEvent): string {
  const parts = [String(round(event.timeMs)), event.kind];
  parts.push(event.from === event.to ? event.from : `${event.from}>${event.to}`);
  parts.push(event.label);
  if (event.id !== 0) parts.push(`#${event.id}`);
  if (event.attempt !== undefined) parts.push(`a${event.attempt}`);
  if (event.outcome !== undefined) parts.push(`=${event.outcome}`);
  return parts.join(' ');
}

export function lines(run: FlowRun, kinds?: readonly string[]): string[] {
  const events =
    kinds === undefined ? run.trace : run.trace.filter((event) => kinds.includes(event.kind));
  return events.map(line);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The header of every test contract: two services with fixed latencies. */
export const SERVICES = `switchboard: 1
services:
  api:
    protocol: http
    url: http://api.internal:8080
    latency: 10ms
  worker:
    protocol: http
    url: http://worker.internal:8080
    latency: 20ms
`;
