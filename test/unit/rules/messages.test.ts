import { strict as assert } from 'node:assert';
import { analyzeText, BASE, codes } from '../../support/analyze';

function messages(body: string, extra = ''): string {
  return `${BASE}messages:\n${body}${extra}`;
}

describe('handler-count', () => {
  it('reports a command without a handler', () => {
    const found = analyzeText(messages(`  PlaceOrder:\n    kind: command\n    producer: billing\n`));
    assert.deepEqual(codes(found), ['handler-count']);
    assert.equal(found[0]!.at, '10:2-10:12');
    assert.match(found[0]!.message, /no handler/);
  });

  it('reports a command with two handlers', () => {
    const found = analyzeText(messages(`  PlaceOrder:\n    kind: command\n    handler: [orders, billing]\n`));
    assert.deepEqual(codes(found), ['handler-count']);
    assert.equal(found[0]!.at, '12:13-12:30');
    assert.match(found[0]!.message, /2 handlers \('orders', 'billing'\)/);
  });

  it('counts the consumers of its queue', () => {
    const found = analyzeText(
      messages(
        `  PlaceOrder:\n    kind: command\n    queue: work\n`,
        `queues:\n  work:\n    consumers: [orders]\n`,
      ),
    );
    assert.deepEqual(found, []);
  });
});

describe('query-without-reply', () => {
  it('warns on a query without a reply', () => {
    const found = analyzeText(messages(`  GetOrder:\n    kind: query\n    handler: orders\n`));
    assert.deepEqual(codes(found), ['query-without-reply']);
  });
});

describe('unconsumed-event', () => {
  it('warns on an event nobody receives', () => {
    const found = analyzeText(messages(`  OrderPlaced:\n    kind: event\n    producer: orders\n`));
    assert.deepEqual(codes(found), ['unconsumed-event']);
    assert.equal(found[0]!.severity, 'warning');
    assert.equal(found[0]!.at, '10:2-10:13');
  });
});

describe('self-subscription', () => {
  it('warns when the producer subscribes', () => {
    const found = analyzeText(
      messages(`  OrderPlaced:\n    kind: event\n    producer: orders\n    subscribers: [billing, orders]\n`),
    );
    assert.deepEqual(codes(found), ['self-subscription']);
    assert.equal(found[0]!.at, '13:27-13:33');
    assert.deepEqual(found[0]!.problem.tags, ['unnecessary']);
  });
});

describe('encryption-without-key', () => {
  it('reports an encrypted message without a key', () => {
    const found = analyzeText(
      messages(`  Charge:\n    kind: command\n    handler: billing\n    encrypted: true\n`),
    );
    assert.deepEqual(codes(found), ['encryption-without-key']);
  });

  it('accepts an encrypted message with a key', () => {
    const found = analyzeText(
      messages(`  Charge:\n    kind: command\n    handler: billing\n    encrypted: true\n`, 'encryption:\n  keyEnv: SHOP_KEY\n'),
    );
    assert.deepEqual(found, []);
  });
});

describe('queues', () => {
  it('warns on redelivery without a dead-letter queue', () => {
    const found = analyzeText(`${BASE}queues:\n  work:\n    consumers: [orders]\n    maxDeliveries: 5\n`);
    assert.deepEqual(codes(found), ['queue-without-dead-letter']);
    assert.equal(found[0]!.at, '12:19-12:20');
  });

  it('reports a dead-letter cycle', () => {
    const found = analyzeText(
      `${BASE}queues:\n  a:\n    maxDeliveries: 2\n    deadLetter: b\n  b:\n    maxDeliveries: 2\n    deadLetter: a\n`,
    );
    assert.deepEqual(codes(found), ['dead-letter-cycle', 'dead-letter-cycle']);
  });
});

describe('inline-secret', () => {
  it('reports a secret under an authentication scheme', () => {
    const text = `${BASE}gateway:\n  authentication:\n    users:\n      type: jwt\n      secretEnv: JWT_SECRET\n      secret: hunter2hunter2\n`;
    const found = analyzeText(text).filter((item) => item.code !== 'unused-definition');
    assert.deepEqual(codes(found), ['inline-secret']);
    assert.equal(found[0]!.at, '14:14-14:28');
    assert.match(found[0]!.message, /secretEnv/);
  });

  it('reports a password in a URL', () => {
    const found = analyzeText(BASE.replace('http://billing.internal:8080', 'http://admin:pw@billing.internal:8080'));
    assert.deepEqual(codes(found), ['inline-secret']);
  });

  it('ignores property names in payload schemas', () => {
    const found = analyzeText(
      messages(
        `  SignUp:\n    kind: command\n    handler: orders\n    payload:\n      type: object\n      properties:\n        password: { type: string }\n        token: { type: string }\n`,
      ),
    );
    assert.deepEqual(found, []);
  });
});

describe('unused-definition', () => {
  it('hints at an unused policy', () => {
    const found = analyzeText(`${BASE}policies:\n  spare:\n    kind: timeout\n    duration: 1s\n`);
    assert.deepEqual(codes(found), ['unused-definition']);
    assert.equal(found[0]!.severity, 'hint');
    assert.deepEqual(found[0]!.problem.tags, ['unnecessary']);
    assert.equal(found[0]!.at, '10:2-10:7');
  });

  it('hints at an unused schema', () => {
    const found = analyzeText(`${BASE}schemas:\n  Spare: { type: string }\n`);
    assert.deepEqual(codes(found), ['unused-definition']);
  });
});

describe('invalid-policy', () => {
  it('requires attempts or retries', () => {
    const found = analyzeText(
      `${BASE.replace('    timeout: 1s\n', '    timeout: 1s\n    retry: r\n')}policies:\n  r:\n    kind: retry\n`,
    );
    assert.deepEqual(codes(found), ['invalid-policy']);
  });

  it('requires a window for a failure rate', () => {
    const found = analyzeText(
      `${BASE.replace('    timeout: 1s\n', '    timeout: 1s\n    breaker: b\n')}policies:\n  b:\n    kind: circuit-breaker\n    failureRate: 50%\n`,
    );
    assert.deepEqual(codes(found), ['invalid-policy']);
    assert.match(found[0]!.message, /names no window/);
  });
});
