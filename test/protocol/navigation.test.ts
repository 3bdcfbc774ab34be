import { strict as assert } from 'node:assert';
import {
  DocumentHighlight,
  Location,
  Range,
  ResponseError,
  SymbolInformation,
  SymbolKind,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';
import { TempWorkspace } from '../support/workspace';

const MAIN = `switchboard: 1
includes:
  - shared.comm.yaml
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    retry: read-retry
routes:
  get-order:
    method: GET
    path: /orders
    service: orders
messages:
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: ["billing"]
    payload:
      $ref: '#/schemas/Order'
`;

const SHARED = `switchboard: 1
services:
  billing:
    protocol: http
    url: http://billing.internal:8080
policies:
  read-retry:
    kind: retry
schemas:
  Order:
    type: object
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

describe('navigation over stdio', () => {
  let workspace: TempWorkspace;
  let client: TestClient;
  let main: string;
  let shared: string;

  beforeEach(async () => {
    workspace = new TempWorkspace({ 'comm.yaml': MAIN, 'shared.comm.yaml': SHARED });
    main = workspace.uriOf('comm.yaml');
    shared = workspace.uriOf('shared.comm.yaml');
    client = await TestClient.start({ rootUri: workspace.uri });
    client.open(main, MAIN);
    await client.diagnosticsForVersion(main, 1);
  });

  afterEach(async () => {
    await client.stop();
    workspace.remove();
  });

  const request = <T>(
    method: string,
    uri: string,
    line: number,
    character: number,
    extra: object = {},
  ) =>
    client.connection.sendRequest<T>(method, {
      textDocument: { uri },
      position: { line, character },
      ...extra,
    });

  it('goes to a service definition', async () => {
    const locations = await request<Location[]>('textDocument/definition', main, 12, 15);
    assert.deepEqual(locations, [{ uri: main, range: range(4, 2, 4, 8) }]);
  });

  it('goes to an included schema', async () => {
    const locations = await request<Location[]>('textDocument/definition', main, 19, 25);
    assert.deepEqual(locations, [{ uri: shared, range: range(9, 2, 9, 7) }]);
  });

  it('goes to a quoted reference', async () => {
    const locations = await request<Location[]>('textDocument/definition', main, 17, 20);
    assert.deepEqual(locations, [{ uri: shared, range: range(2, 2, 2, 9) }]);
  });

  it('finds nothing on a plain key', async () => {
    const locations = await request<Location[] | null>('textDocument/definition', main, 5, 6);
    assert.equal(locations, null);
  });

  it('finds references with declaration', async () => {
    const locations = await request<Location[]>('textDocument/references', main, 4, 4, {
      context: { includeDeclaration: true },
    });
    assert.deepEqual(locations, [
      { uri: main, range: range(4, 2, 4, 8) },
      { uri: main, range: range(12, 13, 12, 19) },
      { uri: main, range: range(16, 14, 16, 20) },
    ]);
  });

  it('finds references across files', async () => {
    const locations = await request<Location[]>('textDocument/references', shared, 6, 5, {
      context: { includeDeclaration: false },
    });
    assert.deepEqual(locations, [{ uri: main, range: range(7, 11, 7, 21) }]);
  });

  it('highlights a name in the document', async () => {
    const highlights = await request<DocumentHighlight[]>(
      'textDocument/documentHighlight',
      main,
      16,
      15,
    );
    assert.deepEqual(highlights, [
      { range: range(4, 2, 4, 8), kind: 3 },
      { range: range(12, 13, 12, 19), kind: 2 },
      { range: range(16, 14, 16, 20), kind: 2 },
    ]);
  });

  it('prepares a rename on a reference', async () => {
    const result = await request('textDocument/prepareRename', main, 12, 15);
    assert.deepEqual(result, { range: range(12, 13, 12, 19), placeholder: 'orders' });
  });

  it('rejects prepareRename on a plain key', async () => {
    await assert.rejects(
      request('textDocument/prepareRename', main, 5, 6),
      (error: ResponseError<unknown>) => {
        assert.match(error.message, /nothing to rename here/);
        return true;
      },
    );
  });

  it('renames across included files', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', shared, 6, 5, {
      newName: 'get-retry',
    });
    assert.deepEqual(edit, {
      changes: {
        [shared]: [{ range: range(6, 2, 6, 12), newText: 'get-retry' }],
        [main]: [{ range: range(7, 11, 7, 21), newText: 'get-retry' }],
      },
    });
  });

  it('renames a schema inside its $ref', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', main, 19, 25, {
      newName: 'Purchase',
    });
    assert.deepEqual(edit, {
      changes: {
        [shared]: [{ range: range(9, 2, 9, 7), newText: 'Purchase' }],
        [main]: [{ range: range(19, 23, 19, 28), newText: 'Purchase' }],
      },
    });
  });

  it('rejects a rename that collides', async () => {
    await assert.rejects(
      request('textDocument/rename', main, 4, 4, { newName: 'billing' }),
      (error: ResponseError<unknown>) => {
        assert.equal(
          error.message,
          "A service named 'billing' already exists (in shared.comm.yaml, line 3). Renaming 'orders' to it would merge the two. Choose another name.",
        );
        return true;
      },
    );
  });

  it('rejects a name YAML misreads', async () => {
    await assert.rejects(
      request('textDocument/rename', main, 4, 4, { newName: 'true' }),
      (error: ResponseError<unknown>) => {
        assert.match(error.message, /^'true' cannot be the name of a service/);
        return true;
      },
    );
  });

  it('rejects a hexadecimal name', async () => {
    await assert.rejects(
      request('textDocument/rename', main, 4, 4, { newName: '0x10' }),
      (error: ResponseError<unknown>) => {
        assert.match(error.message, /^'0x10' cannot be the name of a service/);
        return true;
      },
    );
  });

  it('rejects the gateway keyword', async () => {
    await assert.rejects(
      request('textDocument/rename', main, 4, 4, { newName: 'gateway' }),
      (error: ResponseError<unknown>) => {
        assert.equal(
          error.message,
          "'gateway' cannot be the name of a service: references read it as a keyword. Choose another name.",
        );
        return true;
      },
    );
  });
});

describe('navigation of closed files over stdio', () => {
  let workspace: TempWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    workspace = new TempWorkspace({ 'comm.yaml': MAIN, 'shared.comm.yaml': SHARED });
    client = await TestClient.start({ rootUri: workspace.uri });
  });

  afterEach(async () => {
    await client.stop();
    workspace.remove();
  });

  it('renames in an includer that is not open', async () => {
    const main = workspace.uriOf('comm.yaml');
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: shared },
      position: { line: 2, character: 4 },
      newName: 'invoicing',
    });
    assert.deepEqual(edit, {
      changes: {
        [shared]: [{ range: range(2, 2, 2, 9), newText: 'invoicing' }],
        [main]: [{ range: range(17, 19, 17, 26), newText: 'invoicing' }],
      },
    });
  });

  it('renames in every contract including it', async () => {
    workspace.write(
      'other.comm.yaml',
      'switchboard: 1\nincludes: [shared.comm.yaml]\nservices:\n  audit: { protocol: http, url: http://audit:80, retry: read-retry }\n',
    );
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: shared },
      position: { line: 6, character: 4 },
      newName: 'get-retry',
    });
    assert.deepEqual(edit, {
      changes: {
        [shared]: [{ range: range(6, 2, 6, 12), newText: 'get-retry' }],
        [workspace.uriOf('comm.yaml')]: [{ range: range(7, 11, 7, 21), newText: 'get-retry' }],
        [workspace.uriOf('other.comm.yaml')]: [
          { range: range(3, 56, 3, 66), newText: 'get-retry' },
        ],
      },
    });
  });

  it('lists symbols of files not open', async () => {
    const symbols = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', {
      query: 'retry',
    });
    assert.deepEqual(symbols, [
      {
        name: 'read-retry',
        kind: SymbolKind.Object,
        location: { uri: workspace.uriOf('shared.comm.yaml'), range: range(6, 2, 6, 12) },
        containerName: 'policies',
      },
    ]);
  });
});

describe('rename of flow references over stdio', () => {
  const URI = 'file:///workspace/comm.yaml';
  const TEXT = `switchboard: 1
services:
  payments: { protocol: http, url: http://payments.internal:8080 }
routes:
  pay: { method: POST, path: /pay, service: payments }
flows:
  checkout:
    route: pay
    load: { rate: 10/s, duration: 10s }
    faults:
      payments: { errorRate: 0.1 }
`;
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
    client.open(URI, TEXT);
    await client.diagnosticsForVersion(URI, 1);
  });

  after(async () => {
    await client.stop();
  });

  it('renames a service named by a fault key', async () => {
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: URI },
      position: { line: 10, character: 8 },
      newName: 'billing',
    });
    assert.deepEqual(edit, {
      changes: {
        [URI]: [
          { range: range(2, 2, 2, 10), newText: 'billing' },
          { range: range(4, 44, 4, 52), newText: 'billing' },
          { range: range(10, 6, 10, 14), newText: 'billing' },
        ],
      },
    });
  });

  it('renames a route named by a flow', async () => {
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: URI },
      position: { line: 4, character: 3 },
      newName: 'charge',
    });
    assert.deepEqual(edit, {
      changes: {
        [URI]: [
          { range: range(4, 2, 4, 5), newText: 'charge' },
          { range: range(7, 11, 7, 14), newText: 'charge' },
        ],
      },
    });
  });
});

describe('include navigation over stdio', () => {
  let workspace: TempWorkspace;
  let client: TestClient;

  before(async () => {
    workspace = new TempWorkspace({ 'comm.yaml': MAIN, 'shared.comm.yaml': SHARED });
    client = await TestClient.start({ rootUri: workspace.uri });
    client.open(workspace.uriOf('comm.yaml'), MAIN);
    await client.diagnosticsForVersion(workspace.uriOf('comm.yaml'), 1);
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('goes to an included file', async () => {
    const locations = await client.connection.sendRequest<Location[]>('textDocument/definition', {
      textDocument: { uri: workspace.uriOf('comm.yaml') },
      position: { line: 2, character: 8 },
    });
    assert.deepEqual(locations, [
      { uri: workspace.uriOf('shared.comm.yaml'), range: range(0, 0, 0, 0) },
    ]);
  });
});
