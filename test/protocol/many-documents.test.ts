import { strict as assert } from 'node:assert';
import { codesOf, TestClient } from '../support/lsp-client';

const DOCUMENTS = 200;

function contract(index: number): string {
  return `switchboard: 1
services:
  service-${index}:
    protocol: http
    url: http://service-${index}.internal:8080
messages:
  Event${index}:
    kind: event
    producer: service-${index}
    subscribers: [missing-${index}]
`;
}

describe('many open documents over stdio', function () {
  this.timeout(120_000);
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
  });

  after(async () => {
    await client.stop();
  });

  it('diagnoses 200 documents and clears them', async () => {
    const uris = Array.from(
      { length: DOCUMENTS },
      (_, index) => `file:///many/contract-${index}.comm.yaml`,
    );
    const opened = uris.map((uri) => client.diagnosticsForVersion(uri, 1));
    uris.forEach((uri, index) => client.open(uri, contract(index)));
    for (const { diagnostics } of await Promise.all(opened)) {
      assert.deepEqual(codesOf(diagnostics), ['unknown-reference']);
    }
    const cleared = uris.map((uri) =>
      client.diagnostics(uri, (params) => params.diagnostics.length === 0),
    );
    for (const uri of uris) client.close(uri);
    assert.equal((await Promise.all(cleared)).length, DOCUMENTS);
  });
});
