import { strict as assert } from 'node:assert';
import { analyzeText, BASE, codes, ROOT_URI } from '../../support/analyze';

describe('unknown-reference', () => {
  it('suggests the closest name', () => {
    const text = `${BASE}messages:\n  PlaceOrder:\n    kind: command\n    producer: order\n    handler: orders\n`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['unknown-reference']);
    assert.equal(found[0]!.at, '12:14-12:19');
    assert.match(found[0]!.message, /service 'order'/);
    assert.match(found[0]!.message, /Did you mean 'orders'\?/);
    assert.equal(found[0]!.problem.data?.suggestion, 'orders');
  });

  it('suggests only names of the fitting kind', () => {
    const text = `${BASE}messages:
  Get:
    kind: query
    producer: orders
    handler: billing
    reply: Answr
  Answer:
    kind: response
  Answers:
    kind: event
    producer: orders
    subscribers: [billing]
`;
    const found = analyzeText(text).find((item) => item.code === 'unknown-reference');
    assert.equal(found?.problem.data?.suggestion, 'Answer');
  });

  it('reports a fault on a missing service at the key', () => {
    const text = `${BASE}routes:
  list:
    method: GET
    path: /orders
    service: orders
flows:
  rush:
    route: list
    load: { count: 10 }
    faults:
      ordrs: { errorRate: 10% }
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['unknown-reference']);
    assert.equal(found[0]!.at, '19:6-19:11');
  });

  it('reports a missing shared schema in a $ref', () => {
    const text = `${BASE}messages:
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [billing]
    payload:
      type: object
      properties:
        address: { $ref: '#/schemas/Adress' }
schemas:
  Address: { type: object }
`;
    const found = analyzeText(text).filter((item) => item.code !== 'unused-definition');
    assert.deepEqual(codes(found), ['unknown-reference']);
    assert.equal(found[0]!.at, '17:25-17:43');
    assert.match(found[0]!.message, /Did you mean 'Address'/);
  });
});

describe('wrong-kind', () => {
  it('reports a breaker named as retry', () => {
    const text = `${BASE}policies:
  trip:
    kind: circuit-breaker
    consecutiveFailures: 5
routes:
  list:
    method: GET
    path: /orders
    service: orders
    retry: trip
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['wrong-kind']);
    assert.equal(found[0]!.at, '18:11-18:15');
    assert.match(found[0]!.message, /a circuit-breaker; this needs a retry/);
  });

  it('reports a reply that is not a response', () => {
    const text = `${BASE}messages:
  PlaceOrder:
    kind: command
    handler: orders
    reply: OrderPlaced
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [billing]
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['reply-not-response']);
    assert.equal(found[0]!.at, '13:11-13:22');
    assert.equal(found[0]!.problem.related?.length, 1);
  });
});

describe('unsupported-ref', () => {
  it('reports a remote $ref without fetching it', () => {
    const text = `${BASE}schemas:
  Order:
    $ref: 'https://schemas.example.com/order.json'
messages:
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [billing]
    payload: Order
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['unsupported-ref']);
    assert.match(found[0]!.message, /never fetches/);
  });

  it('reports a pointer inside a schema', () => {
    const text = `${BASE}schemas:
  Plain: { type: object, properties: { x: { type: string } } }
  Part: { $ref: '#/schemas/Plain/properties/x' }
`;
    const found = analyzeText(text).filter((item) => item.severity === 'error');
    assert.deepEqual(
      found.map((item) => [item.code, item.message]),
      [
        [
          'unsupported-ref',
          "The $ref '#/schemas/Plain/properties/x' points inside a shared schema, but a $ref names " +
            "a whole one. Move that part into a schema of its own under schemas and refer to it as '#/schemas/Name'.",
        ],
      ],
    );
  });
});

describe('duplicate-name', () => {
  it('reports a name defined in two files', () => {
    const other = 'file:///workspace/other.comm.yaml';
    const text = `${BASE}includes: [./other.comm.yaml]\n`;
    const found = analyzeText(text, {
      [other]: 'switchboard: 1\nservices:\n  orders:\n    protocol: http\n    url: http://o:1\n',
    });
    assert.deepEqual(codes(found), ['duplicate-name']);
    assert.equal(found[0]!.uri, other);
    assert.equal(found[0]!.at, '2:2-2:8');
  });
});

describe('reserved-name', () => {
  it('reports a service named gateway', () => {
    const text = `${BASE}  gateway:\n    protocol: http\n    url: http://gateway.internal\n`;
    const found = analyzeText(text).filter((item) => item.code === 'reserved-name');
    assert.deepEqual(
      found.map((item) => [item.at, item.message]),
      [
        [
          '9:2-9:9',
          "A service cannot be named 'gateway': 'producer: gateway' names the API gateway, not " +
            'this service. Rename the service.',
        ],
      ],
    );
  });

  it('reports a scheme named none', () => {
    const text = `${BASE}gateway:\n  authentication:\n    none: { type: jwt, secretEnv: JWT }\n`;
    const found = analyzeText(text).filter((item) => item.code === 'reserved-name');
    assert.deepEqual(
      found.map((item) => [item.at, item.message]),
      [
        [
          '11:4-11:8',
          "An authentication scheme cannot be named 'none': 'auth: none' turns authentication " +
            'off instead of using this scheme. Rename the scheme.',
        ],
      ],
    );
  });
});

describe('includes', () => {
  it('merges definitions of included files', () => {
    const text = `${BASE}includes: [./messages.comm.yaml]\n`;
    const found = analyzeText(text, {
      'file:///workspace/messages.comm.yaml':
        'switchboard: 1\nmessages:\n  OrderPlaced:\n    kind: event\n    producer: orders\n    subscribers: [billing]\n',
    });
    assert.deepEqual(found, []);
  });

  it('reports a missing include at the entry', () => {
    const found = analyzeText(`${BASE}includes:\n  - ./nope.comm.yaml\n`);
    assert.deepEqual(codes(found), ['include-not-found']);
    assert.equal(found[0]!.at, '10:4-10:20');
  });

  it('reports an include cycle', () => {
    const found = analyzeText(`${BASE}includes: [./a.comm.yaml]\n`, {
      'file:///workspace/a.comm.yaml': 'switchboard: 1\nincludes: [./comm.yaml]\n',
    });
    assert.deepEqual(codes(found), ['include-cycle', 'include-cycle']);
    const inRoot = found.find((item) => item.uri === ROOT_URI);
    assert.match(String(inRoot?.message), /comm\.yaml → a\.comm\.yaml → comm\.yaml/);
  });

  it('rejects an include outside the workspace', () => {
    const found = analyzeText(`${BASE}includes: [../secrets/x.comm.yaml]\n`);
    assert.deepEqual(codes(found), ['include-outside-workspace']);
  });

  it('rejects a URL include', () => {
    const found = analyzeText(`${BASE}includes: ['https://example.com/a.comm.yaml']\n`);
    assert.deepEqual(codes(found), ['include-remote']);
  });
});
