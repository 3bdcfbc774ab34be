import { strict as assert } from 'node:assert';
import { analyzeText, BASE, codes } from '../../support/analyze';

function routes(body: string): string {
  return `${BASE}routes:\n${body}`;
}

describe('route-conflict', () => {
  it('reports templates of one shape', () => {
    const found = analyzeText(
      routes(`  by-id:\n    method: GET\n    path: /users/{id}\n    service: orders\n  by-name:\n    method: GET\n    path: /users/{name}\n    service: orders\n`),
    );
    assert.deepEqual(codes(found), ['route-conflict']);
    assert.equal(found[0]!.at, '16:10-16:23');
    assert.match(found[0]!.message, /GET \/users\/\{\}/);
  });

  it('lets a literal segment coexist with a template', () => {
    const found = analyzeText(
      routes(`  by-id:\n    method: GET\n    path: /users/{id}\n    service: orders\n  me:\n    method: GET\n    path: /users/me\n    service: orders\n`),
    );
    assert.deepEqual(found, []);
  });

  it('lets other methods share a path', () => {
    const found = analyzeText(
      routes(`  get:\n    method: GET\n    path: /users/{id}\n    service: orders\n  delete:\n    method: DELETE\n    path: /users/{id}\n    service: orders\n`),
    );
    assert.deepEqual(found, []);
  });
});

describe('path parameters', () => {
  it('reports a parameter repeated in a path', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: /a/{id}/b/{id}\n    service: orders\n`));
    assert.deepEqual(codes(found), ['duplicate-path-parameter']);
    assert.equal(found[0]!.at, '12:10-12:24');
  });

  it('warns when the service path drops a parameter', () => {
    const found = analyzeText(
      routes(`  r:\n    method: GET\n    path: /orders/{orderId}\n    service: orders\n    servicePath: /orders\n`),
    );
    assert.deepEqual(codes(found), ['path-parameter-not-forwarded']);
    assert.equal(found[0]!.severity, 'warning');
    assert.equal(found[0]!.at, '14:17-14:24');
    assert.match(found[0]!.message, /'orderId'/);
  });

  it('reports a service path parameter the route lacks', () => {
    const found = analyzeText(
      routes(`  r:\n    method: GET\n    path: /orders\n    service: orders\n    servicePath: /orders/{id}\n`),
    );
    assert.deepEqual(codes(found), ['unknown-path-parameter']);
  });

  it('reports an unbalanced brace', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: /orders/{id\n    service: orders\n`));
    assert.deepEqual(codes(found), ['invalid-path-template']);
  });

  it('reports a query string in the path', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: /orders?x=1\n    service: orders\n`));
    assert.deepEqual(
      found.map((item) => [item.code, item.message]),
      [
        [
          'invalid-path-template',
          "Route 'r': The path contains '?', which a path template cannot have. Declare query " +
            "parameters under 'query'.",
        ],
      ],
    );
  });

  it('reports a fragment in the path', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: /orders#top\n    service: orders\n`));
    const message = "Route 'r': The path contains '#': a fragment never reaches the server. Remove it.";
    assert.deepEqual(
      found.map((item) => [item.code, item.message]),
      [['invalid-path-template', message]],
    );
  });

  it('reports a dot segment', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: /a/../orders\n    service: orders\n`));
    assert.deepEqual(
      found.map((item) => [item.code, item.message]),
      [
        [
          'invalid-path-template',
          "Route 'r': The path has a '.' or '..' segment, which HTTP clients resolve before they " +
            'send a request. Write the path without it.',
        ],
      ],
    );
  });

  it('reports an empty segment', () => {
    const found = analyzeText(routes(`  r:\n    method: GET\n    path: //orders/\n    service: orders\n`));
    const message = "Route 'r': The path has an empty segment ('//'). Remove the extra slash.";
    assert.deepEqual(
      found.map((item) => [item.code, item.message]),
      [['invalid-path-template', message]],
    );
  });
});

describe('route-target', () => {
  it('requires an rpc for a gRPC service', () => {
    const text = `${BASE}  stock:
    protocol: grpc
    address: stock.internal:50051
    proto: ./stock.proto
    protoService: shop.Stock
routes:
  r:
    method: GET
    path: /stock
    service: stock
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['route-target']);
    assert.equal(found[0]!.at, '15:2-15:3');
  });
});

describe('retry-not-idempotent', () => {
  const policies = `policies:\n  standard:\n    kind: retry\n    attempts: 3\n`;

  it('warns on a retried POST', () => {
    const found = analyzeText(
      routes(`  create:\n    method: POST\n    path: /orders\n    service: orders\n    retry: standard\n`) + policies,
    );
    assert.deepEqual(codes(found), ['retry-not-idempotent']);
    assert.equal(found[0]!.at, '14:11-14:19');
  });

  it('accepts a POST marked idempotent', () => {
    const found = analyzeText(
      routes(`  create:\n    method: POST\n    path: /orders\n    service: orders\n    retry: standard\n    idempotent: true\n`) +
        policies,
    );
    assert.deepEqual(found, []);
  });

  it('accepts a retried GET', () => {
    const found = analyzeText(
      routes(`  list:\n    method: GET\n    path: /orders\n    service: orders\n    retry: standard\n`) + policies,
    );
    assert.deepEqual(found, []);
  });

  it('warns on a retry inherited from the service', () => {
    const text = `${BASE.replace('    timeout: 1s\n', '    timeout: 1s\n    retry: standard\n')}routes:
  create:
    method: POST
    path: /orders
    service: orders
${policies}`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['retry-not-idempotent']);
    assert.match(found[0]!.message, /taken from service 'orders'/);
    assert.equal(found[0]!.at, '11:2-11:8');
  });
});
