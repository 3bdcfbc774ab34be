import { strict as assert } from 'node:assert';
import {
  ClientCapabilities,
  CompletionItem,
  CompletionRequest,
  InsertTextFormat,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';

const CONTRACT = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    retry: 
  payments:
    protocol: http
    url: http://payments.internal:8080
routes:
  get-order:
    method: GET
    path: /orders
    service: 
    response: 
    timeout: 2s
messages:
  PlaceOrder:
    kind: command
    producer: gateway
    handler: orders
  OrderAccepted:
    kind: response
    producer: orders
    payload: { type: object, properties: { id: { $ref:  } } }
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [payments, ]
queues:
  jobs:
    broker: tasks
    deadLetter: 
  jobs-dead: { broker: tasks }
policies:
  read-retry:
    kind: retry
    attempts: 3
  orders-breaker:
    kind: circuit-breaker
    consecutiveFailures: 5
schemas:
  Money: { type: integer }
  A/B: { type: string }
flows:
  rush:
    route: get-order
    faults:
      
    expect:
      - { route: get-order,  }
      - ro
`;

interface Edit {
  range: [number, number, number, number];
  newText: string;
}

function editOf(item: CompletionItem): Edit {
  const edit = item.textEdit as {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  };
  const { start, end } = edit.range;
  return { range: [start.line, start.character, end.line, end.character], newText: edit.newText };
}

describe('completion over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
    client.open(URI, CONTRACT);
    await client.diagnostics(URI);
  });

  after(async () => {
    await client.stop();
  });

  async function complete(line: number, character: number): Promise<CompletionItem[]> {
    const result = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line, character },
    });
    return (Array.isArray(result) ? result : (result?.items ?? [])) as CompletionItem[];
  }

  async function labels(line: number, character: number): Promise<string[]> {
    return (await complete(line, character)).map((item) => item.label);
  }

  it('offers services for a route', async () => {
    const items = await complete(13, 13);
    assert.deepEqual(
      items.map((item) => [item.label, item.detail]),
      [
        ['orders', 'service'],
        ['payments', 'service'],
      ],
    );
    assert.deepEqual(editOf(items[0]!), { range: [13, 13, 13, 13], newText: 'orders' });
  });

  it('offers only response messages', async () => {
    assert.deepEqual(await labels(14, 14), ['OrderAccepted']);
  });

  it('offers policies of the right kind', async () => {
    const items = await complete(5, 11);
    assert.deepEqual(
      items.map((item) => [item.label, item.detail]),
      [['read-retry', 'retry policy']],
    );
  });

  it('offers producer keyword and services', async () => {
    assert.deepEqual(await labels(19, 14), ['orders', 'payments', 'gateway']);
  });

  it('offers other queues as dead letter', async () => {
    assert.deepEqual(await labels(32, 16), ['jobs-dead']);
  });

  it('offers subscribers inside a flow sequence', async () => {
    const items = await complete(28, 28);
    assert.deepEqual(
      items.map((item) => item.label),
      ['orders'],
    );
    assert.deepEqual(editOf(items[0]!), { range: [28, 28, 28, 28], newText: 'orders' });
  });

  it('quotes schema references', async () => {
    const items = await complete(24, 55);
    assert.deepEqual(items.map(editOf), [
      { range: [24, 55, 24, 55], newText: "'#/schemas/Money'" },
      { range: [24, 55, 24, 55], newText: "'#/schemas/A~1B'" },
    ]);
  });

  it('offers enum values', async () => {
    assert.deepEqual(await labels(11, 12), [
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'HEAD',
      'OPTIONS',
    ]);
  });

  it('offers keys with descriptions', async () => {
    const items = await complete(15, 4);
    const names = items.map((item) => item.label);
    assert.ok(names.includes('rpc'), names.join(', '));
    assert.ok(!names.includes('method'), 'offers a key the route already has');
    const auth = items.find((item) => item.label === 'auth')!;
    assert.deepEqual(editOf(auth), { range: [15, 4, 15, 4], newText: 'auth' });
    assert.match((auth.documentation as { value: string }).value, /authentication/i);
  });

  it('offers service names as fault keys', async () => {
    const items = await complete(48, 6);
    assert.deepEqual(
      items.map((item) => item.label),
      ['orders', 'payments'],
    );
    assert.deepEqual(editOf(items[0]!), { range: [48, 6, 48, 6], newText: 'orders:\n        ' });
  });

  it('offers keys inside a flow mapping', async () => {
    const items = await complete(50, 28);
    assert.deepEqual(
      items.map((item) => item.label),
      ['message', 'queue', 'service', 'metric', 'max', 'min'],
    );
    assert.deepEqual(editOf(items[3]!), { range: [50, 28, 50, 28], newText: 'metric: ' });
    assert.equal(items[3]!.detail, 'required');
  });

  it('offers keys for a new sequence item', async () => {
    const items = await complete(51, 10);
    assert.deepEqual(editOf(items[0]!), { range: [51, 8, 51, 10], newText: 'route: ' });
  });
});

describe('completion before diagnostics', () => {
  it('completes names at once', async () => {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 60_000 } });
    try {
      const text =
        'switchboard: 1\nservices:\n  orders: { protocol: http, url: http://o:1 }\nroutes:\n  r:\n    service: \n';
      client.open(URI, text);
      const result = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: URI },
        position: { line: 5, character: 13 },
      });
      const items = (Array.isArray(result) ? result : (result?.items ?? [])) as CompletionItem[];
      assert.deepEqual(
        items.map((item) => item.label),
        ['orders'],
      );
      assert.equal(client.published.length, 0);
    } finally {
      await client.stop();
    }
  });
});

describe('completion on an empty line', () => {
  let client: TestClient;

  afterEach(async () => {
    await client.stop();
  });

  async function completeIn(
    text: string,
    line: number,
    character: number,
    capabilities?: ClientCapabilities,
  ): Promise<CompletionItem[]> {
    client = await TestClient.start(capabilities === undefined ? {} : { capabilities });
    client.open(URI, text);
    await client.diagnostics(URI);
    const result = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line, character },
    });
    return (Array.isArray(result) ? result : (result?.items ?? [])) as CompletionItem[];
  }

  it('opens an object key block', async () => {
    const text = 'switchboard: 1\nservices:\n  orders:\n    protocol: http\n    \n';
    const items = await completeIn(text, 4, 4);
    const latency = items.find((item) => item.label === 'tags')!;
    assert.deepEqual(editOf(latency), { range: [4, 4, 4, 4], newText: 'tags:\n      - ' });
  });

  it('re-indents a line too deep', async () => {
    const text = 'switchboard: 1\nservices:\n  orders:\n    protocol: http\n      \n';
    const items = await completeIn(text, 4, 6);
    const url = items.find((item) => item.label === 'url')!;
    assert.deepEqual(editOf(url), { range: [4, 6, 4, 6], newText: 'url: ' });
    assert.deepEqual(url.additionalTextEdits, [
      {
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } },
        newText: '    ',
      },
    ]);
  });

  it('offers top-level sections', async () => {
    const text = 'switchboard: 1\n\nservices: {}\n';
    const names = (await completeIn(text, 1, 0)).map((item) => item.label);
    assert.deepEqual(names, [
      'info',
      'includes',
      'encryption',
      'gateway',
      'brokers',
      'routes',
      'messages',
      'channels',
      'queues',
      'policies',
      'schemas',
      'flows',
    ]);
  });

  it('adds a space after a colon', async () => {
    const text =
      'switchboard: 1\nservices:\n  orders: { protocol: http, url: http://o:1 }\nroutes:\n  r:\n    service:\n';
    const items = await completeIn(text, 5, 12);
    assert.deepEqual(items.map(editOf), [{ range: [5, 12, 5, 12], newText: ' orders' }]);
  });

  it('offers snippets for a new route', async () => {
    const text = 'switchboard: 1\nroutes:\n  \n';
    const items = await completeIn(text, 2, 2);
    const snippet = items.find((item) => item.label === 'new route')!;
    assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(editOf(snippet), {
      range: [2, 2, 2, 2],
      newText:
        '${1:route-name}:\n    method: ${2|GET,POST,PUT,PATCH,DELETE|}\n    path: ${3:/items/{itemId\\}}\n' +
        '    service: ${4:service}\n    servicePath: ${5:/v1/items/{itemId\\}}\n    timeout: ${6:2s}',
    });
  });

  it('expands snippets for plain clients', async () => {
    const text = 'switchboard: 1\nroutes:\n  \n';
    const items = await completeIn(text, 2, 2, {
      textDocument: { completion: { completionItem: { snippetSupport: false } } },
    });
    const snippet = items.find((item) => item.label === 'new route')!;
    assert.equal(snippet.insertTextFormat, InsertTextFormat.PlainText);
    assert.deepEqual(editOf(snippet), {
      range: [2, 2, 2, 2],
      newText:
        'route-name:\n    method: GET\n    path: /items/{itemId}\n' +
        '    service: service\n    servicePath: /v1/items/{itemId}\n    timeout: 2s',
    });
  });

  it('inserts CR LF lines into CR LF files', async () => {
    const text = 'switchboard: 1\r\nservices:\r\n  orders:\r\n    protocol: http\r\n    \r\n';
    const items = await completeIn(text, 4, 4);
    const tags = items.find((item) => item.label === 'tags')!;
    assert.deepEqual(editOf(tags), { range: [4, 4, 4, 4], newText: 'tags:\r\n      - ' });
  });
});
