import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { normalizeRetryPolicy } from '../../../server/src/policy/retry';
import { delayBounds } from '../../../server/src/policy/backoff';
import { compile, generateInto, outputFolder, SHOP_CONTRACT } from '../../support/generated';
import { REPO_ROOT } from '../../support/lsp-client';
import { ManualClock, settle, SkippingClock } from '../../support/test-clock';

const FAULTS_CONTRACT = path.join(REPO_ROOT, 'test/fixtures/codegen/faults.comm.yaml');

type Behavior = { status: number; headers?: Record<string, string> } | 'slow' | 'drop';

/** A node:http server that responds to each request with the next scripted behavior, else 200. */
class FaultServer {
  readonly requests: string[] = [];
  readonly authorizations: Array<string | undefined> = [];
  script: Behavior[] = [];
  private readonly server = http.createServer((request, response) =>
    this.answer(request, response),
  );

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.requests.push(request.url ?? '');
    this.authorizations.push(request.headers.authorization);
    const behavior = this.script.shift() ?? { status: 200 };
    if (behavior === 'drop') {
      request.socket.destroy();
      return;
    }
    if (behavior === 'slow') {
      const timer = setTimeout(() => response.end(JSON.stringify({ id: 'late' })), 3000);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    response.writeHead(behavior.status, {
      'content-type': 'application/json',
      ...behavior.headers,
    });
    response.end(JSON.stringify({ id: 'item' }));
  }
}

interface StoreClient {
  flaky(request: { path: { id: string } }): Promise<{ id: string }>;
  guarded(): Promise<{ id: string }>;
  narrow(): Promise<void>;
  readonly $metrics: {
    get(route: string): { count: number; errors: number; retries: number } | undefined;
  };
}

describe('generated HTTP client', function () {
  this.timeout(120_000);
  const server = new FaultServer();
  let baseUrl = '';
  let StoreClient: new (options: object) => StoreClient;
  const retry = normalizeRetryPolicy({
    attempts: 4,
    delay: '100ms',
    maxDelay: '5s',
    jitter: 'equal',
    retryOn: [],
  });

  before(async () => {
    const folder = outputFolder('faults');
    generateInto(FAULTS_CONTRACT, folder);
    assert.deepEqual(compile(folder, `${folder}-js`), []);
    StoreClient = require(`${folder}-js/clients/store.js`).StoreClient;
    baseUrl = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.authorizations.length = 0;
    server.script = [];
  });

  it('retries a 503 burst', async () => {
    const clock = new SkippingClock();
    server.script = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const item = await new StoreClient({ baseUrl, clock })
      .flaky({ path: { id: 'a/b' } })
      .catch((error: unknown) => {
        throw new Error(`${String(error)}; server saw ${JSON.stringify(server.requests)}`);
      });
    assert.equal(item.id, 'item');
    assert.equal(server.requests.length, 4);
    assert.equal(server.requests[0], '/flaky/a%2Fb');
    clock.sleeps.forEach((delay, index) => {
      const bounds = delayBounds(retry, index + 1);
      assert.ok(
        delay >= bounds.minMs && delay <= bounds.maxMs,
        `retry ${index + 1} waited ${delay} ms`,
      );
    });
    assert.equal(clock.sleeps.length, 3);
  });

  it('waits the Retry-After of a 429', async () => {
    const clock = new SkippingClock();
    server.script = [{ status: 429, headers: { 'retry-after': '2' } }];
    await new StoreClient({ baseUrl, clock }).flaky({ path: { id: 'x' } });
    assert.deepEqual(clock.sleeps, [2000]);
  });

  it('retries a slow response', async () => {
    const clock = new SkippingClock();
    server.script = ['slow'];
    const item = await new StoreClient({ baseUrl, clock }).flaky({ path: { id: 'x' } });
    assert.equal(item.id, 'item');
    assert.equal(server.requests.length, 2);
  });

  it('retries a dropped connection', async () => {
    const clock = new SkippingClock();
    server.script = ['drop', 'drop'];
    const item = await new StoreClient({ baseUrl, clock }).flaky({ path: { id: 'x' } });
    assert.equal(item.id, 'item');
    assert.equal(server.requests.length, 3);
  });

  it('gives up after max attempts', async () => {
    const clock = new SkippingClock();
    server.script = [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }];
    await assert.rejects(new StoreClient({ baseUrl, clock }).flaky({ path: { id: 'x' } }), {
      status: 503,
    });
    assert.equal(server.requests.length, 4);
  });

  it('counts calls in its metrics', async () => {
    const clock = new SkippingClock();
    const client = new StoreClient({ baseUrl, clock });
    server.script = [{ status: 503 }];
    await client.flaky({ path: { id: 'x' } });
    server.script = [{ status: 404 }];
    await assert.rejects(client.flaky({ path: { id: 'y' } }), { status: 404 });
    const figures = client.$metrics.get('flaky');
    assert.equal(figures?.count, 2);
    assert.equal(figures?.errors, 1);
    assert.equal(figures?.retries, 1);
  });

  it('sends the provided bearer token', async () => {
    const tokenProvider = (scheme: string) => (scheme === 'customer' ? 'token-1' : undefined);
    await new StoreClient({ baseUrl, tokenProvider }).narrow();
    assert.deepEqual(server.authorizations, ['Bearer token-1']);
  });

  it('rejects calls beyond the bulkhead', async () => {
    const client = new StoreClient({ baseUrl, tokenProvider: () => 'token-1' });
    server.script = ['slow'];
    const first = client.narrow();
    await assert.rejects(client.narrow(), { name: 'BulkheadFullError' });
    await assert.rejects(first, { name: 'TimeoutError' });
    assert.equal(server.requests.length, 1);
  });

  it('opens, fails fast and closes the breaker', async () => {
    const clock = new SkippingClock();
    const client = new StoreClient({ baseUrl, clock });
    server.script = [{ status: 500 }, { status: 500 }, { status: 500 }];
    for (let call = 0; call < 3; call++) await assert.rejects(client.guarded(), { status: 500 });
    await assert.rejects(client.guarded(), { name: 'CircuitOpenError' });
    assert.equal(server.requests.length, 3);

    clock.skip(5000);
    const probe = await client.guarded();
    assert.equal(probe.id, 'item');
    await client.guarded();
    assert.equal(server.requests.length, 5);
  });

  it('reopens on a failed probe', async () => {
    const clock = new SkippingClock();
    const client = new StoreClient({ baseUrl, clock });
    server.script = [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 503 }];
    for (let call = 0; call < 3; call++) await assert.rejects(client.guarded());
    clock.skip(5000);
    await assert.rejects(client.guarded(), { status: 503 });
    await assert.rejects(client.guarded(), { name: 'CircuitOpenError' });
    assert.equal(server.requests.length, 4);
  });
});

