import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compilePlan } from '../../../server/src/sim/compile';
import { Simulation } from '../../../server/src/sim/engine';
import { BATCH_EVENTS } from '../../../server/src/sim/run';
import type { TraceEvent } from '../../../server/src/sim/trace';
import { REPO_ROOT } from '../../support/lsp-client';
import { contractOf, line, lines, SERVICES, simulate } from './support';

const BREAKER = `${SERVICES}routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    breaker: api-breaker
policies:
  api-breaker:
    kind: circuit-breaker
    consecutiveFailures: 3
    openDuration: 1s
flows:
  outage:
    route: get-item
    load: { rate: 10/s, count: 14 }
    faults:
      api:
        outages:
          - { start: 0ms, duration: 350ms }
  long-outage:
    route: get-item
    load: { rate: 10/s, count: 24 }
    faults:
      api:
        outages:
          - { start: 0ms, duration: 1500ms }
  capped-events:
    route: get-item
    load: { rate: 10/s, duration: 1h }
    limits: { maxEvents: 5 }
  busy:
    route: get-item
    load: { rate: 1000/s, duration: 1h }
  capped-time:
    route: get-item
    load: { rate: 10/s, duration: 1h }
    limits: { maxDuration: 250ms }
`;

const RETRY = `${SERVICES}routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    retry: api-retry
    timeout: 10s
  get-slow:
    method: GET
    path: /slow
    service: worker
    auth: none
    timeout: 15ms
policies:
  api-retry:
    kind: retry
    attempts: 4
    delay: 100ms
    backoff: exponential
    jitter: full
flows:
  flaky:
    route: get-item
    load: { count: 1 }
    faults:
      api:
        errorRate: 100%
        errorStatus: 503
  slow:
    route: get-slow
    load: { count: 1 }
`;

const GATEWAY = `${SERVICES}gateway:
  url: https://api.example
  middleware: [authentication, rate-limit, logging]
  authentication:
    user:
      type: jwt
      algorithm: HS256
      secretEnv: USER_JWT_SECRET
routes:
  get-item:
    method: GET
    path: /items/{id}
    service: api
    auth: user
    rateLimit: 2/s
  get-mine:
    method: GET
    path: /items/mine
    service: worker
    auth: none
flows:
  anonymous:
    route: get-item
    authenticated: false
    load: { count: 1 }
  burst:
    route: get-item
    clients: 2
    load: { rate: 10/s, count: 8 }
  down:
    route: get-mine
    load: { count: 1 }
    faults:
      worker:
        outages:
          - { start: 0s, duration: 1m }
`;

const BUS = `${SERVICES}  audit:
    protocol: http
    url: http://audit.internal:8080
    latency: 5ms
messages:
  ItemAdded:
    kind: event
    producer: api
    subscribers: [worker, audit]
    sends: [Reindex]
  Reindex:
    kind: command
    producer: worker
    handler: audit
  GetPrice:
    kind: query
    producer: api
    handler: worker
    reply: Price
    replyTimeout: 15ms
  GetStock:
    kind: query
    producer: api
    handler: audit
    reply: Price
    replyTimeout: 15ms
  Price:
    kind: response
    producer: worker
  Echo:
    kind: event
    producer: api
    subscribers: [worker, audit]
    sends: [Echo]
  Ping:
    kind: event
    producer: api
    subscribers: [worker]
    sends: [Pong]
  Pong:
    kind: event
    producer: worker
    subscribers: [api]
    sends: [Ping]
flows:
  fan-out:
    message: ItemAdded
    load: { count: 1 }
  slow-price:
    message: GetPrice
    load: { count: 1 }
  quick-stock:
    message: GetStock
    load: { count: 1 }
  ping-pong:
    message: Ping
    load: { count: 1 }
  echo:
    message: Echo
    load: { count: 1 }
`;

const QUEUES = `${SERVICES}messages:
  Charge:
    kind: command
    producer: api
    handler: worker
    queue: charges
  Email:
    kind: command
    producer: api
    handler: worker
    queue: emails
  Sms:
    kind: command
    producer: api
    handler: worker
    queue: texts
queues:
  charges:
    consumers: [worker]
    maxDeliveries: 3
    redeliveryDelay: 1s
    ackTimeout: 100ms
    deadLetter: charges-dead
  charges-dead:
    maxSize: 10
  emails:
    consumers: [worker]
    maxSize: 2
    whenFull: backpressure
  texts:
    consumers: [worker]
    maxSize: 1
    whenFull: reject
flows:
  worker-down:
    message: Charge
    load: { count: 1 }
    faults:
      worker:
        outages:
          - { start: 0s, duration: 1h }
  email-burst:
    message: Email
    load: { count: 4 }
  sms-burst:
    message: Sms
    load: { count: 2 }
`;

