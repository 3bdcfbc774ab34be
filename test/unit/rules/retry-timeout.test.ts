import { strict as assert } from 'node:assert';
import { analyzeText, codes } from '../../support/analyze';

const CONTRACT = (routeTimeout: string, serviceTimeout: string) => `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    timeout: ${serviceTimeout}
policies:
  standard:
    kind: retry
    attempts: 3
    backoff: exponential
    delay: 1s
    multiplier: 2
routes:
  get-order:
    method: GET
    path: /orders/{id}
    service: orders
    timeout: ${routeTimeout}
    retry: standard
`;

describe('retry-exceeds-timeout', () => {
  it('shows the arithmetic of the worst case', () => {
    const found = analyzeText(CONTRACT('5s', '2s'));
    assert.deepEqual(codes(found), ['retry-exceeds-timeout']);
    assert.equal(found[0]!.severity, 'warning');
    assert.equal(found[0]!.at, '19:11-19:19');
    assert.match(found[0]!.message, /3 attempts x 2 s \+ 1 s \+ 2 s backoff = 9 s > 5 s timeout/);
  });

  it('accepts a schedule that fits', () => {
    assert.deepEqual(analyzeText(CONTRACT('10s', '2s')), []);
  });

  it('counts the waits alone without a per-attempt timeout', () => {
    const found = analyzeText(CONTRACT('2s', '2s').replace('    timeout: 2s\npolicies', 'policies'));
    assert.deepEqual(codes(found), ['retry-exceeds-timeout']);
    assert.match(found[0]!.message, /waits alone add up to 1 s \+ 2 s = 3 s > 2 s timeout/);
  });

  it('checks queue redeliveries against the reply timeout', () => {
    const text = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
messages:
  Charge:
    kind: command
    queue: charges
    replyTimeout: 10s
queues:
  charges:
    consumers: [orders]
    maxDeliveries: 3
    ackTimeout: 5s
    redeliveryDelay: 1s
    deadLetter: charges-dead
  charges-dead: {}
`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['retry-exceeds-timeout']);
    assert.match(found[0]!.message, /3 deliveries x 5 s \+ 2 x 1 s redelivery delay = 17 s/);
    assert.equal(found[0]!.at, '9:18-9:21');
  });
});
