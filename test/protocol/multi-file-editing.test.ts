import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItem,
  CompletionRequest,
  Hover,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';

const ROOT_TEXT = `switchboard: 1
includes:
  - ./shared.comm.yaml
routes:
  get-order:
    method: GET
    path: /orders
    service: 
    retry: shared-retry
`;

const SHARED_TEXT = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    description: Owned by the checkout team.
policies:
  shared-retry:
    kind: retry
    attempts: 2
    delay: 100ms
`;

describe('editing across included files', () => {
  let folder: string;
  let client: TestClient;
  let rootUri: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-editing-'));
    fs.writeFileSync(path.join(folder, 'comm.yaml'), ROOT_TEXT);
    fs.writeFileSync(path.join(folder, 'shared.comm.yaml'), SHARED_TEXT);
    rootUri = pathToFileURL(path.join(folder, 'comm.yaml')).href;
    client = await TestClient.start({
      rootUri: pathToFileURL(folder).href,
      initializationOptions: { diagnosticsDelay: 5 },
    });
    client.open(rootUri, ROOT_TEXT);
    await client.diagnostics(rootUri);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('completes a service from an include', async () => {
    const result = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: rootUri },
      position: { line: 7, character: 13 },
    });
    const items = (Array.isArray(result) ? result : (result?.items ?? [])) as CompletionItem[];
    assert.deepEqual(
      items.map((item) => [item.label, item.detail]),
      [['orders', 'service']],
    );
    assert.deepEqual(items[0]!.documentation, {
      kind: 'markdown',
      value: 'Owned by the checkout team.',
    });
  });

  it('describes a policy from an include', async () => {
    const hover: Hover | null = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: rootUri },
      position: { line: 8, character: 12 },
    });
    assert.equal(
      (hover?.contents as { value: string }).value,
      '**retry policy** `shared-retry`\n\n2 attempts; waits 100 ms; worst case unbounded, because attempts have no timeout',
    );
  });
});