const BULKHEAD = `${SERVICES}routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    bulkhead: one-at-a-time
  get-slow:
    method: GET
    path: /slow
    service: worker
    auth: none
    bulkhead: short-wait
policies:
  one-at-a-time:
    kind: bulkhead
    maxConcurrent: 1
    maxQueue: 1
  short-wait:
    kind: bulkhead
    maxConcurrent: 1
    maxQueue: 5
    queueTimeout: 15ms
flows:
  crowd:
    route: get-item
    load: { count: 3 }
  impatient:
    route: get-slow
    load: { count: 2 }
`;

describe('simulation engine', () => {
  describe('circuit breaker', () => {
    it('opens after consecutive failures', () => {
      const run = simulate(BREAKER, 'outage');
      assert.deepEqual(lines(run).slice(0, 16), [
        '0 request client>gateway GET /items #1',
        '0 call gateway>api get-item #1 a1',
        '0 reply api>gateway get-item #1 a1 =connection-error',
        '0 response gateway>client get-item #1 =503',
        '100 request client>gateway GET /items #2',
        '100 call gateway>api get-item #2 a1',
        '100 reply api>gateway get-item #2 a1 =connection-error',
        '100 response gateway>client get-item #2 =503',
        '200 request client>gateway GET /items #3',
        '200 call gateway>api get-item #3 a1',
        '200 reply api>gateway get-item #3 a1 =connection-error',
        '200 breaker gateway api-breaker =open',
        '200 response gateway>client get-item #3 =503',
        '300 request client>gateway GET /items #4',
        '300 call gateway>api get-item #4 a1 =circuit-open',
        '300 response gateway>client get-item #4 =503',
      ]);
    });

    it('closes after a successful probe', () => {
      const run = simulate(BREAKER, 'outage');
      assert.deepEqual(lines(run).slice(-10), [
        '1200 request client>gateway GET /items #13',
        '1200 breaker gateway api-breaker =half-open',
        '1200 call gateway>api get-item #13 a1',
        '1210 reply api>gateway get-item #13 a1 =200',
        '1210 breaker gateway api-breaker =closed',
        '1210 response gateway>client get-item #13 =200',
        '1300 request client>gateway GET /items #14',
        '1300 call gateway>api get-item #14 a1',
        '1310 reply api>gateway get-item #14 a1 =200',
        '1310 response gateway>client get-item #14 =200',
      ]);
      const breaker = run.summary.breakers[0]!;
      assert.equal(breaker.opened, 1);
      assert.equal(breaker.rejected, 9);
    });

    it('reopens when the probe fails', () => {
      const run = simulate(BREAKER, 'long-outage');
      assert.deepEqual(lines(run, ['breaker']), [
        '200 breaker gateway api-breaker =open',
        '1200 breaker gateway api-breaker =half-open',
        '1200 breaker gateway api-breaker =open',
        '2200 breaker gateway api-breaker =half-open',
        '2210 breaker gateway api-breaker =closed',
      ]);
      assert.deepEqual(run.summary.routes[0]!.outcomes, { '200': 2, '503': 22 });
    });
  });

  describe('retry', () => {
    it('waits jittered delays for a seed', () => {
      const run = simulate(RETRY, 'flaky');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /items #1',
        '0 call gateway>api get-item #1 a1',
        '10 reply api>gateway get-item #1 a1 =503',
        '10 retry gateway api-retry #1 a2',
        '53.593 call gateway>api get-item #1 a2',
        '63.593 reply api>gateway get-item #1 a2 =503',
        '63.593 retry gateway api-retry #1 a3',
        '146.473 call gateway>api get-item #1 a3',
        '156.473 reply api>gateway get-item #1 a3 =503',
        '156.473 retry gateway api-retry #1 a4',
        '311.216 call gateway>api get-item #1 a4',
        '321.216 reply api>gateway get-item #1 a4 =503',
        '321.216 response gateway>client get-item #1 =503',
      ]);
    });

    it('keeps delays within jitter bounds', () => {
      for (const seed of [1, 2, 3, 42, 1000]) {
        const delays = retryDelays(simulate(RETRY, 'flaky', { seed }).trace);
        assert.equal(delays.length, 3, `seed ${seed}`);
        delays.forEach((delay, index) => {
          const cap = 100 * 2 ** index;
          assert.ok(
            delay >= 0 && delay <= cap,
            `seed ${seed}: delay ${delay} of retry ${index + 1} is outside 0..${cap}`,
          );
        });
      }
    });

    it('changes delays with the seed', () => {
      const first = retryDelays(simulate(RETRY, 'flaky', { seed: 1 }).trace);
      const second = retryDelays(simulate(RETRY, 'flaky', { seed: 2 }).trace);
      assert.notDeepEqual(first, second);
    });

    it('times out a slow attempt', () => {
      const run = simulate(RETRY, 'slow');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /slow #1',
        '0 call gateway>worker get-slow #1 a1',
        '15 timeout worker>gateway get-slow #1 a1 =timeout',
        '15 response gateway>client get-slow #1 =504',
      ]);
    });
  });

  describe('bulkhead', () => {
    it('queues then rejects when full', () => {
      const run = simulate(BULKHEAD, 'crowd');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /items #1',
        '0 call gateway>api get-item #1 a1',
        '0 request client>gateway GET /items #2',
        '0 request client>gateway GET /items #3',
        '0 response gateway>client get-item #3 =503',
        '10 reply api>gateway get-item #1 a1 =200',
        '10 response gateway>client get-item #1 =200',
        '10 call gateway>api get-item #2 a1',
        '20 reply api>gateway get-item #2 a1 =200',
        '20 response gateway>client get-item #2 =200',
      ]);
      assert.equal(run.trace[4]!.detail, 'the bulkhead is full');
    });

    it('rejects after the queue timeout', () => {
      const run = simulate(BULKHEAD, 'impatient');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /slow #1',
        '0 call gateway>worker get-slow #1 a1',
        '0 request client>gateway GET /slow #2',
        '15 response gateway>client get-slow #2 =503',
        '20 reply worker>gateway get-slow #1 a1 =200',
        '20 response gateway>client get-slow #1 =200',
      ]);
      assert.equal(run.trace[3]!.detail, 'no bulkhead slot freed within its queueTimeout');
    });
  });

  describe('gateway', () => {
    it('answers 401 without a token', () => {
      const run = simulate(GATEWAY, 'anonymous');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /items/id-1 #1',
        '0 reject gateway>client get-item #1 =401',
      ]);
    });

    it('limits the rate per client', () => {
      const run = simulate(GATEWAY, 'burst');
      const answers = run.trace
        .filter((event) => event.kind === 'response' || event.kind === 'reject')
        .map((event) => `${event.timeMs} ${event.outcome}`);
      assert.deepEqual(answers, [
        '10 200',
        '110 200',
        '210 200',
        '310 200',
        '400 429',
        '500 429',
        '610 200',
        '710 200',
      ]);
      const rejected = run.trace
        .filter((event) => event.kind === 'reject')
        .map((event) => event.detail);
      assert.deepEqual(rejected, ['client 1 is over 2/s', 'client 2 is over 2/s']);
    });

    it('answers 503 for an unreachable service', () => {
      const run = simulate(GATEWAY, 'down');
      assert.deepEqual(lines(run), [
        '0 request client>gateway GET /items/mine #1',
        '0 call gateway>worker get-mine #1 a1',
        '0 reply worker>gateway get-mine #1 a1 =connection-error',
        '0 response gateway>client get-mine #1 =503',
      ]);
    });

    it('answers 404 and prefers concrete paths', () => {
      const plan = compilePlan(contractOf(GATEWAY), 'anonymous');
      const sim = new Simulation(plan);
      sim.injectRequest(5, 'GET', '/nothing/here');
      sim.injectRequest(6, 'GET', '/items/mine');
      sim.injectRequest(7, 'DELETE', '/items/mine');
      sim.run();
      assert.deepEqual(sim.trace.kept.map(line), [
        '0 request client>gateway GET /items/id-1 #1',
        '0 reject gateway>client get-item #1 =401',
        '5 request client>gateway GET /nothing/here #2',
        '5 reject gateway>client no route #2 =404',
        '6 request client>gateway GET /items/mine #3',
        '6 call gateway>worker get-mine #3 a1',
        '7 request client>gateway DELETE /items/mine #4',
        '7 reject gateway>client no route #4 =404',
        '26 reply worker>gateway get-mine #3 a1 =200',
        '26 response gateway>client get-mine #3 =200',
      ]);
      assert.equal(sim.gateway.unmatched, 2);
    });
  });

  describe('bus', () => {
    it('fans events out except to the publisher', () => {
      const run = simulate(BUS, 'fan-out');
      assert.deepEqual(lines(run), [
        '0 send api ItemAdded #1',
        '0 deliver api>worker ItemAdded #1 a1',
        '0 deliver api>audit ItemAdded #1 a1',
        '5 send audit Reindex #2',
        '5 deliver audit Reindex #2 a1',
        '20 send worker>audit Reindex #3',
        '20 deliver worker>audit Reindex #3 a1',
      ]);
    });

    it('fails a query whose reply is late', () => {
      const run = simulate(BUS, 'slow-price');
      assert.deepEqual(lines(run), [
        '0 send api>worker GetPrice #1',
        '0 deliver api>worker GetPrice #1 a1',
        '15 reply-timeout api GetPrice #1 =timeout',
        '20 late-reply worker>api Price #1',
      ]);
      assert.deepEqual(
        run.summary.messageMetrics.find((metrics) => metrics.name === 'GetPrice')!.outcomes,
        {
          timeout: 1,
        },
      );
    });

    it('correlates a reply in time', () => {
      const run = simulate(BUS, 'quick-stock');
      assert.deepEqual(lines(run), [
        '0 send api>audit GetStock #1',
        '0 deliver api>audit GetStock #1 a1',
        '5 reply audit>api Price #1',
      ]);
      assert.deepEqual(
        run.summary.messageMetrics.find((metrics) => metrics.name === 'GetStock')!.outcomes,
        { ok: 1 },
      );
    });

    it('stops at a message cycle', () => {
      const run = simulate(BUS, 'ping-pong');
      assert.equal(run.summary.stopReason, 'cycle');
      assert.deepEqual(run.summary.cycle, ['Ping', 'Pong', 'Ping']);
      assert.equal(line(run.trace.at(-1)!), '140 cycle worker Ping → Pong → Ping =cycle');
      assert.equal(run.summary.passed, false);
    });
  });

  describe('cycles', () => {
    it('bounds a fanned-out cycle', () => {
      const run = simulate(BUS, 'echo');
      assert.equal(run.summary.stopReason, 'cycle');
      assert.deepEqual(run.summary.cycle, ['Echo', 'Echo']);
      assert.ok(run.summary.events < 100, `${run.summary.events} events`);
    });

    it('skips the sender of an event', () => {
      const run = simulate(BUS, 'echo');
      const selfDeliveries = run.trace.filter(
        (event) => event.kind === 'deliver' && event.from === event.to,
      );
      assert.deepEqual(selfDeliveries, []);
    });
  });

  describe('queues', () => {
    it('dead-letters after max deliveries', () => {
      const run = simulate(QUEUES, 'worker-down');
      assert.deepEqual(lines(run), [
        '0 send api>queue:charges Charge #1',
        '0 enqueue api>queue:charges Charge #1',
        '0 deliver queue:charges>worker Charge #1 a1',
        '100 redeliver queue:charges Charge #1 a1 =connection-error',
        '1100 deliver queue:charges>worker Charge #1 a2',
        '1200 redeliver queue:charges Charge #1 a2 =connection-error',
        '2200 deliver queue:charges>worker Charge #1 a3',
        '2300 dead-letter queue:charges>queue:charges-dead Charge #1 a3',
      ]);
      const dead = run.summary.queues.find((queue) => queue.name === 'charges-dead')!;
      assert.equal(dead.enqueued, 1);
    });

    it('applies back-pressure when full', () => {
      const run = simulate(QUEUES, 'email-burst');
      assert.deepEqual(lines(run), [
        '0 send api>queue:emails Email #1',
        '0 enqueue api>queue:emails Email #1',
        '0 deliver queue:emails>worker Email #1 a1',
        '0 send api>queue:emails Email #2',
        '0 enqueue api>queue:emails Email #2',
        '0 deliver queue:emails>worker Email #2 a1',
        '0 send api>queue:emails Email #3',
        '0 backpressure api>queue:emails Email #3',
        '0 send api>queue:emails Email #4',
        '0 backpressure api>queue:emails Email #4',
        '20 ack worker>queue:emails Email #1 a1',
        '20 enqueue api>queue:emails Email #3',
        '20 deliver queue:emails>worker Email #3 a1',
        '20 ack worker>queue:emails Email #2 a1',
        '20 enqueue api>queue:emails Email #4',
        '20 deliver queue:emails>worker Email #4 a1',
        '40 ack worker>queue:emails Email #3 a1',
        '40 ack worker>queue:emails Email #4 a1',
      ]);
      assert.equal(run.summary.queues.find((queue) => queue.name === 'emails')!.maxDepth, 2);
    });

    it('rejects when full', () => {
      const run = simulate(QUEUES, 'sms-burst');
      assert.deepEqual(lines(run, ['enqueue', 'queue-full', 'ack']), [
        '0 enqueue api>queue:texts Sms #1',
        '0 queue-full api>queue:texts Sms #2',
        '20 ack worker>queue:texts Sms #1 a1',
      ]);
      assert.equal(run.summary.queues.find((queue) => queue.name === 'texts')!.rejected, 1);
    });
  });

  describe('bounds', () => {
    it('reports the event limit', () => {
      const run = simulate(BREAKER, 'capped-events');
      assert.equal(run.summary.stopReason, 'max-events');
      assert.equal(run.summary.events, 5);
      assert.equal(line(run.trace.at(-1)!), '200 limit client max-events =max-events');
      assert.match(run.summary.stopDetail!, /limit of 5 events \(limits\.maxEvents\)/);
    });

    it('reports the duration limit', () => {
      const run = simulate(BREAKER, 'capped-time');
      assert.equal(run.summary.stopReason, 'max-duration');
      assert.equal(run.summary.virtualMs, 250);
      assert.match(
        run.summary.stopDetail!,
        /limit of 250 ms of virtual time \(limits\.maxDuration\)/,
      );
    });

    it('stops when cancelled', () => {
      let checks = 0;
      const run = simulate(BREAKER, 'busy', { isCancelled: () => ++checks === 2 });
      assert.equal(run.summary.stopReason, 'cancelled');
      assert.equal(run.summary.events, 2 * BATCH_EVENTS);
    });

    it('reports progress between batches', () => {
      const fractions: number[] = [];
      simulate(BREAKER, 'busy', {
        onProgress: (fraction) => fractions.push(fraction),
        isCancelled: () => fractions.length === 2,
      });
      assert.equal(fractions.length, 3);
      assert.ok(
        fractions[0]! > 0 && fractions[0]! < fractions[1]! && fractions[1]! < fractions[2]!,
        `${fractions}`,
      );
    });
  });

  describe('determinism', () => {
    const shop = fs.readFileSync(path.join(REPO_ROOT, 'examples/shop/comm.yaml'), 'utf8');

    it('repeats the trace for a seed', () => {
      const first = fullTrace(shop, 'checkout-rush', 5);
      const second = fullTrace(shop, 'checkout-rush', 5);
      assert.ok(first.length > 1000, `only ${first.length} events`);
      assert.deepEqual(second, first);
    });

    it('differs for another seed', () => {
      assert.notDeepEqual(fullTrace(shop, 'checkout-rush', 6), fullTrace(shop, 'checkout-rush', 5));
    });
  });
});

/** The waits before each retry: from the failed attempt's reply to the next call. */
function retryDelays(trace: readonly TraceEvent[]): number[] {
  const delays: number[] = [];
  trace.forEach((event, index) => {
    if (event.kind !== 'retry') return;
    const next = trace.slice(index + 1).find((later) => later.kind === 'call')!;
    delays.push(next.timeMs - event.timeMs);
  });
  return delays;
}

function fullTrace(text: string, flow: string, seed: number): string[] {
  const events: string[] = [];
  simulate(text, flow, {
    seed,
    traceLimit: 0,
    onTrace: (event) => {
      if (events.length < 20_000) events.push(`${line(event)} ${event.detail ?? ''}`);
    },
  });
  return events;
}
