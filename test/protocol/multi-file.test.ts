import { strict as assert } from 'node:assert';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
} from 'vscode-languageserver-protocol/node';
import { codesOf, TestClient } from '../support/lsp-client';
import { TempWorkspace } from '../support/workspace';

const ROOT = `switchboard: 1
includes:
  - shared.comm.yaml
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
messages:
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [billing]
`;

const SHARED = `switchboard: 1
services:
  billing:
    protocol: http
    url: http://billing.internal:8080
`;

describe('multi-file contracts over stdio', () => {
  let workspace: TempWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    workspace = new TempWorkspace({ 'comm.yaml': ROOT, 'shared.comm.yaml': SHARED });
  });

  afterEach(async () => {
    await client.stop();
    workspace.remove();
  });

  const start = async () => {
    client = await TestClient.start({ rootUri: workspace.uri });
  };

  it('revalidates the includer after an edit', async () => {
    await start();
    const root = workspace.uriOf('comm.yaml');
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(root, ROOT);
    assert.deepEqual(codesOf((await client.diagnosticsForVersion(root, 1)).diagnostics), []);
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);

    const revalidated = client.diagnostics(root, (params) => params.diagnostics.length > 0);
    // Rename the service `billing` to `invoicing`: the root's subscriber no longer resolves.
    client.change(shared, 2, [
      {
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } },
        text: 'invoicing',
      },
    ]);
    const { diagnostics } = await revalidated;
    assert.deepEqual(codesOf(diagnostics), ['unknown-reference']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 11, character: 18 },
      end: { line: 11, character: 25 },
    });
  });

  it('revalidates after a change on disk', async () => {
    await start();
    const root = workspace.uriOf('comm.yaml');
    client.open(root, ROOT);
    await client.diagnosticsForVersion(root, 1);

    const revalidated = client.diagnostics(root, (params) => params.diagnostics.length > 0);
    workspace.write('shared.comm.yaml', SHARED.replace('billing:', 'invoicing:'));
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: workspace.uriOf('shared.comm.yaml'), type: FileChangeType.Changed }],
    });
    assert.deepEqual(codesOf((await revalidated).diagnostics), ['unknown-reference']);
  });

  it('reports a missing include at its entry', async () => {
    workspace.write('comm.yaml', ROOT.replace('shared.comm.yaml', 'missing.comm.yaml'));
    await start();
    const root = workspace.uriOf('comm.yaml');
    client.open(root, ROOT.replace('shared.comm.yaml', 'missing.comm.yaml'));
    const { diagnostics } = await client.diagnosticsForVersion(root, 1);
    const missing = diagnostics.find((diagnostic) => diagnostic.code === 'include-not-found');
    assert.deepEqual(missing?.range, {
      start: { line: 2, character: 4 },
      end: { line: 2, character: 21 },
    });
    assert.match(
      String(missing?.message),
      /^The included file 'missing\.comm\.yaml' was not found at /,
    );
  });

  it('reports a cyclic include at its entry', async () => {
    const cyclic = `${SHARED}includes: [comm.yaml]\n`;
    workspace.write('shared.comm.yaml', cyclic);
    await start();
    const root = workspace.uriOf('comm.yaml');
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(root, ROOT);
    await client.diagnosticsForVersion(root, 1);
    client.open(shared, cyclic);
    const { diagnostics } = await client.diagnostics(
      shared,
      (params) => params.diagnostics.length > 0,
    );
    assert.deepEqual(codesOf(diagnostics), ['include-cycle']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 5, character: 11 },
      end: { line: 5, character: 20 },
    });
    assert.equal(
      diagnostics[0]!.message,
      "The include 'comm.yaml' forms a cycle: shared.comm.yaml → comm.yaml → shared.comm.yaml. Remove one of the includes.",
    );
  });

  it('applies suppressions in an included file', async () => {
    const suppressed = SHARED.replace(
      'services:',
      '# switchboard-disable-next-line self-subscription\nservices:',
    );
    workspace.write('shared.comm.yaml', suppressed);
    await start();
    const root = workspace.uriOf('comm.yaml');
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(root, ROOT);
    await client.diagnosticsForVersion(root, 1);
    client.open(shared, suppressed);
    const { diagnostics } = await client.diagnostics(
      shared,
      (params) => params.diagnostics.length > 0,
    );
    assert.deepEqual(codesOf(diagnostics), ['unused-suppression']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 1, character: 32 },
      end: { line: 1, character: 49 },
    });
    assert.deepEqual(diagnostics[0]!.tags, [1]);
  });
});
