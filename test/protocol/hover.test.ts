import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, Hover, HoverRequest } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';
const SHOP = fs.readFileSync(path.join(REPO_ROOT, 'examples/shop/comm.yaml'), 'utf8');

/** The position of `text` on the first line that starts with `line` after trimming. */
function positionOf(lineStart: string, text: string): { line: number; character: number } {
  const lines = SHOP.split('\n');
  const line = lines.findIndex((candidate) => candidate.trim().startsWith(lineStart));
  assert.ok(line >= 0, `no line starts with ${lineStart}`);
  return { line, character: lines[line]!.indexOf(text) + 1 };
}

describe('hover over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
    client.open(URI, SHOP);
    await client.diagnostics(URI);
  });

  after(async () => {
    await client.stop();
  });

  async function hover(lineStart: string, text: string): Promise<Hover | null> {
    return client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(lineStart, text),
    });
  }

  function valueOf(result: Hover | null): string {
    return (result?.contents as { value: string } | undefined)?.value ?? '';
  }

  it('describes a key from the schema', async () => {
    const result = await hover('idempotent: true', 'idempotent');
    assert.equal(
      valueOf(result),
      '`idempotent`: Whether calling the method twice has the same effect as calling it once, which makes it safe to retry.',
    );
    const { line } = positionOf('idempotent: true', 'idempotent');
    assert.deepEqual(result?.range, {
      start: { line, character: 8 },
      end: { line, character: 18 },
    });
  });

  it('summarizes a referenced message', async () => {
    const result = await hover('request: PlaceOrder', 'PlaceOrder');
    assert.equal(
      valueOf(result),
      "**command** `PlaceOrder`\n\nA customer's order. It takes its lines from the cart's reservation.\n\n" +
        '- producer: gateway\n- handler: orders',
    );
    const { line } = positionOf('request: PlaceOrder', 'PlaceOrder');
    assert.deepEqual(result?.range, {
      start: { line, character: 13 },
      end: { line, character: 23 },
    });
  });

  it('explains a retry policy with its timeouts', async () => {
    const result = await hover('retry: write-retry', 'write-retry');
    assert.equal(
      valueOf(result),
      '**retry policy** `write-retry`\n\nFor idempotent writes.\n\n' +
        '2 attempts; waits up to 100 ms (full jitter); retries on 503 and connection-error; at most 3 s in all; ' +
        'worst case 1.7 s if every attempt times out at 800 ms and no Retry-After header sets a wait',
    );
  });

  it('explains a circuit breaker', async () => {
    const result = await hover('payments-breaker:', 'payments-breaker');
    assert.equal(
      valueOf(result),
      '**circuit-breaker policy** `payments-breaker`\n\n' +
        'The card processor fails in bursts; open on a failure rate over time.\n\n' +
        'Opens when 25% of the calls of the last 30 s fail, or when 50% of them take longer than 2 s ' +
        '(once the window has 20 calls); stays open 30 s; closes after 1 successful probe',
    );
  });

  it('shows a route resilience chain', async () => {
    const result = await hover('place-order:', 'place-order');
    assert.equal(
      valueOf(result),
      [
        '**route** `place-order`',
        '',
        'Places an order for a reserved cart. The client generates the order id, and orders',
        'returns the existing order when the same id arrives again, so the route may be retried.',
        '',
        '`POST /orders` → orders /v1/orders',
        '',
        'Resilience, outermost first:',
        '- total timeout `checkout-timeout` (route): fails the request after 5 s, retries included',
        '- bulkhead `checkout-bulkhead` (route): runs at most 64 calls at once; queues up to 128 more for at most 500 ms; rejects the rest',
        '- retry `write-retry` (route): 2 attempts; waits up to 100 ms (full jitter); retries on 503 and connection-error; ' +
          'at most 3 s in all; worst case 1.7 s if every attempt times out at 800 ms and no Retry-After header sets a wait',
        '- circuit breaker `orders-breaker` (route): opens after 5 failures in a row; stays open 15 s; closes after 2 successful probes',
        "- attempt timeout (service 'orders'): fails one attempt after 800 ms",
        '',
        'Worst-case latency: 2.2 s if every attempt times out, 500 ms of it waiting for the bulkhead.',
      ].join('\n'),
    );
  });

  it('takes a gRPC method policy', async () => {
    const text = valueOf(await hover('reserve-cart:', 'reserve-cart'));
    assert.match(text, /- retry `reserve-retry` \(method 'Reserve'\): 3 attempts/);
    assert.match(text, /- attempt timeout \(method 'Reserve'\): fails one attempt after 800 ms/);
    assert.match(text, /Worst-case latency: 2\.8 s if every attempt times out\.$/);
  });

  it('summarizes a schema reference', async () => {
    const text = valueOf(await hover("sku: { $ref: '#/schemas/Sku' }", '#/schemas'));
    assert.equal(text, '**schema** `Sku`\n\ntype: string');
  });

  it('names a fault key service', async () => {
    const text = valueOf(await hover('orders:', 'orders'));
    assert.match(text, /^\*\*service\*\* `orders`\n/);
  });

  it('returns null between entries', async () => {
    const result = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: { line: positionOf('tags: [checkout]', 'tags').line + 1, character: 0 },
    });
    assert.equal(result, null);
  });
});

describe('code lenses over stdio', () => {
  it('marks each service and flow', async () => {
    const client = await TestClient.start();
    try {
      const text =
        'switchboard: 1\nservices:\n  orders: { protocol: http, url: http://o:1 }\n' +
        'flows:\n  rush:\n    route: r\n  "quiet flow":\n    route: r\n';
      client.open(URI, text);
      await client.diagnostics(URI);
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, {
        textDocument: { uri: URI },
      });
      assert.deepEqual(lenses, [
        {
          range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } },
          command: {
            title: 'Generate client',
            command: 'switchboard.generateClient',
            arguments: [URI, 'orders'],
          },
        },
        {
          range: { start: { line: 4, character: 2 }, end: { line: 4, character: 6 } },
          command: {
            title: 'Simulate',
            command: 'switchboard.simulateFlow',
            arguments: [URI, 'rush'],
          },
        },
        {
          range: { start: { line: 6, character: 2 }, end: { line: 6, character: 14 } },
          command: {
            title: 'Simulate',
            command: 'switchboard.simulateFlow',
            arguments: [URI, 'quiet flow'],
          },
        },
      ]);
    } finally {
      await client.stop();
    }
  });
});
