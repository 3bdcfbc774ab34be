import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../support/cli';
import { codesOf, TestClient } from '../support/lsp-client';

/** Loaded into the process under test, never into this one: it makes any network access fatal. */
const PRELOAD = ['--require', path.join(__dirname, '../support/no-network.js')];
const NETWORK_EXIT_STATUS = 86;

/** Builds a contract that names a local HTTP server in an include and in a $ref. */
function contractFor(base: string): string {
  return `switchboard: 1
includes: ['${base}/other.comm.yaml']
services:
  orders:
    protocol: http
    url: ${base}
schemas:
  Remote:
    $ref: '${base}/schema.json'
`;
}

describe('validation without network', function () {
  this.timeout(60_000);
  let server: http.Server;
  let connections = 0;
  let base: string;
  let folder: string;

  before(async () => {
    server = http.createServer((_, response) => response.end('{}'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-offline-'));
  });

  after(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops a process that requests', () => {
    const script = `require('node:http').get('${base}')`;
    const result = spawnSync(process.execPath, [...PRELOAD, '-e', script], { encoding: 'utf8' });
    assert.equal(result.status, NETWORK_EXIT_STATUS);
  });

  it('checks from the command line offline', () => {
    const file = path.join(folder, 'comm.yaml');
    fs.writeFileSync(file, contractFor(base));
    const result = runCli(['check', file, '--format', 'json'], { nodeArgs: PRELOAD });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1);
    const codes = (JSON.parse(result.stdout) as Array<{ code: string }>).map(
      (problem) => problem.code,
    );
    assert.ok(
      codes.includes('include-remote') && codes.includes('unsupported-ref'),
      codes.join(', '),
    );
    assert.equal(connections, 0);
  });

  it('validates in the server offline', async () => {
    const client = await TestClient.start({ nodeArgs: PRELOAD });
    const uri = pathToFileURL(path.join(folder, 'open.comm.yaml')).href;
    client.open(uri, contractFor(base));
    const { diagnostics } = await client.diagnostics(uri);
    await client.stop();
    assert.ok(codesOf(diagnostics).includes('include-remote'), codesOf(diagnostics).join(', '));
    assert.equal(client.process.exitCode, 0, client.errorOutput);
    assert.equal(connections, 0);
  });
});
