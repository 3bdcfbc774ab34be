/**
 * The simulation panel's page: controls, a sequence diagram of the first trace events, a timeline
 * of breaker states and queue depths, the metrics and the expectations. Every text from the
 * contract goes into the DOM as a text node or an attribute set through the DOM, never as markup.
 */
import type { FlowInfo, SimulateResult } from '../../../../server/src/protocol';
import type { CallSummary, SimulationSummary } from '../../../../server/src/sim/results';
import type { TraceEvent } from '../../../../server/src/sim/trace';
import type { HostMessage, PageMessage } from '../messages';
import { drawSequence, drawTimeline } from './diagram';
import { element } from './dom';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Events revealed per playback tick, and the tick in milliseconds. */
const EVENTS_PER_TICK = 3;
const TICK_MS = 40;

interface PageState {
  flows: readonly FlowInfo[];
  runId: string | undefined;
  running: boolean;
  fraction: number;
  trace: TraceEvent[];
  /** How many trace events the diagram shows; playback raises it up to trace.length. */
  shown: number;
  playing: boolean;
  result: SimulateResult | undefined;
}

const api = acquireVsCodeApi();
const state: PageState = {
  flows: [],
  runId: undefined,
  running: false,
  fraction: 0,
  trace: [],
  shown: 0,
  playing: true,
  result: undefined,
};

const contractName = element('span', { class: 'contract' });
const flowSelect = element('select', { id: 'flow', 'aria-label': 'Flow' }) as HTMLSelectElement;
const seedInput = element('input', {
  id: 'seed',
  type: 'number',
  min: '0',
  step: '1',
  placeholder: "flow's seed",
  'aria-label': 'Seed',
}) as HTMLInputElement;
const runButton = button('run', 'Run', 'Run the flow (Enter in the seed field)');
const pauseButton = button('pause', 'Pause', 'Pause or resume the playback of the trace');
const stepButton = button('step', 'Step', 'Show the next trace event');
const cancelButton = button('cancel', 'Cancel', 'Stop the run');
const progress = element('progress', {
  id: 'progress',
  max: '1',
  value: '0',
}) as HTMLProgressElement;
const status = element('p', { id: 'status', role: 'status' });
const sequence = element('div', { id: 'sequence', class: 'scroll' });
const timeline = element('div', { id: 'timeline', class: 'scroll' });
const metrics = element('div', { id: 'metrics' });
const expectations = element('div', { id: 'expectations' });

function button(id: string, text: string, title: string): HTMLButtonElement {
  const created = element('button', { id, type: 'button', title }) as HTMLButtonElement;
  created.textContent = text;
  return created;
}

function section(title: string, body: HTMLElement): HTMLElement {
  const heading = element('h2');
  heading.textContent = title;
  return element('section', { 'aria-label': title }, [heading, body]);
}

function label(text: string, control: HTMLElement): HTMLElement {
  const created = element('label');
  created.append(text + ' ', control);
  return created;
}

function layout(): void {
  const controls = element(
    'div',
    { class: 'controls', role: 'toolbar', 'aria-label': 'Simulation controls' },
    [
      label('Flow', flowSelect),
      label('Seed', seedInput),
      runButton,
      pauseButton,
      stepButton,
      cancelButton,
      progress,
    ],
  );
  const header = element('header', {}, [contractName, controls, status]);
  document
    .getElementById('app')!
    .append(
      header,
      section('Sequence diagram', sequence),
      section('Breakers and queues over time', timeline),
      section('Expectations', expectations),
      section('Metrics', metrics),
    );
  runButton.addEventListener('click', run);
  seedInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') run();
  });
  pauseButton.addEventListener('click', () => {
    state.playing = !state.playing;
    update();
  });
  stepButton.addEventListener('click', () => {
    state.playing = false;
    state.shown = Math.min(state.trace.length, state.shown + 1);
    update();
  });
  cancelButton.addEventListener('click', () => api.postMessage({ type: 'cancel' }));
}

function run(): void {
  const flow = flowSelect.value;
  if (flow === '') return;
  const text = seedInput.value.trim();
  const seed = text === '' ? undefined : Number(text);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
    showStatus(
      `Invalid seed '${text}': write an integer of 0 or more, or leave it empty for the flow's own.`,
    );
    seedInput.focus();
    return;
  }
  api.postMessage({ type: 'run', flow, seed });
}

function showStatus(text: string): void {
  status.textContent = text;
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'flows':
      state.flows = message.flows;
      contractName.textContent = message.contract;
      fillFlows(message.flows, message.selected);
      if (message.flows.length === 0)
        showStatus('This contract has no flows. Add one under flows: to simulate it.');
      break;
    case 'started':
      state.runId = message.runId;
      state.running = true;
      state.fraction = 0;
      state.trace = [];
      state.shown = 0;
      state.playing = true;
      state.result = undefined;
      showStatus(`Running flow ${message.flow}…`);
      break;
    case 'progress':
      if (message.runId !== state.runId) return;
      state.fraction = message.fraction;
      state.trace.push(...message.trace);
      break;
    case 'result':
      if (message.result.runId !== state.runId) return;
      state.running = false;
      state.result = message.result;
      state.fraction = 1;
      showStatus(describeRun(message.result.summary));
      break;
    case 'failed':
      if (message.runId !== undefined && message.runId !== state.runId) return;
      state.running = false;
      showStatus(message.message);
      break;
  }
  update();
}

