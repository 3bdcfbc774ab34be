/**
 * Draws the sequence diagram of trace events and the timeline of breaker states and queue depths,
 * as SVG. Colours come from the stylesheet by class, so the drawing follows the editor's theme.
 */
import type {
  BreakerSummary,
  QueueSummary,
  SimulationSummary,
} from '../../../../server/src/sim/results';
import type { TraceEvent } from '../../../../server/src/sim/trace';
import { svg, svgText } from './dom';

const TIME_GUTTER = 76;
const LIFELINE_GAP = 150;
const HEADER = 40;
const ROW = 24;
/** Lifeline names longer than this are cut in the header; the full name is in its tooltip. */
const MAX_NAME = 20;

/** Returns the lifelines of the events, in the order they first appear. */
export function lifelinesOf(events: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  for (const event of events) {
    if (event.kind === 'limit' || event.kind === 'cycle') continue;
    seen.add(event.from);
    seen.add(event.to);
  }
  return [...seen];
}

/** Words for an event's row, such as 'call place-order, attempt 2, 503'. */
export function describeEvent(event: TraceEvent): string {
  const parts = [`${event.kind} ${event.label}`];
  if (event.attempt !== undefined) parts.push(`attempt ${event.attempt}`);
  if (event.outcome !== undefined) parts.push(event.outcome);
  return parts.join(', ');
}

export function drawSequence(
  container: HTMLElement,
  events: readonly TraceEvent[],
  onReveal: (event: TraceEvent) => void,
): void {
  const focusedRow = document.activeElement?.getAttribute('data-row');
  if (events.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'Run a flow to see its messages here.';
    container.replaceChildren(empty);
    return;
  }
  const lifelines = lifelinesOf(events);
  const xOf = (name: string): number =>
    TIME_GUTTER + LIFELINE_GAP / 2 + lifelines.indexOf(name) * LIFELINE_GAP;
  const width = TIME_GUTTER + lifelines.length * LIFELINE_GAP;
  const height = HEADER + events.length * ROW + 8;
  const root = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'list',
    'aria-label': `Sequence diagram of the first ${events.length} events`,
  });
  root.append(arrowMarker());
  lifelines.forEach((name) => root.append(lifeline(name, xOf(name), height)));
  events.forEach((event, index) => root.append(eventRow(event, index, xOf, width, onReveal)));
  container.replaceChildren(root);
  if (focusedRow !== null && focusedRow !== undefined) {
    (container.querySelector(`[data-row="${Number(focusedRow)}"]`) as SVGElement | null)?.focus();
  }
}

function arrowMarker(): SVGElement {
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  defs.append(marker);
  return defs;
}

function lifeline(name: string, x: number, height: number): SVGElement {
  const group = svg('g', { class: 'lifeline' });
  const shown = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
  const title = svg('title');
  title.textContent = name;
  group.append(
    title,
    svg('rect', { x: x - LIFELINE_GAP / 2 + 6, y: 4, width: LIFELINE_GAP - 12, height: 24, rx: 3 }),
    svgText(shown, { x, y: 21, 'text-anchor': 'middle', class: 'lifeline-name' }),
    svg('line', { x1: x, y1: 28, x2: x, y2: height }),
  );
  return group;
}

function eventRow(
  event: TraceEvent,
  index: number,
  xOf: (name: string) => number,
  width: number,
  onReveal: (event: TraceEvent) => void,
): SVGElement {
  const y = HEADER + index * ROW + ROW / 2;
  const failed = event.outcome !== undefined && isFailure(event.outcome);
  const group = svg('g', {
    class: `event kind-${event.kind}${failed ? ' failed' : ''}`,
    tabindex: 0,
    role: 'listitem',
    'data-row': index,
    'aria-label': `${event.timeMs.toFixed(1)} ms: ${event.from} to ${event.to}, ${describeEvent(event)}. Press Enter to reveal it in the contract.`,
  });
  const title = svg('title');
  title.textContent =
    event.detail === undefined ? describeEvent(event) : `${describeEvent(event)} (${event.detail})`;
  group.append(
    title,
    svg('rect', { class: 'hit', x: 0, y: y - ROW / 2, width, height: ROW }),
    svgText(`${event.timeMs.toFixed(1)} ms`, { x: 4, y: y + 4, class: 'time' }),
  );
  if (event.kind === 'limit' || event.kind === 'cycle') {
    group.append(svg('line', { x1: TIME_GUTTER, y1: y, x2: width, y2: y, class: 'stop' }));
    group.append(svgText(describeEvent(event), { x: TIME_GUTTER + 4, y: y - 3, class: 'label' }));
  } else if (event.from === event.to) {
    const x = xOf(event.from);
    group.append(svg('rect', { x: x - 5, y: y - 5, width: 10, height: 10, class: 'mark' }));
    group.append(svgText(describeEvent(event), { x: x + 10, y: y + 4, class: 'label' }));
  } else {
    const x1 = xOf(event.from);
    const x2 = xOf(event.to);
    group.append(
      svg('line', { x1, y1: y, x2, y2: y, class: 'arrow', 'marker-end': 'url(#arrow)' }),
    );
    group.append(
      svgText(describeEvent(event), {
        x: (x1 + x2) / 2,
        y: y - 3,
        'text-anchor': 'middle',
        class: 'label',
      }),
    );
  }
  group.addEventListener('click', () => onReveal(event));
  group.addEventListener('keydown', (keyEvent) => {
    if (keyEvent.key === 'Enter' || keyEvent.key === ' ') {
      keyEvent.preventDefault();
      onReveal(event);
    } else if (keyEvent.key === 'ArrowDown' || keyEvent.key === 'ArrowUp') {
      keyEvent.preventDefault();
      const next = group.parentElement?.querySelector(
        `[data-row="${index + (keyEvent.key === 'ArrowDown' ? 1 : -1)}"]`,
      ) as SVGElement | null;
      next?.focus();
    }
  });
  return group;
}

