import { strict as assert } from 'node:assert';
import { codesOf, TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';

describe('recursive alias over stdio', () => {
  it('reports it and keeps running', async () => {
    const client = await TestClient.start();
    try {
      client.open(URI, 'switchboard: 1\npolicies:\n  a: &base\n    kind: retry\n    <<: *base\n');
      const { diagnostics } = await client.diagnostics(URI);
      assert.deepEqual(codesOf(diagnostics), ['recursive-alias']);
      assert.deepEqual(diagnostics[0]!.range, {
        start: { line: 4, character: 8 },
        end: { line: 4, character: 13 },
      });
      assert.equal(client.process.exitCode, null);
    } finally {
      await client.stop();
    }
  });
});
