import { strict as assert } from 'node:assert';
import { analyzeText, BASE, codes } from '../../support/analyze';

/** BASE has 9 lines, so the first line added after it is line 9. */
const ROUTE = `${BASE}policies:
  write-retry:
    kind: retry
    attempts: 3
    delay: 100ms
routes:
  create:
    method: POST
    path: /orders
    service: orders
`;

describe('suppression comments', () => {
  it('reports the problem without a comment', () => {
    assert.deepEqual(codes(analyzeText(`${ROUTE}    retry: write-retry\n`)), [
      'retry-not-idempotent',
    ]);
  });

  it('silences the next line', () => {
    const text = `${ROUTE}    # switchboard-disable-next-line retry-not-idempotent\n    retry: write-retry\n`;
    assert.deepEqual(codes(analyzeText(text)), []);
  });

  it('skips comment and blank lines', () => {
    const text = `${ROUTE}    # switchboard-disable-next-line retry-not-idempotent -- deduplicated\n    # why\n\n    retry: write-retry\n`;
    assert.deepEqual(codes(analyzeText(text)), []);
  });

  it('silences a code in the file', () => {
    const text = `# switchboard-disable retry-not-idempotent\n${ROUTE}    retry: write-retry\n`;
    assert.deepEqual(codes(analyzeText(text)), []);
  });

  it('silences only the named code', () => {
    const text = `${ROUTE}    # switchboard-disable-next-line unknown-reference\n    retry: write-retry\n`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['unused-suppression', 'retry-not-idempotent']);
  });

  it('reports an unused suppression at its code', () => {
    const text = `${ROUTE}    # switchboard-disable-next-line retry-not-idempotent\n    idempotent: true\n    retry: write-retry\n`;
    const [found] = analyzeText(text);
    assert.equal(found?.code, 'unused-suppression');
    assert.equal(found?.at, '19:36-19:56');
    assert.equal(found?.severity, 'warning');
    assert.equal(
      found?.message,
      "This comment silences 'retry-not-idempotent' on the next line, but no 'retry-not-idempotent' problem is there. Remove it.",
    );
  });

  it('reports a code that does not exist', () => {
    const found = analyzeText(`# switchboard-disable retry-not-idempotnt\n${BASE}`);
    assert.deepEqual(codes(found), ['unused-suppression']);
    assert.equal(found[0]?.at, '0:22-0:41');
    assert.match(found[0]!.message, /^'retry-not-idempotnt' is not a code that can be suppressed/);
  });

  it('reads several codes', () => {
    const text = `${BASE}messages:\n  # switchboard-disable-next-line unknown-reference, handler-count\n  Ship: { kind: command, handler: shipping }\n`;
    const found = analyzeText(text);
    assert.deepEqual(codes(found), ['unused-suppression']);
    assert.match(found[0]!.message, /'handler-count'/);
  });

  it('ignores markers inside block scalars', () => {
    const text = `${ROUTE}    description: |\n      # switchboard-disable-next-line retry-not-idempotent\n    retry: write-retry\n`;
    assert.deepEqual(codes(analyzeText(text)), ['retry-not-idempotent']);
  });

  it('silences problems in an included file only there', () => {
    const shared = `switchboard: 1\n# switchboard-disable unused-definition\npolicies:\n  spare:\n    kind: retry\n    attempts: 2\n`;
    const found = analyzeText(
      `${BASE}includes: [shared.comm.yaml]\npolicies:\n  unused:\n    kind: retry\n    attempts: 2\n`,
      {
        'file:///workspace/shared.comm.yaml': shared,
      },
    );
    assert.deepEqual(
      found.map((item) => `${item.code} ${item.uri}`),
      ['unused-definition file:///workspace/comm.yaml'],
    );
  });
});
