/** Writes a run for people: the trace as one line per event, then the summary as tables. */
import type { CallSummary, SimulationSummary } from './results';
import type { TraceEvent } from './trace';

/** Writes one trace event, such as '  120.0 ms  #4   gateway → orders  call place-order …'. */
export function formatTraceEvent(event: TraceEvent): string {
  const time = `${event.timeMs.toFixed(1)} ms`.padStart(12);
  const id = event.id === 0 ? '' : `#${event.id}`;
  const arrow = event.from === event.to ? event.from : `${event.from} → ${event.to}`;
  const parts = [time, id.padEnd(6), arrow.padEnd(28), event.kind, event.label];
  if (event.attempt !== undefined) parts.push(`attempt ${event.attempt}`);
  if (event.outcome !== undefined) parts.push(`[${event.outcome}]`);
  if (event.detail !== undefined) parts.push(`(${event.detail})`);
  return parts.join('  ').trimEnd();
}

/**
 * Writes the trace, then the summary. `traceLimit` is the number of events the run kept, so a
 * trace of that length is marked as cut short.
 */
export function formatRunText(
  summary: SimulationSummary,
  trace: readonly TraceEvent[],
  traceLimit: number,
): string {
  const lines: string[] = [];
  if (trace.length > 0) {
    lines.push(
      `Trace of flow ${summary.flow} (seed ${summary.seed}), first ${trace.length} events:`,
    );
    for (const event of trace) lines.push(formatTraceEvent(event));
    if (trace.length >= traceLimit)
      lines.push('  … later events are not shown; --trace N shows more.');
    lines.push('');
  }
  lines.push(formatSummaryText(summary));
  return lines.join('\n');
}

/** Writes the summary: how the run ended, the metrics tables and the expectations. */
export function formatSummaryText(summary: SimulationSummary): string {
  const lines: string[] = [];
  lines.push(
    `Flow ${summary.flow} (seed ${summary.seed}): ${summary.stopReason} after ` +
      `${formatVirtualTime(summary.virtualMs)} of virtual time, ${summary.events} events, ` +
      `${summary.messages} messages.`,
  );
  if (summary.stopDetail !== undefined) lines.push(summary.stopDetail);
  for (const note of summary.notes) lines.push(`Note: ${note}`);
  if (summary.cycle !== undefined && summary.stopReason !== 'cycle') {
    lines.push(
      `Note: the sends form a cycle, ${summary.cycle.join(' → ')}, which this run did not reach.`,
    );
  }
  addCallTable(lines, 'Routes', summary.routes);
  addCallTable(lines, 'Messages', summary.messageMetrics);
  addCallTable(lines, 'Services', summary.services);
  addQueueTable(lines, summary);
  addBreakers(lines, summary);
  if (summary.unmatched > 0)
    lines.push('', `Requests no route matched (404): ${summary.unmatched}`);
  addExpectations(lines, summary);
  return lines.join('\n') + '\n';
}

function addCallTable(lines: string[], title: string, rows: readonly CallSummary[]): void {
  const used = rows.filter((row) => row.count > 0);
  if (used.length === 0) return;
  const header = ['name', 'count', 'errors', 'error %', 'min', 'mean', 'p50', 'p95', 'p99', 'max'];
  const body = used.map((row) => [
    row.name,
    String(row.count),
    String(row.errors),
    (row.errorRate * 100).toFixed(2),
    ms(row.minMs),
    ms(row.meanMs),
    ms(row.p50Ms),
    ms(row.p95Ms),
    ms(row.p99Ms),
    ms(row.maxMs),
  ]);
  lines.push('', `${title} (latencies in ms):`, ...table(header, body));
}

function addQueueTable(lines: string[], summary: SimulationSummary): void {
  const used = summary.queues.filter((queue) => queue.enqueued + queue.rejected > 0);
  if (used.length === 0) return;
  const header = [
    'queue',
    'enqueued',
    'delivered',
    'redelivered',
    'dead-lettered',
    'rejected',
    'max depth',
  ];
  const body = used.map((queue) => [
    queue.name,
    String(queue.enqueued),
    String(queue.delivered),
    String(queue.redeliveries),
    String(queue.deadLettered),
    String(queue.rejected),
    String(queue.maxDepth),
  ]);
  lines.push('', 'Queues:', ...table(header, body));
}

function addBreakers(lines: string[], summary: SimulationSummary): void {
  if (summary.breakers.length === 0) return;
  const changed = summary.breakers.filter(
    (breaker) => breaker.transitions.length > 0 || breaker.rejected > 0,
  );
  if (changed.length === 0) {
    lines.push('', 'Breakers: none changed state.');
    return;
  }
  lines.push('', 'Breakers:');
  for (const breaker of changed) {
    const changes = breaker.transitions
      .slice(0, 6)
      .map((change) => `${change.to} at ${formatVirtualTime(change.timeMs)}`)
      .join(', ');
    const more = breaker.transitions.length + breaker.droppedTransitions - 6;
    lines.push(
      `  ${breaker.label}: opened ${breaker.opened} times, failed ${breaker.rejected} calls fast` +
        (changes === '' ? '' : `; ${changes}${more > 0 ? `, and ${more} more changes` : ''}`),
    );
  }
}

function addExpectations(lines: string[], summary: SimulationSummary): void {
  if (summary.expectations.length === 0) return;
  lines.push('', 'Expectations:');
  for (const result of summary.expectations) {
    lines.push(
      `  ${result.passed ? 'pass' : 'FAIL'}  ${result.text} (measured ${result.actualText})`,
    );
  }
  const failed = summary.expectations.filter((result) => !result.passed).length;
  lines.push(
    '',
    failed === 0
      ? `All ${summary.expectations.length} expectations passed.`
      : `${failed} of ${summary.expectations.length} expectations failed.`,
  );
}

function table(header: readonly string[], body: readonly string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((row) => row[column]!.length)),
  );
  const render = (row: readonly string[]): string =>
    '  ' +
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  return [render(header), ...body.map(render)];
}

function ms(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

/** Writes virtual time as seconds or milliseconds, such as '5m 0.0s' or '120.0 ms'. */
export function formatVirtualTime(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${(seconds - minutes * 60).toFixed(1)}s`;
}
