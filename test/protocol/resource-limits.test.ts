/**
 * Hostile files over stdio: each must end in diagnostics, within the server's limits, and the
 * server must still respond to requests afterwards.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentTextRequest } from '../../server/src/protocol';
import { codesOf, TestClient } from '../support/lsp-client';

const VALID = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
`;

function nested(levels: number, line: (level: number) => string): string {
  return Array.from({ length: levels }, (_, level) => line(level)).join('\n') + ' 1\n';
}

describe('resource limits over stdio', function () {
  this.timeout(120_000);
  let client: TestClient;
  let count = 0;

  beforeEach(async () => {
    client = await TestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  /** Opens a document and returns the codes of its first diagnostics. */
  async function codesFor(text: string): Promise<string[]> {
    const uri = `file:///limits/doc-${++count}.comm.yaml`;
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, () => true, 60_000);
    return codesOf(diagnostics);
  }

  /** Asserts that the server still responds to a request about another document. */
  async function assertAnswers(): Promise<void> {
    const uri = `file:///limits/after-${++count}.comm.yaml`;
    client.open(uri, VALID);
    const held = await client.connection.sendRequest(DocumentTextRequest, { uri });
    assert.equal(held?.text, VALID);
  }

  it('stops a merge-key alias bomb', async () => {
    let text = 'x0: &x0 {a: 1, b: 2}\n';
    for (let i = 1; i < 20; i++)
      text += `x${i}: &x${i}\n  <<: [*x${i - 1}, *x${i - 1}]\n  k: [*x${i - 1}, *x${i - 1}]\n`;
    assert.deepEqual(await codesFor(text), ['alias-limit']);
    await assertAnswers();
  });

  it('reports a merge of a scalar', async () => {
    assert.deepEqual(await codesFor('a: &a 1\nb:\n  <<: *a\n'), ['yaml-syntax']);
    await assertAnswers();
  });

  for (const [shape, text] of [
    ['flow', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['block', nested(10_000, (level) => `${' '.repeat(level)}k:`)],
    ['compact', `${'- '.repeat(10_000)}x\n`],
    ['explicit-key', `${'? '.repeat(10_000)}x\n`],
  ] as const) {
    it(`rejects ${shape} nesting 10,000 deep`, async () => {
      assert.deepEqual(await codesFor(text), ['nesting-limit']);
      await assertAnswers();
    });
  }

  it('reports nested complex keys quickly', async () => {
    assert.deepEqual(await codesFor(`${'? '.repeat(200)}x\n`), ['complex-key']);
  });

  it('validates a 5 MB file', async () => {
    const description = `    description: |\n${'      A line of prose that describes the message in detail.\n'.repeat(400)}`;
    let text = VALID + 'messages:\n';
    for (let i = 0; text.length < 5 * 1024 * 1024; i++) {
      text += `  Event${i}:\n    kind: event\n    producer: orders\n    subscribers: [orders]\n${description}`;
    }
    const uri = `file:///limits/large.comm.yaml`;
    client.open(uri, text);
    const other = assertAnswers();
    const { diagnostics } = await client.diagnostics(uri, () => true, 60_000);
    await other;
    assert.ok(diagnostics.every((diagnostic) => diagnostic.code === 'self-subscription'));
    const rss = Number(
      /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))![1],
    );
    assert.ok(rss < 1024 * 1024, `peak resident memory ${Math.round(rss / 1024)} MiB`);
  });

  it('validates lines of 1 MB', async () => {
    const long = 'x'.repeat(1024 * 1024);
    assert.deepEqual(await codesFor(`${VALID}    description: ${long}\n`), []);
    const codes = await codesFor(`${VALID}${long}\n`);
    assert.ok(codes.length > 0 && codes.length < 10, codes.join(', '));
    await assertAnswers();
  });

  it('caps thousands of diagnostics', async () => {
    let text = VALID + 'messages:\n';
    for (let i = 0; i < 3000; i++)
      text += `  M${i}:\n    kind: event\n    producer: orders\n    bogus: 1\n`;
    const codes = await codesFor(text);
    assert.equal(codes.length, 1000);
    assert.equal(codes[0], 'too-many-problems');
  });

  it('survives a $ref cycle', async () => {
    const text = `${VALID}schemas:
  A:
    $ref: '#/schemas/B'
  B:
    $ref: '#/schemas/A'
  Node:
    type: object
    properties:
      next: { $ref: '#/schemas/Node' }
messages:
  Ping:
    kind: event
    producer: orders
    subscribers: [orders]
    payload: { $ref: '#/schemas/A' }
  Chain:
    kind: event
    producer: orders
    subscribers: [orders]
    payload: { $ref: '#/schemas/Node' }
`;
    const codes = await codesFor(text);
    assert.ok(!codes.includes('internal-error'), codes.join(', '));
    await assertAnswers();
  });

  it('reports an include cycle', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cycle-'));
    try {
      fs.writeFileSync(path.join(folder, 'a.comm.yaml'), 'includes: [b.comm.yaml]\n');
      fs.writeFileSync(
        path.join(folder, 'b.comm.yaml'),
        'switchboard: 1\nincludes: [a.comm.yaml]\n',
      );
      const root = pathToFileURL(path.join(folder, 'a.comm.yaml')).href;
      client.open(root, `${VALID}includes: [b.comm.yaml]\n`);
      await client.diagnostics(root);
      const included = pathToFileURL(path.join(folder, 'b.comm.yaml')).href;
      client.open(included, 'switchboard: 1\nincludes: [a.comm.yaml]\n');
      const { diagnostics } = await client.diagnostics(included);
      assert.deepEqual(codesOf(diagnostics), ['include-cycle']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
