import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { panelHtml } from '../../client/src/panel/html';
import type { HostMessage } from '../../client/src/panel/messages';
import type { FlowRun } from '../../server/src/sim/run';
import { REPO_ROOT } from '../support/lsp-client';
import { simulate } from '../unit/sim/support';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MEDIA = path.join(REPO_ROOT, 'media/simulation');
const HOSTILE_MESSAGE = '<img src=x onerror=alert(1)>';
const HOSTILE_SERVICE = '<b>api</b>';

/** A contract whose names are markup, with retries, timeouts and dead-lettering to draw. */
const CONTRACT = `switchboard: 1
services:
  '${HOSTILE_SERVICE}':
    protocol: http
    url: http://api.internal:8080
    timeout: 9ms
    latency: { distribution: uniform, min: 4ms, max: 12ms }
  worker:
    protocol: http
    url: http://worker.internal:8080
    latency: 20ms
routes:
  get-item:
    method: GET
    path: /items
    service: '${HOSTILE_SERVICE}'
    auth: none
    retry: twice
    request: PlaceItem
messages:
  PlaceItem:
    kind: command
    producer: gateway
    handler: '${HOSTILE_SERVICE}'
    sends: ['${HOSTILE_MESSAGE}']
  '${HOSTILE_MESSAGE}':
    kind: command
    producer: '${HOSTILE_SERVICE}'
    handler: worker
    queue: charges
queues:
  charges:
    consumers: [worker]
    maxDeliveries: 2
    ackTimeout: 100ms
    deadLetter: charges-dead
  charges-dead:
    maxSize: 100
policies:
  twice:
    kind: retry
    attempts: 3
    delay: 50ms
flows:
  checkout:
    route: get-item
    load: { rate: 10/s, count: 4 }
    seed: 3
    faults:
      worker:
        outages:
          - { start: 0s, duration: 1h }
    expect:
      - { queue: charges, metric: deadLettered, max: 0 }
`;

interface PageWindow {
  posted: unknown[];
}

describe('simulation panel page', function () {
  this.timeout(60_000);
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let run: FlowRun;
  let dialogs: string[];
  let violations: string[];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium package to run the panel page tests.`,
      );
    }
    run = simulate(CONTRACT, 'checkout');
    server = http.createServer((request, response) => serve(origin, request.url ?? '/', response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) =>
      server === undefined ? resolve() : server.close(() => resolve()),
    );
  });

  beforeEach(async () => {
    page = await browser.newPage();
    dialogs = [];
    violations = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.addInitScript(() => {
      const target = window as unknown as PageWindow & { acquireVsCodeApi: () => unknown };
      target.posted = [];
      target.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => target.posted.push(message),
      });
    });
    await page.goto(`${origin}/`);
    await renderRun(page, run);
  });

  afterEach(async () => {
    await page?.close();
  });

  it('draws the trace as a sequence diagram', async () => {
    const rows = await page.locator('#sequence g.event').count();
    assert.equal(rows, run.trace.length);
    const names = await page.locator('#sequence .lifeline title').allTextContents();
    assert.deepEqual(names, [
      'client',
      'gateway',
      HOSTILE_SERVICE,
      'queue:charges',
      'worker',
      'queue:charges-dead',
    ]);
    const labels = await page.locator('#sequence g.event .label').allTextContents();
    assert.equal(labels[0], 'request GET /items');
  });

  it('marks retries, timeouts and dead letters', async () => {
    for (const kind of ['retry', 'timeout', 'dead-letter', 'redeliver']) {
      const expected = run.trace.filter((event) => event.kind === kind).length;
      assert.ok(expected > 0, `the run has no ${kind} event to draw`);
      assert.equal(await page.locator(`#sequence g.kind-${kind}`).count(), expected, kind);
    }
  });

  it('shows contract names as text', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('#sequence b, #metrics b').count(), 0);
    const labels = await page.locator('#sequence g.event .label').allTextContents();
    assert.ok(
      labels.some((text) => text.includes(HOSTILE_MESSAGE)),
      labels.join('\n'),
    );
    const metrics = await page.locator('#metrics tbody th').allTextContents();
    assert.ok(metrics.includes(HOSTILE_SERVICE), metrics.join(', '));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(violations, []);
  });

  it('reveals the line of a clicked event', async () => {
    await page.locator('#sequence g.event').nth(1).click();
    assert.deepEqual(await posted(page), [
      { type: 'ready' },
      { type: 'reveal', source: run.trace[1]!.source },
    ]);
  });

  it('moves between events by keyboard', async () => {
    await page.locator('#sequence g.event').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', source: run.trace[2]!.source });
  });

  it('shows failed expectations', async () => {
    const items = await page.locator('#expectations li').allTextContents();
    assert.deepEqual(items, [
      `fail queue charges deadLettered ≤ 0 (measured ${run.summary.queues[0]!.deadLettered})`,
    ]);
  });

  it('sends run with the flow and seed', async () => {
    await page.fill('#seed', '42');
    await page.press('#seed', 'Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'run', flow: 'checkout', seed: 42 });
  });

  it('steps one event when paused', async () => {
    await sendToPage(page, { type: 'started', runId: 'run-2', flow: 'checkout', seed: undefined });
    await page.click('#pause');
    await sendToPage(page, {
      type: 'progress',
      runId: 'run-2',
      fraction: 0.5,
      virtualMs: 100,
      trace: [...run.trace],
    });
    assert.equal(await page.locator('#sequence g.event').count(), 0);
    await page.click('#step');
    await page.click('#step');
    assert.equal(await page.locator('#sequence g.event').count(), 2);
    assert.equal(
      await page.locator('#progress').evaluate((element) => (element as HTMLProgressElement).value),
      0.5,
    );
  });
});