interface ShopModule {
  createBus(options: object): {
    idle(): Promise<void>;
    deadLetters(
      queue: string,
    ): ReadonlyArray<{ payload: { algorithm?: string }; deliveries: number }>;
  };
  busFor(
    runtime: unknown,
    service: string,
  ): {
    send(name: string, payload: unknown): Promise<unknown>;
    query(name: string, payload: unknown): Promise<unknown>;
  };
}

describe('generated handlers on the bus', function () {
  this.timeout(120_000);
  let shop: ShopModule;
  let registerPayments: (runtime: unknown, handlers: object) => () => void;
  let registerOrders: (runtime: unknown, handlers: object) => () => void;
  const env = { SHOP_PAYLOAD_KEY: 'ab'.repeat(32) };
  const charge = {
    orderId: '0b6f9a52-3c1e-4f57-9d0a-6f2e8c1b7a44',
    amount: { amount: 1299, currency: 'EUR' },
    method: { type: 'card', token: 'tok_1' },
  };

  before(() => {
    const folder = outputFolder('bus-shop');
    generateInto(SHOP_CONTRACT, folder);
    assert.deepEqual(compile(folder, `${folder}-js`), []);
    shop = require(`${folder}-js/index.js`);
    registerPayments = require(`${folder}-js/handlers/payments.js`).registerPaymentsHandlers;
    registerOrders = require(`${folder}-js/handlers/orders.js`).registerOrdersHandlers;
  });

  it('correlates command and reply', async () => {
    const runtime = shop.createBus({ env });
    registerPayments(runtime, {
      handleChargePayment: (payload: typeof charge) => ({
        orderId: payload.orderId,
        outcome: 'captured',
      }),
    });
    const reply = await shop.busFor(runtime, 'orders').send('ChargePayment', charge);
    assert.deepEqual(reply, { orderId: charge.orderId, outcome: 'captured' });
  });

  it('times out a missing reply', async () => {
    const clock = new ManualClock();
    const runtime = shop.createBus({ env, clock });
    registerOrders(runtime, { handleGetOrderContact: () => new Promise(() => undefined) });
    const reply = shop
      .busFor(runtime, 'notifications')
      .query('GetOrderContact', { orderId: charge.orderId });
    const rejection = assert.rejects(reply, { name: 'TimeoutError' });
    await clock.advance(2000);
    await rejection;
  });

  it('dead-letters after max deliveries', async () => {
    const clock = new ManualClock();
    const runtime = shop.createBus({ env, clock });
    let deliveries = 0;
    registerPayments(runtime, {
      handleChargePayment: () => {
        deliveries++;
        throw new Error('card processor down');
      },
    });
    const reply = shop.busFor(runtime, 'orders').send('ChargePayment', charge);
    const rejection = assert.rejects(reply, { name: 'TimeoutError' });
    await clock.advance(30000);
    await rejection;
    await settle();
    assert.equal(deliveries, 3);
    const dead = runtime.deadLetters('payment-requests-dead');
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.payload.algorithm, 'aes-256-gcm');
  });
});
