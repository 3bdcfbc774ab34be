import { strict as assert } from 'node:assert';
import { parse as parseYaml } from 'yaml';
import { ChunkCache, parseContract } from '../../../server/src/contract/parse';
import { analyzeText, BASE, codes } from '../../support/analyze';

describe('parsing', () => {
  it('reports a duplicate key once, on the second key', () => {
    const found = analyzeText('routes:\n  orders:\n    topic: a\n    topic: b\n');
    const duplicates = found.filter((item) => item.code === 'duplicate-key');
    assert.equal(duplicates.length, 1);
    assert.equal(duplicates[0]!.at, '3:4-3:9');
    assert.match(duplicates[0]!.message, /'topic'/);
  });

  it('gives CRLF text the ranges of LF text', () => {
    const lf = analyzeText('routes:\n  orders:\n    topic: a\n    topic: b\n');
    const crlf = analyzeText('routes:\r\n  orders:\r\n    topic: a\r\n    topic: b\r\n');
    assert.deepEqual(
      crlf.map((item) => [item.code, item.at]),
      lf.map((item) => [item.code, item.at]),
    );
  });

  it('reports a tab used as indentation at the tab', () => {
    const found = analyzeText('routes:\n\torders: {}\n');
    const tab = found.find((item) => item.code === 'tab-indentation');
    assert.ok(tab, `expected tab-indentation in ${codes(found).join(', ')}`);
    assert.equal(tab.range.start.line, 1);
    assert.equal(tab.range.start.character, 0);
  });

  it('validates a policy merged from two anchors', () => {
    const text = `switchboard: 1
x-timing: &timing
  maxDelay: 2s
  jitter: full
policies:
  base-retry: &retry-defaults
    kind: retry
    attempts: 2
    backoff: exponential
    delay: 100ms
  checkout-retry:
    <<: [*retry-defaults, *timing]
    attempts: 3
routes:
  get-order:
    method: GET
    path: /orders/{id}
    service: orders
    retry: checkout-retry
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    retry: base-retry
`;
    assert.deepEqual(analyzeText(text), []);
    const data = parseContract('file:///c.yaml', text).data as { policies: Record<string, unknown> };
    assert.deepEqual(data.policies['checkout-retry'], {
      kind: 'retry',
      backoff: 'exponential',
      delay: '100ms',
      maxDelay: '2s',
      jitter: 'full',
      attempts: 3,
    });
    const merged = parseContract('file:///c.yaml', text).root?.get('policies')?.get('checkout-retry')?.get('jitter');
    assert.equal(merged?.scalar, 'full');
  });

  it('reports an unknown property on its key', () => {
    const text = `${BASE}messages:\n  OrderPlaced:\n    kind: event\n    producer: orders\n    subscribers: [billing]\n    retires: 3\n`;
    const found = analyzeText(text);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'unknown-property');
    assert.equal(found[0]!.at, '14:4-14:11');
    assert.match(found[0]!.message, /'retires'/);
  });

  it('stops an alias bomb with one diagnostic', () => {
    const letters = 'abcdefghi';
    let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < letters.length; i++) {
      const previous = letters[i - 1];
      text += `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    }
    const started = process.hrtime.bigint();
    const found = analyzeText(text);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(codes(found), ['alias-limit']);
    // A generous bound: the point is that expansion stops early, not how fast this machine is.
    assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
  });

  it('accepts hundreds of ordinary aliases', () => {
    let text = `${BASE}x-defaults: &owner { owner: shop }\nx-uses:\n`;
    for (let i = 0; i < 300; i++) text += `  - *owner\n`;
    assert.deepEqual(analyzeText(text), []);
  });

  it('keeps a syntax error on its line', () => {
    const text = `${BASE}messages:\n  Broken:\n    kind: [event\n  Fine:\n    kind: event\n    producer: orders\n    subscribers: [billing]\n`;
    const found = analyzeText(text).filter((item) => item.code === 'yaml-syntax');
    assert.ok(found.length >= 1);
    for (const item of found) assert.equal(item.range.start.line, item.range.end.line);
  });

  it('reports a stray brace once', () => {
    const text = `${BASE}}   stray: 1\n  payments:\n    protocol: http\n    url: http://payments\n`;
    const found = analyzeText(`${text}routes:\n  r:\n    method: GET\n    pth: /r\n`);
    const syntax = found.filter((item) => item.code === 'yaml-syntax');
    assert.deepEqual(
      syntax.map((item) => [item.at, item.message]),
      [
        [
          '9:0-9:1',
          'YAML cannot read "}" here. Check the indentation of this line and the brackets and ' +
            'quotes before it. Later syntax errors near it are reported once it is fixed.',
        ],
      ],
    );
  });

  it('checks the sections after a stray line', () => {
    const text = `${BASE}}   stray: 1\nroutes:\n  r:\n    method: GET\n    pth: /r\n`;
    const unknown = analyzeText(text).filter((item) => item.code === 'unknown-property');
    assert.deepEqual(unknown.map((item) => item.at), ['13:4-13:7']);
  });

  it('reports a second YAML document', () => {
    const found = analyzeText(`${BASE}---\nswitchboard: 1\n`);
    const second = found.find((item) => item.code === 'multiple-documents');
    assert.ok(second);
    assert.equal(second.at, '9:0-9:3');
  });

  it('rejects nesting beyond the limit', () => {
    const text = `${BASE}x-deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    assert.deepEqual(codes(analyzeText(text)), ['nesting-limit']);
  });

  it('reports a duplicate entry across chunks', () => {
    const text = `${BASE}  orders:\n    protocol: http\n    url: http://other:1\n`;
    const found = analyzeText(text).filter((item) => item.code === 'duplicate-key');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.at, '9:2-9:8');
  });

  it('reports a duplicate section', () => {
    const found = analyzeText(`${BASE}services:\n  other:\n    protocol: http\n    url: http://x:1\n`);
    const duplicate = found.find((item) => item.code === 'duplicate-key');
    assert.equal(duplicate?.at, '9:0-9:8');
  });
});

