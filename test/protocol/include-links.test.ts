import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codesOf, TestClient } from '../support/lsp-client';
import { TempWorkspace } from '../support/workspace';

const SECRET = `switchboard: 1
services:
  secretsvc:
    protocol: http
    url: http://secret.internal
`;

const ROOT = `switchboard: 1
includes:
  - ./env.comm.yaml
routes:
  r:
    method: GET
    path: /a
    service: secretsvc
`;

describe('include resolution over stdio', () => {
  let workspace: TempWorkspace;
  let client: TestClient | undefined;

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    workspace.remove();
  });

  it('rejects a link leading outside', async () => {
    workspace = new TempWorkspace({ 'outside/secret.comm.yaml': SECRET, 'ws/comm.yaml': ROOT });
    const folder = path.join(workspace.folder, 'ws');
    fs.symlinkSync('../outside/secret.comm.yaml', path.join(folder, 'env.comm.yaml'));
    client = await TestClient.start({ rootUri: workspace.uriOf('ws') });
    const root = workspace.uriOf('ws/comm.yaml');
    client.open(root, ROOT);
    const { diagnostics } = await client.diagnosticsForVersion(root, 1);

    assert.deepEqual(codesOf(diagnostics), ['include-outside-workspace', 'unknown-reference']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 2, character: 4 },
      end: { line: 2, character: 19 },
    });
    assert.equal(
      diagnostics[0]!.message,
      `The include './env.comm.yaml' leads through a symbolic link to ${workspace.folder}/outside/secret.comm.yaml, ` +
        `outside the folder ${folder}, so it was not read. Includes must stay inside that folder so ` +
        'that a contract cannot read arbitrary files. Move the file into it.',
    );
  });

  it('reads an open file through a link', async () => {
    const root = ROOT.replace('./env.comm.yaml', './alias.comm.yaml');
    workspace = new TempWorkspace({ 'comm.yaml': root, 'real.comm.yaml': 'switchboard: 1\n' });
    fs.symlinkSync('real.comm.yaml', path.join(workspace.folder, 'alias.comm.yaml'));
    client = await TestClient.start({ rootUri: workspace.uri });
    // The service exists only in the unsaved text of the file the link leads to.
    client.open(workspace.uriOf('real.comm.yaml'), SECRET);
    await client.diagnosticsForVersion(workspace.uriOf('real.comm.yaml'), 1);
    const rootUri = workspace.uriOf('comm.yaml');
    client.open(rootUri, root);
    const { diagnostics } = await client.diagnosticsForVersion(rootUri, 1);

    assert.deepEqual(codesOf(diagnostics), []);
  });

  it('shows a cycle in the only open file', async () => {
    const a = 'switchboard: 1\nincludes: [./b.comm.yaml]\n';
    const b = 'switchboard: 1\nincludes: [./comm.yaml]\n';
    workspace = new TempWorkspace({ 'comm.yaml': a, 'b.comm.yaml': b });
    client = await TestClient.start({ rootUri: workspace.uri });
    const uri = workspace.uriOf('b.comm.yaml');
    client.open(uri, b);
    const { diagnostics } = await client.diagnosticsForVersion(uri, 1);

    assert.deepEqual(codesOf(diagnostics), ['include-cycle']);
    assert.deepEqual(diagnostics[0]!.range, {
      start: { line: 1, character: 11 },
      end: { line: 1, character: 22 },
    });
    assert.equal(
      diagnostics[0]!.message,
      "The include './comm.yaml' forms a cycle: b.comm.yaml → comm.yaml → b.comm.yaml. " +
        'Remove one of the includes.',
    );
  });
});