function fillFlows(flows: readonly FlowInfo[], selected: string | undefined): void {
  flowSelect.replaceChildren(
    ...flows.map((flow) => {
      const option = element('option', { value: flow.name }) as HTMLOptionElement;
      option.textContent = flow.name;
      option.selected = flow.name === selected;
      return option;
    }),
  );
}

function describeRun(summary: SimulationSummary): string {
  const failed = summary.expectations.filter((result) => !result.passed).length;
  const verdict =
    summary.expectations.length === 0
      ? 'no expectations'
      : failed === 0
        ? `all ${summary.expectations.length} expectations passed`
        : `${failed} of ${summary.expectations.length} expectations failed`;
  const stop = summary.stopDetail === undefined ? '' : ` ${summary.stopDetail}`;
  return (
    `Flow ${summary.flow}, seed ${summary.seed}: ${summary.stopReason}, ${summary.events} events, ` +
    `${summary.messages} messages in ${Math.round(summary.virtualMs)} ms of virtual time; ${verdict}.${stop}`
  );
}

function update(): void {
  progress.value = state.fraction;
  runButton.disabled = state.flows.length === 0;
  cancelButton.disabled = !state.running;
  pauseButton.textContent = state.playing ? 'Pause' : 'Play';
  pauseButton.setAttribute('aria-pressed', String(!state.playing));
  stepButton.disabled = state.shown >= state.trace.length;
  drawSequence(sequence, state.trace.slice(0, state.shown), reveal);
  drawTimeline(timeline, state.result?.summary);
  drawExpectations(state.result);
  drawMetrics(state.result?.summary);
}

function reveal(event: TraceEvent): void {
  // The host learns where each source index is written only from the run's result.
  if (state.result === undefined) {
    showStatus('Contract lines can be revealed once the run has ended.');
    return;
  }
  api.postMessage({ type: 'reveal', source: event.source });
}

function drawExpectations(result: SimulateResult | undefined): void {
  const results = result?.summary.expectations ?? [];
  if (results.length === 0) {
    expectations.replaceChildren(
      paragraph(result === undefined ? 'No run yet.' : 'The flow states no expectations.'),
    );
    return;
  }
  const list = element('ul', { class: 'expectations' });
  for (const entry of results) {
    const item = element('li', {
      class: entry.passed ? 'pass' : 'fail',
      tabindex: '0',
      role: 'button',
    });
    const verdict = element('strong');
    verdict.textContent = entry.passed ? 'pass' : 'fail';
    item.append(verdict, ` ${entry.text} (measured ${entry.actualText})`);
    item.title = 'Reveal the expectation in the contract';
    const open = (): void => api.postMessage({ type: 'reveal', source: entry.source });
    item.addEventListener('click', open);
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') open();
    });
    list.append(item);
  }
  expectations.replaceChildren(list);
}

function paragraph(text: string): HTMLElement {
  const created = element('p', { class: 'empty' });
  created.textContent = text;
  return created;
}

const METRIC_COLUMNS = ['count', 'errors', 'error %', 'min', 'mean', 'p50', 'p95', 'p99', 'max'];

function drawMetrics(summary: SimulationSummary | undefined): void {
  if (summary === undefined) {
    metrics.replaceChildren(paragraph('No run yet.'));
    return;
  }
  const groups: Array<[string, readonly CallSummary[]]> = [
    ['route', summary.routes],
    ['message', summary.messageMetrics],
    ['service', summary.services],
    ['queue', summary.queues],
  ];

  const table = element('table');
  const caption = element('caption');
  caption.textContent = 'Latencies in milliseconds of virtual time';
  const head = element('tr');
  for (const title of ['', 'name', ...METRIC_COLUMNS]) head.append(cell('th', title));
  table.append(caption, element('thead', {}, [head]));

  const body = element('tbody');
  for (const [kind, rows] of groups) {
    for (const row of rows) {
      if (row.count === 0) continue;
      const values = [
        String(row.count),
        String(row.errors),
        (row.errorRate * 100).toFixed(2),
        ...[row.minMs, row.meanMs, row.p50Ms, row.p95Ms, row.p99Ms, row.maxMs].map(formatMs),
      ];
      body.append(
        element('tr', {}, [
          cell('td', kind),
          cell('th', row.name),
          ...values.map((value) => cell('td', value)),
        ]),
      );
    }
  }
  table.append(body);
  metrics.replaceChildren(table);
}

function cell(tag: 'td' | 'th', text: string): HTMLElement {
  const created = element(tag);
  created.textContent = text;
  return created;
}

function formatMs(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function tick(): void {
  if (!state.playing || state.shown >= state.trace.length) return;
  state.shown = Math.min(state.trace.length, state.shown + EVENTS_PER_TICK);
  update();
}

layout();
update();
window.addEventListener('message', (event: MessageEvent<HostMessage>) => receive(event.data));
setInterval(tick, TICK_MS);
api.postMessage({ type: 'ready' });