describe('chunked parsing', () => {
  const samples: Record<string, string> = {
    plain: BASE,
    comments: `# leading\n${BASE}# between\nmessages:\n  # before entry\n  A:\n    kind: event # trailing\n\n  B: {kind: event}\n`,
    blockScalars: `switchboard: 1\ninfo:\n  description: |\n    line one\n\n    line three\nmessages:\n  A:\n    description: |+\n      kept\n\n  B:\n    description: >-\n      folded\n      text\n`,
    quotedKeys: `"switchboard": 1\nservices:\n  "orders v2":\n    protocol: http\n  'billing':\n    protocol: http\n`,
    anchorsAcrossSections: `x-base: &base\n  protocol: http\nservices:\n  a:\n    <<: *base\n  b: *base\n`,
    anchorsAcrossEntries: `services:\n  a: &svc\n    protocol: http\n  b:\n    url: x\n  c: *svc\n`,
    flowTopLevel: `{switchboard: 1, services: {a: {protocol: http}}}\n`,
    sequenceSection: `switchboard: 1\nincludes:\n  - a.comm.yaml\n  - b.comm.yaml\n`,
    deepIndent: `services:\n    a:\n      protocol: http\n    b:\n        protocol: grpc\n`,
    emptySection: `switchboard: 1\nservices:\nmessages:\n  A: {kind: event}\n`,
    documentMarker: `---\nswitchboard: 1\nservices:\n  a: {protocol: http}\n`,
  };

  for (const [name, text] of Object.entries(samples)) {
    it(`gives the data of a whole parse: ${name}`, () => {
      const file = parseContract('file:///c.yaml', text);
      assert.deepEqual(file.data, parseYaml(text, { merge: true }));
    });
  }

  it('reuses unchanged chunks after an edit above them', () => {
    const cache = new ChunkCache();
    const before = parseContract('file:///c.yaml', BASE, cache);
    const after = parseContract('file:///c.yaml', BASE.replace('orders:', 'orders2:'), cache);
    const billingBefore = before.chunks.find((chunk) => chunk.parsed.text.includes('billing'))!;
    const billingAfter = after.chunks.find((chunk) => chunk.parsed.text.includes('billing'))!;
    assert.equal(billingAfter.parsed, billingBefore.parsed);
    assert.equal(billingAfter.spec.start, billingBefore.spec.start + 1);
    const fresh = parseContract('file:///c.yaml', after.text);
    const span = after.root?.get('services')?.get('billing')?.span;
    assert.deepEqual(span, fresh.root?.get('services')?.get('billing')?.span);
    assert.ok(after.text.slice(span!.start).startsWith('protocol: http\n    url: http://billing'));
  });
});
