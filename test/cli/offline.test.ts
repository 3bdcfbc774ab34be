import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI_BUNDLE, type CliResult } from '../support/cli';
import { SHOP_CONTRACT } from '../support/generated';
import type { IoRecord } from '../support/io-guard';
import { REPO_ROOT } from '../support/lsp-client';

const GUARD = path.join(REPO_ROOT, 'out/test/support/io-guard.js');

/** A contract that names remote places: a URL $ref and service URLs on other hosts. */
const REMOTE_REFS = `switchboard: 1
services:
  api:
    protocol: http
    url: http://api.example.com:8080
routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    response: Item
messages:
  Item:
    kind: response
    payload: { $ref: 'https://schemas.example.com/item.json' }
flows:
  quick:
    route: get-item
    load: { count: 3 }
`;

interface GuardedRun extends CliResult {
  readonly records: IoRecord[];
}

describe('the tool offline', function () {
  this.timeout(120_000);
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-offline-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** Runs the tool with the network blocked and file writes recorded. */
  function guarded(args: string[]): GuardedRun {
    const log = path.join(folder, 'io.jsonl');
    fs.rmSync(log, { force: true });
    const result = spawnSync(process.execPath, ['--require', GUARD, CLI_BUNDLE, ...args], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, SWITCHBOARD_IO_LOG: log },
      timeout: 60_000,
    });
    const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    const records = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as IoRecord);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, records };
  }

  function network(run: GuardedRun): IoRecord[] {
    return run.records.filter((entry) => entry.kind === 'network');
  }

  function remoteContract(): string {
    const file = path.join(folder, 'comm.yaml');
    fs.writeFileSync(file, REMOTE_REFS);
    return file;
  }

  it('blocks a connection in the guard', () => {
    const probe = path.join(folder, 'probe.js');
    fs.writeFileSync(probe, "require('node:net').connect(9, '127.0.0.1');\n");
    const log = path.join(folder, 'io.jsonl');
    const result = spawnSync(process.execPath, ['--require', GUARD, probe], {
      encoding: 'utf8',
      env: { ...process.env, SWITCHBOARD_IO_LOG: log },
    });
    assert.notEqual(result.status, 0);
    assert.match(fs.readFileSync(log, 'utf8'), /"call":"net.connect"/);
  });

  it('checks without the network', () => {
    const run = guarded(['check', SHOP_CONTRACT, remoteContract()]);
    assert.deepEqual(network(run), []);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
  });

  it('generates without the network', () => {
    const run = guarded(['generate', SHOP_CONTRACT, '--out', path.join(folder, 'out')]);
    assert.deepEqual(network(run), []);
    assert.equal(run.status, 0, run.stderr);
  });

  it('simulates without the network', () => {
    const shop = guarded(['simulate', SHOP_CONTRACT, '--flow', 'payments-outage', '--trace', '0']);
    assert.deepEqual(network(shop), []);
    assert.ok(shop.status === 0 || shop.status === 1, shop.stderr);
    const remote = guarded(['simulate', remoteContract(), '--flow', 'quick', '--trace', '0']);
    assert.deepEqual(network(remote), []);
  });

  it('writes generated files by rename', () => {
    const out = path.join(folder, 'out');
    const run = guarded(['generate', SHOP_CONTRACT, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const inside = run.records.filter((entry) => entry.target.startsWith(out));
    const writes = inside.filter((entry) => entry.kind === 'write');
    assert.ok(writes.length > 0, 'no file was written');
    for (const write of writes) assert.match(path.basename(write.target), /^\..*\.tmp$/);
    const renames = inside.filter((entry) => entry.kind === 'rename');
    assert.deepEqual(
      renames.map((entry) => entry.target).sort(),
      writes.map((entry) => entry.target).sort(),
    );
    assert.deepEqual(leftovers(out), []);
  });

  it('keeps a file it did not write', () => {
    const out = path.join(folder, 'out');
    fs.mkdirSync(out);
    const mine = path.join(out, 'types.ts');
    fs.writeFileSync(mine, 'export const mine = 1;\n');
    const run = guarded(['generate', SHOP_CONTRACT, '--out', out]);
    assert.equal(run.status, 1);
    assert.equal(fs.readFileSync(mine, 'utf8'), 'export const mine = 1;\n');
    assert.match(run.stderr, /types\.ts/);
  });
});

/** Returns the temporary files left in a folder tree. */
function leftovers(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.tmp'));
}
