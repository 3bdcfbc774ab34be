import { strict as assert } from 'node:assert';
import {
  CodeAction,
  Diagnostic,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';
const TEXT = `switchboard: 1
gateway:
  authentication:
    customer:
      type: jwt
      secret: hunter2hunter2
services:
  orders:
    protocol: http
    url: http://orders
    timout: 2s
    # switchboard-disable-next-line unknown-reference
    retry: base
policies:
  base:
    kind: retry
    attempts: 3
`;

function at(line: number, character: number): Range {
  const position = { line, character };
  return { start: position, end: position };
}

function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return {
    start: { line: startLine, character: startChar },
    end: { line: endLine, character: endChar },
  };
}

describe('quick fixes for older diagnostics over stdio', () => {
  let client: TestClient;
  let first: Diagnostic[];

  beforeEach(async () => {
    client = await TestClient.start({
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true } },
        workspace: { workspaceEdit: { documentChanges: true } },
      },
    });
    client.open(URI, TEXT);
    first = (await client.diagnosticsForVersion(URI, 1)).diagnostics;
  });

  afterEach(async () => {
    await client.stop();
  });

  /** Sends an edit as version 2 and waits for its diagnostics. */
  async function edit(change: TextDocumentContentChangeEvent): Promise<void> {
    client.change(URI, 2, [change]);
    await client.diagnosticsForVersion(URI, 2);
  }

  /** Requests the quick fixes for the first version's diagnostic of a code. */
  function fixesFor(code: string): Promise<CodeAction[]> {
    const diagnostic = first.find((item) => item.code === code);
    assert.ok(diagnostic, `no ${code} diagnostic in ${JSON.stringify(first)}`);
    return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  it('sends a versioned document edit', async () => {
    const [action] = await fixesFor('unknown-property');
    assert.deepEqual(action?.edit, {
      documentChanges: [
        {
          textDocument: { uri: URI, version: 1 },
          edits: [{ range: range(10, 4, 10, 10), newText: 'timeout' }],
        },
      ],
    });
  });

  it('offers nothing for a commented key', async () => {
    await edit({ range: at(10, 4), text: '# ' });
    assert.deepEqual(await fixesFor('unknown-property'), []);
  });

  it('offers nothing for a moved suppression', async () => {
    await edit({ range: at(11, 0), text: '    description: Takes orders.\n' });
    assert.deepEqual(await fixesFor('unused-suppression'), []);
  });

  it('offers nothing for a moved secret', async () => {
    await edit({ range: at(1, 0), text: 'info:\n  title: Shop\n' });
    assert.deepEqual(await fixesFor('inline-secret'), []);
  });

  it('fixes a diagnostic that still holds', async () => {
    await edit({ range: at(17, 0), text: '# more policies later\n' });
    const [action] = await fixesFor('unknown-property');
    assert.deepEqual(action?.edit, {
      documentChanges: [
        {
          textDocument: { uri: URI, version: 2 },
          edits: [{ range: range(10, 4, 10, 10), newText: 'timeout' }],
        },
      ],
    });
  });
});
