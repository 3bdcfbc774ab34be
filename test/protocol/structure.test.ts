import { strict as assert } from 'node:assert';
import {
  DocumentSymbol,
  FoldingRange,
  Range,
  SelectionRange,
  SymbolInformation,
  SymbolKind,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';
const TEXT = `# Orders.
# Two lines.
switchboard: 1
gateway:
  url: https://api.example
  authentication:
    customer:
      type: jwt
      secretEnv: JWT_SECRET
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
routes:
  get-order: { method: GET, path: /orders, service: orders, auth: customer }
`;

function range(
  startLine: number,
  startCharacter: number,
  endLine: number,
  endCharacter: number,
): Range {
  return {
    start: { line: startLine, character: startCharacter },
    end: { line: endLine, character: endCharacter },
  };
}

/** Flattens a selection range chain, innermost first. */
function chain(selection: SelectionRange | undefined): Range[] {
  const ranges: Range[] = [];
  for (let current = selection; current !== undefined; current = current.parent)
    ranges.push(current.range);
  return ranges;
}

describe('document structure over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
    client.open(URI, TEXT);
    await client.diagnosticsForVersion(URI, 1);
  });

  after(async () => {
    await client.stop();
  });

  it('outlines sections and definitions', async () => {
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>(
      'textDocument/documentSymbol',
      {
        textDocument: { uri: URI },
      },
    );
    const expected: DocumentSymbol[] = [
      {
        name: 'switchboard',
        kind: SymbolKind.Property,
        range: range(2, 0, 2, 14),
        selectionRange: range(2, 0, 2, 11),
      },
      {
        name: 'gateway',
        kind: SymbolKind.Namespace,
        range: range(3, 0, 8, 27),
        selectionRange: range(3, 0, 3, 7),
        children: [
          {
            name: 'authentication',
            kind: SymbolKind.Namespace,
            range: range(5, 2, 8, 27),
            selectionRange: range(5, 2, 5, 16),
            children: [
              {
                name: 'customer',
                kind: SymbolKind.Key,
                range: range(6, 4, 8, 27),
                selectionRange: range(6, 4, 6, 12),
                detail: 'jwt',
              },
            ],
          },
        ],
      },
      {
        name: 'services',
        kind: SymbolKind.Namespace,
        range: range(9, 0, 12, 36),
        selectionRange: range(9, 0, 9, 8),
        children: [
          {
            name: 'orders',
            kind: SymbolKind.Class,
            range: range(10, 2, 12, 36),
            selectionRange: range(10, 2, 10, 8),
            detail: 'http',
          },
        ],
      },
      {
        name: 'routes',
        kind: SymbolKind.Namespace,
        range: range(13, 0, 14, 76),
        selectionRange: range(13, 0, 13, 6),
        children: [
          {
            name: 'get-order',
            kind: SymbolKind.Method,
            range: range(14, 2, 14, 76),
            selectionRange: range(14, 2, 14, 11),
            detail: 'GET /orders',
          },
        ],
      },
    ];
    assert.deepEqual(symbols, expected);
  });

  it('finds workspace symbols by query', async () => {
    const symbols = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', {
      query: 'ord',
    });
    assert.deepEqual(symbols, [
      {
        name: 'orders',
        kind: SymbolKind.Class,
        location: { uri: URI, range: range(10, 2, 10, 8) },
        containerName: 'services',
      },
      {
        name: 'get-order',
        kind: SymbolKind.Method,
        location: { uri: URI, range: range(14, 2, 14, 11) },
        containerName: 'routes',
      },
    ]);
  });

  it('folds entries and comment blocks', async () => {
    const ranges = await client.connection.sendRequest<FoldingRange[]>(
      'textDocument/foldingRange',
      {
        textDocument: { uri: URI },
      },
    );
    assert.deepEqual(ranges, [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 3, endLine: 8 },
      { startLine: 5, endLine: 8 },
      { startLine: 6, endLine: 8 },
      { startLine: 9, endLine: 12 },
      { startLine: 10, endLine: 12 },
      { startLine: 13, endLine: 14 },
    ]);
  });

  it('expands a selection from a value', async () => {
    const [selection] = await client.connection.sendRequest<SelectionRange[]>(
      'textDocument/selectionRange',
      {
        textDocument: { uri: URI },
        positions: [{ line: 12, character: 12 }],
      },
    );
    assert.deepEqual(chain(selection), [
      range(12, 9, 12, 36),
      range(12, 4, 12, 36),
      range(11, 4, 12, 36),
      range(10, 2, 12, 36),
      range(9, 0, 12, 36),
      range(0, 0, 14, 76),
      range(0, 0, 15, 0),
    ]);
  });

  it('expands a selection inside a flow mapping', async () => {
    const [selection] = await client.connection.sendRequest<SelectionRange[]>(
      'textDocument/selectionRange',
      {
        textDocument: { uri: URI },
        positions: [{ line: 14, character: 30 }],
      },
    );
    assert.deepEqual(chain(selection), [
      range(14, 28, 14, 32),
      range(14, 28, 14, 41),
      range(14, 13, 14, 76),
      range(14, 2, 14, 76),
      range(13, 0, 14, 76),
      range(0, 0, 14, 76),
      range(0, 0, 15, 0),
    ]);
  });
});
