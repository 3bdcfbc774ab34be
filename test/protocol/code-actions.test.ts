import { strict as assert } from 'node:assert';
import { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codesOf, TestClient } from '../support/lsp-client';
import { TempWorkspace } from '../support/workspace';

const URI = 'file:///workspace/comm.yaml';
const TEXT = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
routes:
  create-order:
    method: POST
    path: /orders
    service: orderz
    retry: write-retry # retried on 503
  cancel-order: { method: POST, path: /cancel, service: orders, retry: write-retry }
queues:
  work:
    maxDeliveries: 5
    broker: tasks
brokers:
  tasks:
    protocol: amqp
    url: amqp://localhost
policies:
  write-retry:
    kind: retry
messages:
  PlaceOrder:
    kind: command
    handler: orders
    queue: work
    reply: OrderAccepted
gateway:
  authentication:
    customer:
      type: jwt
      secret: hunter2hunter2 # rotate monthly
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

describe('quick fixes over stdio', () => {
  let client: TestClient;
  let diagnostics: Diagnostic[];
  let version = 1;

  beforeEach(async () => {
    client = await TestClient.start();
    version = 1;
    client.open(URI, TEXT);
    diagnostics = (await client.diagnosticsForVersion(URI, 1)).diagnostics;
  });

  afterEach(async () => {
    await client.stop();
  });

  /** The quick fixes for the diagnostic of a code on a line. */
  async function fixesFor(
    code: string,
    line: number,
    uri = URI,
    from = diagnostics,
  ): Promise<CodeAction[]> {
    const diagnostic = from.find((item) => item.code === code && item.range.start.line === line);
    assert.ok(diagnostic, `no ${code} diagnostic on line ${line}`);
    return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  function editsOf(action: CodeAction | undefined, uri = URI): TextEdit[] {
    return action?.edit?.changes?.[uri] ?? [];
  }

  /** Applies edits to the open document and returns the diagnostics of the result. */
  async function apply(
    text: string,
    edits: TextEdit[],
  ): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const updated = TextDocument.applyEdits(
      TextDocument.create(URI, 'comm-yaml', version, text),
      edits,
    );
    version++;
    client.change(URI, version, [{ text: updated }]);
    return {
      text: updated,
      diagnostics: (await client.diagnosticsForVersion(URI, version)).diagnostics,
    };
  }

  it('applies the suggested name', async () => {
    const [action] = await fixesFor('unknown-reference', 9);
    assert.equal(action?.title, "Change to 'orders'");
    assert.equal(action?.isPreferred, true);
    assert.deepEqual(editsOf(action), [{ range: range(9, 13, 9, 19), newText: 'orders' }]);
  });

  it('creates a missing response message', async () => {
    const [action] = await fixesFor('unknown-reference', 28);
    assert.equal(action?.title, "Create message 'OrderAccepted'");
    assert.deepEqual(editsOf(action), [
      { range: range(29, 0, 29, 0), newText: '  OrderAccepted:\n    kind: response\n' },
    ]);
  });

  it('creates a missing section at the end', async () => {
    const text = `switchboard: 1
services:
  orders: { protocol: http, url: http://orders.internal:8080 }
messages:
  PlaceOrder: { kind: command, handler: orders, queue: work }`;
    client.change(URI, ++version, [{ text }]);
    const published = (await client.diagnosticsForVersion(URI, version)).diagnostics;
    const [action] = await fixesFor('unknown-reference', 4, URI, published);
    assert.equal(action?.title, "Create queue 'work'");
    assert.deepEqual(editsOf(action), [
      { range: range(4, 61, 4, 61), newText: '\nqueues:\n  work: {}\n' },
    ]);
    const result = await apply(text, editsOf(action));
    assert.deepEqual(codesOf(result.diagnostics), []);
  });

  it('adds a dead-letter queue', async () => {
    const [action] = await fixesFor('queue-without-dead-letter', 14);
    assert.equal(action?.title, "Add dead-letter queue 'work-dead-letter'");
    assert.deepEqual(editsOf(action), [
      { range: range(16, 0, 16, 0), newText: '    deadLetter: work-dead-letter\n' },
      { range: range(16, 0, 16, 0), newText: '  work-dead-letter:\n    broker: tasks\n' },
    ]);
    const result = await apply(TEXT, editsOf(action));
    assert.ok(!codesOf(result.diagnostics).includes('queue-without-dead-letter'));
  });

  it('marks a route idempotent', async () => {
    const [mark] = await fixesFor('retry-not-idempotent', 10);
    assert.equal(mark?.title, "Mark route 'create-order' idempotent");
    assert.deepEqual(editsOf(mark), [
      { range: range(11, 0, 11, 0), newText: '    idempotent: true\n' },
    ]);
  });

  it('removes a retry but keeps its comment', async () => {
    const [, remove] = await fixesFor('retry-not-idempotent', 10);
    assert.equal(remove?.title, "Remove the retry of route 'create-order'");
    assert.deepEqual(editsOf(remove), [
      { range: range(10, 0, 11, 0), newText: '    # retried on 503\n' },
    ]);
  });

  it('edits a route in a flow mapping', async () => {
    const [mark, remove] = await fixesFor('retry-not-idempotent', 11);
    assert.deepEqual(editsOf(mark), [
      { range: range(11, 82, 11, 82), newText: ', idempotent: true' },
    ]);
    assert.deepEqual(editsOf(remove), [{ range: range(11, 62, 11, 82), newText: '' }]);
  });

  it('replaces a secret with a variable', async () => {
    const [action] = await fixesFor('inline-secret', 33);
    assert.equal(action?.title, 'Replace the secret with environment variable CUSTOMER_SECRET');
    assert.deepEqual(editsOf(action), [
      { range: range(33, 6, 33, 28), newText: 'secretEnv: CUSTOMER_SECRET' },
    ]);
    const result = await apply(TEXT, editsOf(action));
    assert.match(result.text, /\n {6}secretEnv: CUSTOMER_SECRET # rotate monthly\n/);
    assert.ok(!codesOf(result.diagnostics).includes('inline-secret'));
  });

  it('keeps every other line of the file', async () => {
    const [, remove] = await fixesFor('retry-not-idempotent', 10);
    const result = await apply(TEXT, editsOf(remove));
    const before = TEXT.split('\n');
    assert.deepEqual(result.text.split('\n'), [
      ...before.slice(0, 10),
      '    # retried on 503',
      ...before.slice(11),
    ]);
  });
});

describe('more quick fixes over stdio', () => {
  let client: TestClient;
  let version = 0;

  before(async () => {
    client = await TestClient.start();
  });

  after(async () => {
    await client.stop();
  });

  /** Opens or replaces the document and returns the quick fixes for its first diagnostic of a code. */
  async function fixesFor(text: string, code: string): Promise<CodeAction[]> {
    version++;
    if (version === 1) client.open(URI, text, version);
    else client.change(URI, version, [{ text }]);
    const { diagnostics } = await client.diagnosticsForVersion(URI, version);
    const diagnostic = diagnostics.find((item) => item.code === code);
    assert.ok(diagnostic, `no ${code} diagnostic in ${JSON.stringify(diagnostics)}`);
    return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  const base = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
`;

  it('creates a timeout policy with a duration', async () => {
    const [action] = await fixesFor(
      `${base}    timeout: call-limit\npolicies:\n  other:\n    kind: retry\n`,
      'unknown-reference',
    );
    assert.equal(action?.title, "Create policy 'call-limit'");
    assert.deepEqual(action?.edit?.changes?.[URI], [
      { range: range(9, 0, 9, 0), newText: '  call-limit:\n    kind: timeout\n    duration: 1s\n' },
    ]);
  });

  it('adds lines with CRLF to a CRLF file', async () => {
    const text = `${base}    retry: missing-retry\n`.replace(/\n/g, '\r\n');
    const [action] = await fixesFor(text, 'unknown-reference');
    assert.deepEqual(action?.edit?.changes?.[URI], [
      {
        range: range(6, 0, 6, 0),
        newText: 'policies:\r\n  missing-retry:\r\n    kind: retry\r\n    attempts: 3\r\n',
      },
    ]);
  });

  it('corrects a misspelt property', async () => {
    const [action] = await fixesFor(`${base}    descripton: Takes orders.\n`, 'unknown-property');
    assert.equal(action?.title, "Change to 'description'");
    assert.deepEqual(action?.edit?.changes?.[URI], [
      { range: range(5, 4, 5, 14), newText: 'description' },
    ]);
  });

  it('corrects a quoted enum value', async () => {
    const [action] = await fixesFor(
      base.replace('protocol: http', "protocol: 'htpp'"),
      'invalid-value',
    );
    assert.equal(action?.title, "Change to 'http'");
    assert.deepEqual(action?.edit?.changes?.[URI], [
      { range: range(3, 15, 3, 19), newText: 'http' },
    ]);
  });

  it('removes an unused suppression comment', async () => {
    const [action] = await fixesFor(
      `${base}# switchboard-disable handler-count\n`,
      'unused-suppression',
    );
    assert.equal(action?.title, 'Remove the unused suppression comment');
    assert.deepEqual(action?.edit?.changes?.[URI], [{ range: range(5, 0, 6, 0), newText: '' }]);
  });

  it('removes one unused code of several', async () => {
    const text = `${base}    # switchboard-disable-next-line unknown-reference, handler-count\n    retry: missing\n`;
    const [action] = await fixesFor(text, 'unused-suppression');
    assert.equal(action?.title, "Remove 'handler-count' from the suppression comment");
    assert.deepEqual(action?.edit?.changes?.[URI], [{ range: range(5, 53, 5, 68), newText: '' }]);
  });

  /** Applies the fix titled `title` to `text` and returns the codes of the result's diagnostics. */
  async function codesAfter(text: string, actions: CodeAction[], title: string): Promise<string[]> {
    const action = actions.find((candidate) => candidate.title === title);
    assert.ok(action, `no fix '${title}' in ${JSON.stringify(actions.map((each) => each.title))}`);
    const updated = TextDocument.applyEdits(
      TextDocument.create(URI, 'comm-yaml', version, text),
      action.edit?.changes?.[URI] ?? [],
    );
    version++;
    client.change(URI, version, [{ text: updated }]);
    return codesOf((await client.diagnosticsForVersion(URI, version)).diagnostics);
  }

  const route = `routes:
  place:
    method: POST
    path: /orders
    service: orders
    retry: write-retry
policies:
  write-retry:
    kind: retry
    attempts: 3
`;

  it('removes the retry and its warning', async () => {
    const text = base + route;
    const actions = await fixesFor(text, 'retry-not-idempotent');
    const codes = await codesAfter(text, actions, "Remove the retry of route 'place'");
    assert.deepEqual(codes, ['unused-definition']);
  });

  it('names the retry a route keeps', async () => {
    const text = `${base}    retry: write-retry
${route}`;
    const [, remove] = await fixesFor(text, 'retry-not-idempotent');
    assert.equal(
      remove?.title,
      "Remove the retry of route 'place' (it still takes 'write-retry' from service 'orders')",
    );
    assert.equal(remove?.diagnostics, undefined);
  });

  it('creates a retry policy that holds', async () => {
    const text = `${base}    retry: missing-retry
`;
    const actions = await fixesFor(text, 'unknown-reference');
    assert.deepEqual(await codesAfter(text, actions, "Create policy 'missing-retry'"), []);
  });

  it('creates a breaker that opens', async () => {
    const text = `${base}    breaker: missing-breaker
`;
    const actions = await fixesFor(text, 'unknown-reference');
    assert.deepEqual(await codesAfter(text, actions, "Create policy 'missing-breaker'"), []);
  });

  it('creates a command with its handler', async () => {
    const text = `${base}${route.replace(/retry: write-retry\n[^]*/, 'request: PlaceOrder\n')}`;
    const [action] = await fixesFor(text, 'unknown-reference');
    assert.deepEqual(action?.edit?.changes?.[URI], [
      {
        range: range(11, 0, 11, 0),
        newText: 'messages:\n  PlaceOrder:\n    kind: command\n    handler: orders\n',
      },
    ]);
    assert.deepEqual(await codesAfter(text, [action!], "Create message 'PlaceOrder'"), []);
  });
});

