import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GenerateClientRequest } from '../../server/src/protocol';
import { outputFolder, SHOP_CONTRACT } from '../support/generated';
import { TestClient } from '../support/lsp-client';

describe('generate client request', function () {
  this.timeout(60_000);
  let client: TestClient;
  const uri = pathToFileURL(SHOP_CONTRACT).href;

  beforeEach(async () => {
    client = await TestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  it('writes and names the service client', async () => {
    const outDir = outputFolder('request-write');
    const result = await client.connection.sendRequest(GenerateClientRequest, {
      uri,
      outDir,
      overwrite: false,
      service: 'orders',
    });
    assert.equal(result.status, 'written');
    assert.equal(result.entry, path.join(outDir, 'clients/orders.ts'));
    assert.ok(fs.existsSync(path.join(outDir, 'index.ts')));
  });

  it('asks before replacing changed files', async () => {
    const outDir = outputFolder('request-confirm');
    await client.connection.sendRequest(GenerateClientRequest, { uri, outDir, overwrite: false });
    const types = path.join(outDir, 'types.ts');
    fs.appendFileSync(types, '// mine\n');
    const result = await client.connection.sendRequest(GenerateClientRequest, {
      uri,
      outDir,
      overwrite: false,
    });
    assert.equal(result.status, 'confirm');
    assert.deepEqual(result.changed, [types]);
    assert.ok(fs.readFileSync(types, 'utf8').endsWith('// mine\n'));
  });

  it('blocks a contract with errors', async () => {
    const broken = 'file:///workspace/comm.yaml';
    client.open(
      broken,
      'switchboard: 1\nroutes:\n  r: { method: GET, path: /x, service: missing }\n',
    );
    const result = await client.connection.sendRequest(GenerateClientRequest, {
      uri: broken,
      outDir: outputFolder('request-blocked'),
      overwrite: false,
    });
    assert.equal(result.status, 'blocked');
  });
});
