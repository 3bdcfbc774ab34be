import { strict as assert } from 'node:assert';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { DocumentTextRequest } from '../../server/src/protocol';
import { codesOf, TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';
const VALID = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
messages:
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [orders2]
`;

describe('diagnostics over stdio', () => {
  let client: TestClient;

  beforeEach(async () => {
    client = await TestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  it('publishes diagnostics on open', async () => {
    client.open(URI, VALID);
    const { diagnostics, version } = await client.diagnostics(URI);
    assert.equal(version, 1);
    assert.deepEqual(codesOf(diagnostics), ['unknown-reference']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 9, character: 18 },
      end: { line: 9, character: 25 },
    });
    assert.equal(diagnostics[0]!.source, 'switchboard');
    assert.match(diagnostics[0]!.codeDescription?.href ?? '', /rules\.md#unknown-reference$/);
  });

  it('updates diagnostics after an edit', async () => {
    client.open(URI, VALID);
    await client.diagnosticsForVersion(URI, 1);
    // Replace "orders2" with "orders": the reference resolves, and the producer now subscribes.
    client.change(URI, 2, [
      { range: { start: { line: 9, character: 24 }, end: { line: 9, character: 25 } }, text: '' },
    ]);
    const { diagnostics } = await client.diagnosticsForVersion(URI, 2);
    assert.deepEqual(codesOf(diagnostics), ['self-subscription']);
  });

  it('applies several changes in order', async () => {
    client.open(URI, 'ab\ncd');
    client.change(URI, 2, [
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'x' },
      { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'y' },
    ]);
    await client.diagnosticsForVersion(URI, 2);
    const held = await client.connection.sendRequest(DocumentTextRequest, { uri: URI });
    assert.deepEqual(held, { version: 2, text: 'axyb\ncd' });
  });

  it('never publishes an older version after a newer one', async () => {
    client.open(URI, VALID);
    for (let version = 2; version <= 30; version++) {
      client.change(URI, version, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' },
      ]);
    }
    await client.diagnosticsForVersion(URI, 30);
    const versions = client.published.filter((params) => params.uri === URI).map((params) => params.version ?? 0);
    const sorted = [...versions].sort((a, b) => a - b);
    assert.deepEqual(versions, sorted);
    assert.ok(versions.length < 29, `published ${versions.length} times for 29 edits`);
  });

  it('gives CRLF text the ranges of LF text', async () => {
    client.open(URI, VALID);
    const lf = await client.diagnosticsForVersion(URI, 1);
    const other = 'file:///workspace/crlf.comm.yaml';
    client.open(other, VALID.replace(/\n/g, '\r\n'));
    const crlf = await client.diagnosticsForVersion(other, 1);
    assert.deepEqual(
      crlf.diagnostics.map((diagnostic) => diagnostic.range),
      lf.diagnostics.map((diagnostic) => diagnostic.range),
    );
  });

  it('survives an alias bomb with one diagnostic', async () => {
    const letters = 'abcdefghi';
    let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < letters.length; i++) {
      text += `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${letters[i - 1]}`).join(', ')}]\n`;
    }
    client.open(URI, text);
    const { diagnostics } = await client.diagnostics(URI);
    assert.deepEqual(codesOf(diagnostics), ['alias-limit']);
    client.open('file:///workspace/after.comm.yaml', VALID);
    await client.diagnostics('file:///workspace/after.comm.yaml');
  });

  it('clears diagnostics when a document closes', async () => {
    client.open(URI, VALID);
    await client.diagnosticsForVersion(URI, 1);
    client.close(URI);
    const cleared = await client.diagnostics(URI, (params) => params.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    client.open(URI, VALID);
    const source = new (require('vscode-languageserver-protocol/node').CancellationTokenSource)();
    const pending = client.connection.sendRequest(DocumentTextRequest, { uri: URI }, source.token);
    source.cancel();
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, LSPErrorCodes.RequestCancelled);
      return true;
    });
  });
});