describe('secret fixes with a .env file over stdio', () => {
  const SECRET = `switchboard: 1
gateway:
  authentication:
    customer:
      type: jwt
      secret: "hunter2 hunter2" # rotate monthly
`;
  let workspace: TempWorkspace;
  let client: TestClient;
  let uri: string;

  beforeEach(async () => {
    workspace = new TempWorkspace({ 'comm.yaml': SECRET });
    uri = workspace.uriOf('comm.yaml');
    client = await TestClient.start({
      rootUri: workspace.uri,
      capabilities: {
        workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      },
    });
  });

  afterEach(async () => {
    await client.stop();
    workspace.remove();
  });

  async function secretFixes(): Promise<CodeAction[]> {
    client.open(uri, SECRET);
    const { diagnostics } = await client.diagnosticsForVersion(uri, 1);
    const diagnostic = diagnostics.find((item) => item.code === 'inline-secret');
    assert.ok(diagnostic, 'no inline-secret diagnostic');
    return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  const replace = { range: range(5, 6, 5, 31), newText: 'secretEnv: CUSTOMER_SECRET' };

  it('creates .env with the secret', async () => {
    const [move, plain] = await secretFixes();
    const envUri = workspace.uriOf('.env');
    assert.equal(move?.title, 'Move the secret to .env as CUSTOMER_SECRET');
    assert.equal(move?.isPreferred, true);
    assert.deepEqual(move?.edit?.documentChanges, [
      { kind: 'create', uri: envUri, options: { ignoreIfExists: true } },
      {
        textDocument: { uri: envUri, version: null },
        edits: [{ range: range(0, 0, 0, 0), newText: 'CUSTOMER_SECRET="hunter2 hunter2"\n' }],
      },
      { textDocument: { uri, version: 1 }, edits: [replace] },
    ]);
    assert.equal(plain?.title, 'Replace the secret with environment variable CUSTOMER_SECRET');
  });

  it('appends to an existing .env', async () => {
    workspace.write('.env', 'OTHER=1');
    const [move] = await secretFixes();
    const envUri = workspace.uriOf('.env');
    assert.deepEqual(move?.edit?.documentChanges, [
      {
        textDocument: { uri: envUri, version: null },
        edits: [{ range: range(0, 7, 0, 7), newText: '\nCUSTOMER_SECRET="hunter2 hunter2"\n' }],
      },
      { textDocument: { uri, version: 1 }, edits: [replace] },
    ]);
  });

  it('never overwrites a variable in .env', async () => {
    workspace.write('.env', 'CUSTOMER_SECRET=older\n');
    const actions = await secretFixes();
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Replace the secret with environment variable CUSTOMER_SECRET'],
    );
  });
});
