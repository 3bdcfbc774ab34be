/**
 * The attempts and breaker changes of gateway calls, read from a trace: the record to compare with
 * another implementation of the same retry and breaker policies.
 */
import type { TraceEvent } from './trace';

export interface AttemptRecord {
  /** The correlation id of the request. */
  readonly id: number;
  /** From 1. */
  readonly attempt: number;
  readonly startMs: number;
  /** Equal to startMs for a call that failed fast. */
  readonly endMs: number;
  /** A status such as '503', or 'timeout', 'connection-error' or 'circuit-open'. */
  readonly outcome: string;
  /** The wait between the end of the previous attempt and this one; 0 for the first. */
  readonly delayMs: number;
}

export interface BreakerChange {
  readonly timeMs: number;
  readonly breaker: string;
  /** 'open', 'half-open' or 'closed'. */
  readonly to: string;
}

/** Returns every attempt of every request in the trace, in the order the attempts started. */
export function attemptLog(trace: readonly TraceEvent[]): AttemptRecord[] {
  const open = new Map<string, Omit<AttemptRecord, 'endMs' | 'outcome'>>();
  const lastEndMs = new Map<number, number>();
  const records: AttemptRecord[] = [];
  for (const event of trace) {
    if (event.attempt === undefined) continue;
    const key = `${event.id}:${event.attempt}`;
    if (event.kind === 'call') {
      const startMs = event.timeMs;
      const delayMs = event.attempt === 1 ? 0 : startMs - (lastEndMs.get(event.id) ?? startMs);
      const start = { id: event.id, attempt: event.attempt, startMs, delayMs };
      if (event.outcome === 'circuit-open') {
        records.push({ ...start, endMs: startMs, outcome: 'circuit-open' });
        lastEndMs.set(event.id, startMs);
      } else {
        open.set(key, start);
      }
      continue;
    }
    const start = open.get(key);
    if ((event.kind !== 'reply' && event.kind !== 'timeout') || start === undefined) continue;
    open.delete(key);
    records.push({ ...start, endMs: event.timeMs, outcome: event.outcome ?? 'unknown' });
    lastEndMs.set(event.id, event.timeMs);
  }
  return records.sort((a, b) => a.startMs - b.startMs || a.id - b.id || a.attempt - b.attempt);
}

/** Returns the breaker state changes in the trace, in order. */
export function breakerLog(trace: readonly TraceEvent[]): BreakerChange[] {
  return trace
    .filter((event) => event.kind === 'breaker')
    .map((event) => ({
      timeMs: event.timeMs,
      breaker: event.label,
      to: event.outcome ?? 'unknown',
    }));
}
