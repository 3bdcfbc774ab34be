import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentFormattingRequest, TextEdit } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient } from '../support/lsp-client';

const MESSY = `# The contract.


switchboard:   1
services:
    orders:
        protocol:   http   # plain HTTP inside the cluster
        url: "http://orders.internal:8080"
        tags: [ checkout,orders ]
        latency: {distribution: normal,   mean: 20ms, stddev: 5ms}
        instances: 2
policies:
    base: &base
        kind: retry
        attempts: 3
    copy:
        <<: *base
        description: |
            Two lines
              kept as written.
flows:
    rush:
        route: r
        expect:
        - {route: r, metric: p99, max: 2s}
        # the error rate
        -   { route: r, metric: errorRate, max: 1% }
`;

const TIDY = `# The contract.

switchboard: 1
services:
  orders:
    protocol: http # plain HTTP inside the cluster
    url: "http://orders.internal:8080"
    tags: [checkout, orders]
    latency: { distribution: normal, mean: 20ms, stddev: 5ms }
    instances: 2
policies:
  base: &base
    kind: retry
    attempts: 3
  copy:
    <<: *base
    description: |
      Two lines
        kept as written.
flows:
  rush:
    route: r
    expect:
      - { route: r, metric: p99, max: 2s }
      # the error rate
      - { route: r, metric: errorRate, max: 1% }
`;

/** Applies edits that do not overlap to a text. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split(/(?<=\n)/);
  const offset = (line: number, character: number) =>
    lines.slice(0, line).join('').length + character;
  const spans = edits
    .map((edit) => ({
      start: offset(edit.range.start.line, edit.range.start.character),
      end: offset(edit.range.end.line, edit.range.end.character),
      text: edit.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const span of spans)
    result = result.slice(0, span.start) + span.text + result.slice(span.end);
  return result;
}

describe('formatting over stdio', () => {
  let client: TestClient;
  let version = 0;

  before(async () => {
    client = await TestClient.start();
  });

  after(async () => {
    await client.stop();
  });

  async function format(text: string, tabSize = 2): Promise<TextEdit[]> {
    version++;
    const uri = `file:///workspace/v${version}/comm.yaml`;
    client.open(uri, text);
    await client.diagnostics(uri);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize, insertSpaces: true },
    });
    return edits ?? [];
  }

  it('leaves the shop example unchanged', async () => {
    const shop = fs.readFileSync(path.join(REPO_ROOT, 'examples/shop/comm.yaml'), 'utf8');
    assert.deepEqual(await format(shop), []);
  });

  it('normalises indentation and spacing', async () => {
    assert.equal(apply(MESSY, await format(MESSY)), TIDY);
  });

  it('changes nothing the second time', async () => {
    assert.deepEqual(await format(TIDY), []);
  });

  it('edits only the changed lines', async () => {
    const text = 'switchboard: 1\nservices:\n  orders:\n    protocol:  http\n    url: http://o:1\n';
    assert.deepEqual(await format(text), [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } },
        newText: '    protocol: http\n',
      },
    ]);
  });

  it('indents by the tab size', async () => {
    const text = 'services:\n  orders:\n    protocol: http\n';
    assert.equal(
      apply(text, await format(text, 4)),
      'services:\n    orders:\n        protocol: http\n',
    );
  });

  it('keeps CRLF line breaks', async () => {
    const text = 'services:\r\n    orders:\r\n        protocol: http\r\n';
    assert.deepEqual(await format(text), [
      {
        range: { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } },
        newText: '  orders:\r\n    protocol: http\r\n',
      },
    ]);
  });

  it('skips a file with syntax errors', async () => {
    assert.deepEqual(await format('services:\n  orders: [a, b\n    protocol:  http\n'), []);
  });
});
