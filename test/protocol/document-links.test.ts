import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { codesOf, TestClient } from '../support/lsp-client';
import { TempWorkspace } from '../support/workspace';

const ROOT = `switchboard: 1
includes: [./shared.comm.yaml]
services:
  x:
    protocol: http
    url: http://x
  y:
    protocol: http
    url: http://y
routes:
  r:
    method: GET
    path: /a
    service: x
    response: V
`;

const SHARED = `switchboard: 1
messages:
  V:
    kind: response
    producer: x
  E:
    kind: event
    producer: x
    subscribers: [y]
`;

/** Formats diagnostics as `line:character code message`, the parts a user reads. */
function shown(diagnostics: { range: { start: { line: number; character: number } } }[]): string[] {
  return diagnostics.map((diagnostic) => {
    const { range, code, message } = diagnostic as typeof diagnostic & {
      code: string;
      message: string;
    };
    return `${range.start.line}:${range.start.character} ${code} ${message}`;
  });
}

describe('documents linked to their contracts', () => {
  let workspace: TempWorkspace;
  let client: TestClient;

  afterEach(async () => {
    await client.stop();
    workspace.remove();
  });

  /** URIs spelled as VS Code spells them, which encodes parentheses and spaces. */
  const editorUri = (name: string) =>
    URI.file(path.join(workspace.folder, 'team (copy)', name)).toString();

  /** Starts the server on a folder named `team (copy)` holding the root and its include. */
  async function startInEncodedFolder(): Promise<{ root: string; shared: string }> {
    workspace = new TempWorkspace({
      'team (copy)/comm.yaml': ROOT,
      'team (copy)/shared.comm.yaml': SHARED,
    });
    const folder = URI.file(path.join(workspace.folder, 'team (copy)')).toString();
    client = await TestClient.start({ rootUri: folder });
    return { root: editorUri('comm.yaml'), shared: editorUri('shared.comm.yaml') };
  }

  it('links files in an encoded folder', async () => {
    const { root, shared } = await startInEncodedFolder();
    assert.match(root, /%28copy%29/);
    client.open(root, ROOT);
    client.open(shared, SHARED);
    const atStart = await client.diagnosticsForVersion(shared, 1);
    assert.deepEqual(shown(atStart.diagnostics), []);

    const rechecked = client.diagnostics(root, (params) => params.diagnostics.length > 0);
    client.change(shared, 2, [{ text: SHARED.replace('  V:', '  W:') }]);
    assert.deepEqual(shown((await rechecked).diagnostics), [
      "14:14 unknown-reference Route 'r' names message 'V' as its response message, but no " +
        "message has that name. Did you mean 'W'?",
    ]);
  });

  it('returns locations in editor spelling', async () => {
    const { root, shared } = await startInEncodedFolder();
    client.open(root, ROOT);
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);
    // `producer: x` in the shared file names the service that the root defines.
    const locations = await client.connection.sendRequest<{ uri: string }[]>(
      'textDocument/definition',
      { textDocument: { uri: shared }, position: { line: 4, character: 15 } },
    );
    assert.deepEqual(
      locations.map((location) => location.uri),
      [root],
    );
  });

  it('checks an included file alone', async () => {
    workspace = new TempWorkspace({
      'comm.yaml': ROOT,
      'shared.comm.yaml': SHARED.replace('subscribers: [y]', 'subscribers: [y, ghost]'),
    });
    client = await TestClient.start({ rootUri: workspace.uri });
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(shared, SHARED.replace('subscribers: [y]', 'subscribers: [y, ghost]'));
    const published = await client.diagnosticsForVersion(shared, 1);
    assert.deepEqual(shown(published.diagnostics), [
      "8:21 unknown-reference Message 'E' names service 'ghost' as its subscriber, but no service " +
        'has that name.',
    ]);
  });

  it('hovers root names from includes', async () => {
    workspace = new TempWorkspace({ 'comm.yaml': ROOT, 'shared.comm.yaml': SHARED });
    client = await TestClient.start({ rootUri: workspace.uri });
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);
    // `producer: x` in the shared file names the service that the root on disk defines.
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>(
      'textDocument/hover',
      { textDocument: { uri: shared }, position: { line: 4, character: 15 } },
    );
    assert.equal(hover?.contents.value, '**service** `x`\n\nhttp at http://x');
  });

  it('unlinks a deleted includer', async () => {
    workspace = new TempWorkspace({ 'comm.yaml': ROOT, 'shared.comm.yaml': SHARED });
    client = await TestClient.start({ rootUri: workspace.uri });
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(shared, SHARED);
    const linked = await client.diagnosticsForVersion(shared, 1);
    assert.deepEqual(shown(linked.diagnostics), []);

    const alone = client.diagnostics(shared, (params) => params.diagnostics.length > 0);
    fs.rmSync(path.join(workspace.folder, 'comm.yaml'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: workspace.uriOf('comm.yaml'), type: FileChangeType.Deleted }],
    });
    assert.deepEqual(codesOf((await alone).diagnostics), [
      'unknown-reference',
      'unknown-reference',
      'unknown-reference',
    ]);
  });

  it('rechecks after closing an unsaved root', async () => {
    workspace = new TempWorkspace({ 'comm.yaml': ROOT, 'shared.comm.yaml': SHARED });
    client = await TestClient.start({ rootUri: workspace.uri });
    const root = workspace.uriOf('comm.yaml');
    const shared = workspace.uriOf('shared.comm.yaml');
    client.open(root, ROOT);
    client.open(shared, SHARED);
    await client.diagnosticsForVersion(shared, 1);

    const broken = client.diagnostics(shared, (params) => params.diagnostics.length > 0);
    client.change(root, 2, [{ text: ROOT.replace('  x:\n', '  z:\n') }]);
    assert.equal((await broken).diagnostics.length, 2);

    const restored = client.diagnostics(shared);
    client.close(root);
    assert.deepEqual(shown((await restored).diagnostics), []);
  });
});