function isFailure(outcome: string): boolean {
  const status = Number(outcome);
  if (Number.isInteger(status)) return status >= 400;
  return outcome !== 'closed' && outcome !== 'half-open';
}

const TIMELINE_WIDTH = 720;
const TIMELINE_LABEL = 220;
const BAND = 18;
const DEPTH_HEIGHT = 48;

/** Draws each breaker's state over virtual time as coloured bands, and each used queue's depth. */
export function drawTimeline(container: HTMLElement, summary: SimulationSummary | undefined): void {
  const breakers = summary?.breakers.filter((breaker) => breaker.transitions.length > 0) ?? [];
  const queues = summary?.queues.filter((queue) => queue.maxDepth > 0) ?? [];
  if (summary === undefined || breakers.length + queues.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent =
      summary === undefined
        ? 'No run yet.'
        : 'No breaker changed state and no queue held a message.';
    container.replaceChildren(empty);
    return;
  }

  const endMs = Math.max(summary.virtualMs, 1);
  const xOf = (timeMs: number): number =>
    TIMELINE_LABEL + (Math.min(timeMs, endMs) / endMs) * TIMELINE_WIDTH;
  const height = breakers.length * (BAND + 8) + queues.length * (DEPTH_HEIGHT + 12) + 24;
  const root = svg('svg', {
    width: TIMELINE_LABEL + TIMELINE_WIDTH + 8,
    height,
    role: 'img',
    'aria-label': 'Breaker states and queue depths over virtual time',
  });

  let y = 4;
  for (const breaker of breakers) {
    root.append(breakerBands(breaker, y, endMs, xOf));
    y += BAND + 8;
  }
  for (const queue of queues) {
    root.append(queueDepth(queue, y, xOf));
    y += DEPTH_HEIGHT + 12;
  }

  root.append(svgText('0 ms', { x: TIMELINE_LABEL, y: height - 4, class: 'time' }));
  root.append(
    svgText(`${Math.round(endMs)} ms`, {
      x: TIMELINE_LABEL + TIMELINE_WIDTH,
      y: height - 4,
      'text-anchor': 'end',
      class: 'time',
    }),
  );
  container.replaceChildren(root);
}

/** Draws one breaker's states as bands: closed until its first change, then each state in turn. */
function breakerBands(
  breaker: BreakerSummary,
  y: number,
  endMs: number,
  xOf: (timeMs: number) => number,
): SVGElement {
  const group = svg('g', { class: 'breaker' });
  group.append(svgText(breaker.label, { x: 0, y: y + 13, class: 'label' }));
  let state = 'closed';
  let fromMs = 0;
  for (const change of [...breaker.transitions, { timeMs: endMs, from: '', to: '' }]) {
    const x = xOf(fromMs);
    const width = Math.max(1, xOf(change.timeMs) - x);
    const band = svg('rect', { x, y, width, height: BAND, class: `state-${state}` });
    const title = svg('title');
    title.textContent = `${state} from ${fromMs.toFixed(0)} ms to ${change.timeMs.toFixed(0)} ms`;
    band.append(title);
    group.append(band);
    state = change.to;
    fromMs = change.timeMs;
  }
  return group;
}

/** Draws one queue's depth over time as a line scaled to its maximum depth. */
function queueDepth(queue: QueueSummary, y: number, xOf: (timeMs: number) => number): SVGElement {
  const group = svg('g', { class: 'queue' });
  const label = `queue ${queue.name} (max ${queue.maxDepth})`;
  group.append(svgText(label, { x: 0, y: y + 14, class: 'label' }));
  const points = queue.depthOverTime.map((point) => {
    const pointY = y + DEPTH_HEIGHT - (point.value / queue.maxDepth) * DEPTH_HEIGHT;
    return `${xOf(point.timeMs).toFixed(1)},${pointY.toFixed(1)}`;
  });
  group.append(svg('polyline', { points: points.join(' '), class: 'depth' }));
  const axisY = y + DEPTH_HEIGHT;
  const axisEnd = TIMELINE_LABEL + TIMELINE_WIDTH;
  group.append(
    svg('line', { x1: TIMELINE_LABEL, y1: axisY, x2: axisEnd, y2: axisY, class: 'axis' }),
  );
  return group;
}
