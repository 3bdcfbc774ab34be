import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { ExportContractRequest, ImportDocumentRequest } from '../../server/src/protocol';
import { CORPUS, corpusDocuments } from '../support/corpus';
import { REPO_ROOT, TestClient } from '../support/lsp-client';

describe('import and export requests', function () {
  this.timeout(60_000);
  let client: TestClient;
  let folder: string;

  before(() => {
    corpusDocuments();
  });

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-interop-lsp-'));
    client = await TestClient.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const uriOf = (location: string): string => pathToFileURL(location).href;

  it('imports a document into a file', async () => {
    const source = path.join(CORPUS, 'openapi/v3.0-petstore.yaml');
    const out = path.join(folder, 'comm.yaml');
    const result = await client.connection.sendRequest(ImportDocumentRequest, {
      uri: uriOf(source),
      outUri: uriOf(out),
      force: false,
      allowRemoteRefs: false,
    });
    assert.equal(result.written, true, result.message);
    assert.deepEqual(Object.keys(parse(fs.readFileSync(out, 'utf8')).routes), [
      'list-pets',
      'create-pets',
      'show-pet-by-id',
    ]);
  });

  it('import keeps an existing file', async () => {
    const out = path.join(folder, 'comm.yaml');
    fs.writeFileSync(out, 'mine\n');
    const result = await client.connection.sendRequest(ImportDocumentRequest, {
      uri: uriOf(path.join(CORPUS, 'openapi/v3.0-petstore.yaml')),
      outUri: uriOf(out),
      force: false,
      allowRemoteRefs: false,
    });
    assert.equal(result.written, false);
    assert.match(result.message, /already exists/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'mine\n');
  });

  it('exports the open contract', async () => {
    const contract = path.join(folder, 'comm.yaml');
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples/shop/comm.yaml'), 'utf8');
    fs.writeFileSync(contract, text);
    client.open(uriOf(contract), text.replace('title: Shop', 'title: Unsaved Shop'));
    const out = path.join(folder, 'shop.asyncapi.yaml');
    const result = await client.connection.sendRequest(ExportContractRequest, {
      uri: uriOf(contract),
      target: 'asyncapi',
      outUri: uriOf(out),
      force: false,
    });
    assert.equal(result.written, true, result.message);
    assert.equal(parse(fs.readFileSync(out, 'utf8')).info.title, 'Unsaved Shop');
  });
});

describe('interop loading', () => {
  it('server modules load no parser', () => {
    // A new process, because this one has loaded the parser for other tests.
    const script =
      "require('./out/server/src/server');" +
      'const loaded = Object.keys(require.cache).filter((file) => /@asyncapi|openapi-schema-validator/.test(file));' +
      'process.stdout.write(JSON.stringify(loaded));';
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });
});