/** Markup that would add an element and run script if the page parsed a name as HTML. */
function markup(kind: string): string {
  return (
    `<img src=x onerror="window.injected='${kind}'"><script>window.injected='${kind}'</script>` +
    `<svg onload="window.injected='${kind}'"></svg><b>${kind}</b>`
  );
}

/** One markup name for every kind of name the page shows. */
const NAMES = {
  contract: markup('contract'),
  service: markup('service'),
  route: markup('route'),
  message: markup('message'),
  queue: markup('queue'),
  flow: markup('flow'),
  policy: markup('policy'),
};

/** A flow through every markup name whose breaker opens and whose expectation fails. */
function markupContract(): string {
  const { service, route, message, queue, flow, policy } = NAMES;
  return stringify({
    switchboard: 1,
    services: {
      [service]: {
        protocol: 'http',
        url: 'http://api.internal:8080',
        latency: '5ms',
        breaker: policy,
      },
      worker: { protocol: 'http', url: 'http://worker.internal:8080', latency: '5ms' },
    },
    routes: {
      [route]: {
        method: 'POST',
        path: '/items',
        service,
        auth: 'none',
        request: 'Place',
      },
    },
    messages: {
      Place: { kind: 'command', producer: 'gateway', handler: service, sends: [message] },
      [message]: { kind: 'command', producer: service, handler: 'worker', queue },
    },
    queues: { [queue]: { consumers: ['worker'] } },
    policies: {
      [policy]: { kind: 'circuit-breaker', consecutiveFailures: 1, openDuration: '50ms' },
    },
    flows: {
      [flow]: {
        route,
        load: { rate: '10/s', count: 20 },
        seed: 7,
        faults: { [service]: { errorRate: 0.5 } },
        expect: [{ route, metric: 'p95', max: '1ms' }],
      },
    },
  });
}

describe('simulation panel page with markup names', function () {
  this.timeout(60_000);
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];
  let text: string;

  before(async () => {
    const run = simulate(markupContract(), NAMES.flow);
    server = http.createServer((request, response) => serve(origin, request.url ?? '/', response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage();
    dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      const target = window as unknown as PageWindow & { acquireVsCodeApi: () => unknown };
      target.posted = [];
      target.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => target.posted.push(message),
      });
    });
    await page.goto(`${origin}/`);
    await renderRun(page, run, NAMES.flow, NAMES.contract);
    text = await page.evaluate(() => {
      const titles = Array.from(document.querySelectorAll('title, option')).map(
        (node) => node.textContent,
      );
      return `${document.body.textContent ?? ''}\n${titles.join('\n')}`;
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) =>
      server === undefined ? resolve() : server.close(() => resolve()),
    );
  });

  for (const [kind, name] of Object.entries(NAMES)) {
    it(`shows the ${kind} name as text`, () => {
      assert.ok(text.includes(name), `the page does not show the ${kind} name`);
    });
  }

  it('shows the expectation text', () => {
    assert.match(text, /fail route <img src=x onerror=.*route<\/b> p95/);
  });

  it('creates no element from names', async () => {
    const count = await page.evaluate(
      () => document.querySelectorAll('img, b, iframe, object, embed, body svg svg').length,
    );
    assert.equal(count, 0);
    assert.equal(await page.locator('script').count(), 1);
  });

  it('runs no script from names', async () => {
    assert.equal(await page.evaluate(() => (window as { injected?: string }).injected), undefined);
    assert.deepEqual(dialogs, []);
  });
});

/** Serves the panel page, its script and its stylesheet. */
function serve(origin: string, url: string, response: http.ServerResponse): void {
  if (url === '/') {
    const html = panelHtml({
      cspSource: origin,
      nonce: 'dGVzdC1ub25jZS0xMjM0',
      scriptUri: `${origin}/page.js`,
      styleUri: `${origin}/page.css`,
    });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  const file = { '/page.js': 'page.js', '/page.css': 'page.css' }[url];
  if (file === undefined) {
    response.writeHead(404).end();
    return;
  }
  const type = file.endsWith('.js') ? 'text/javascript' : 'text/css';
  response.writeHead(200, { 'content-type': type }).end(fs.readFileSync(path.join(MEDIA, file)));
}

async function posted(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (window as unknown as PageWindow).posted);
}

async function sendToPage(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((data) => window.postMessage(data, '*'), message as unknown);
}

/** Sends a finished run to the page as the host would, and waits until every event is drawn. */
async function renderRun(
  page: Page,
  run: FlowRun,
  flow = 'checkout',
  contract = 'comm.yaml',
): Promise<void> {
  await page.waitForFunction(() => (window as unknown as PageWindow).posted.length > 0);
  await sendToPage(page, {
    type: 'flows',
    contract,
    flows: [
      {
        name: flow,
        uri: 'file:///comm.yaml',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ],
    selected: flow,
  });
  await sendToPage(page, { type: 'started', runId: 'run-1', flow, seed: undefined });
  await sendToPage(page, {
    type: 'progress',
    runId: 'run-1',
    fraction: 1,
    virtualMs: run.summary.virtualMs,
    trace: [...run.trace],
  });
  await sendToPage(page, {
    type: 'result',
    result: {
      runId: 'run-1',
      summary: run.summary,
      sources: [...run.sources],
      traceCount: run.trace.length,
    },
  });
  await page.waitForFunction(
    (count) => document.querySelectorAll('#sequence g.event').length === count,
    run.trace.length,
  );
}
