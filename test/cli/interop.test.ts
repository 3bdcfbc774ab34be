import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli, runCliAsync } from '../support/cli';
import { CORPUS, corpusDocuments } from '../support/corpus';
import { REPO_ROOT } from '../support/lsp-client';

const SHOP = path.join(REPO_ROOT, 'examples/shop/comm.yaml');

describe('switchboard import and export', function () {
  this.timeout(120_000);
  let folder: string;

  before(() => {
    // Fails with a clear message when the corpus is missing.
    corpusDocuments();
  });

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-interop-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function inFolder(name: string): string {
    return path.join(folder, name);
  }

  for (const target of ['asyncapi', 'openapi']) {
    it(`round-trips the shop through ${target}`, () => {
      const exported = runCli(['export', SHOP, '--to', target, '--out', inFolder('api.yaml')]);
      assert.equal(exported.status, 0, exported.stderr);
      const imported = runCli(['import', inFolder('api.yaml'), '--out', inFolder('comm.yaml')]);
      assert.equal(imported.status, 0, imported.stderr);
      const original = parse(fs.readFileSync(SHOP, 'utf8'), { merge: true }) as object;
      assert.deepEqual(parse(fs.readFileSync(inFolder('comm.yaml'), 'utf8')), original);
    });
  }

  it('keeps policies in x-switchboard', () => {
    runCli(['export', SHOP, '--to', 'openapi', '--out', inFolder('api.yaml')]);
    const document = parse(fs.readFileSync(inFolder('api.yaml'), 'utf8'));
    const policies = document['x-switchboard'].sections.policies;
    assert.deepEqual(policies['orders-breaker'].define.kind, 'circuit-breaker');
  });

  it('maps routes to OpenAPI operations', () => {
    runCli(['export', SHOP, '--to', 'openapi', '--out', inFolder('api.yaml')]);
    const document = parse(fs.readFileSync(inFolder('api.yaml'), 'utf8'));
    assert.equal(document.paths['/orders/{orderId}'].get.operationId, 'get-order');
  });

  it('imported contract passes check', () => {
    const location = path.join(CORPUS, 'asyncapi/streetlights-kafka.yml');
    const imported = runCli(['import', location, '--out', inFolder('comm.yaml')]);
    assert.equal(imported.status, 0, imported.stderr);
    const checked = runCli(['check', inFolder('comm.yaml')]);
    assert.equal(checked.status, 0, checked.stdout);
  });

  it('reports what does not map', () => {
    const location = path.join(CORPUS, 'openapi/v3.1-tictactoe.yaml');
    const result = runCli(['import', location, '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      /v3\.1-tictactoe\.yaml:\d+:\d+ information The header parameter 'progressUrl' is not imported/,
    );
    assert.match(
      result.stderr,
      /v3\.1-tictactoe\.yaml:\d+:\d+ warning The security scheme 'defaultApiKey'/,
    );
  });

  it('keeps an existing output without --force', () => {
    fs.writeFileSync(inFolder('comm.yaml'), 'mine\n');
    const location = path.join(CORPUS, 'openapi/v3.0-petstore.yaml');
    const result = runCli(['import', location, '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /already exists; pass --force/);
    assert.equal(fs.readFileSync(inFolder('comm.yaml'), 'utf8'), 'mine\n');
  });

  it('replaces an existing output with --force', () => {
    fs.writeFileSync(inFolder('comm.yaml'), 'mine\n');
    const location = path.join(CORPUS, 'openapi/v3.0-petstore.yaml');
    const result = runCli(['import', location, '--out', inFolder('comm.yaml'), '--force']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(fs.readFileSync(inFolder('comm.yaml'), 'utf8'), /^switchboard: 1$/m);
    assert.deepEqual(fs.readdirSync(folder), ['comm.yaml']);
  });

  it('export keeps an existing output without --force', () => {
    fs.writeFileSync(inFolder('api.yaml'), 'mine\n');
    const result = runCli(['export', SHOP, '--to', 'asyncapi', '--out', inFolder('api.yaml')]);
    assert.equal(result.status, 1);
    assert.equal(fs.readFileSync(inFolder('api.yaml'), 'utf8'), 'mine\n');
  });

  it('reports each remote reference', () => {
    const location = path.join(CORPUS, 'asyncapi/adeo-kafka-request-reply.yml');
    const result = runCli(['import', location, '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 0, result.stderr);
    const urls = [...result.stderr.matchAll(/remote reference (\S+) was not fetched/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(urls, [
      'https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc',
      'https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc',
    ]);
    assert.match(fs.readFileSync(inFolder('comm.yaml'), 'utf8'), /costingRequestV1:/);
  });

  it('refuses files outside the folder', () => {
    const location = path.join(CORPUS, 'asyncapi/social-media/backend/asyncapi.yaml');
    const result = runCli(['import', location, '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /common[\\/]messages\.yaml, outside the folder/);
    assert.match(result.stderr, /asyncapi\.yaml:\d+:\d+ warning/);
  });

  it('reads files under --root', () => {
    const location = path.join(CORPUS, 'asyncapi/social-media/backend/asyncapi.yaml');
    const root = path.join(CORPUS, 'asyncapi/social-media');
    const result = runCli(['import', location, '--root', root, '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /warning/);
    const contract = parse(fs.readFileSync(inFolder('comm.yaml'), 'utf8'));
    assert.deepEqual(Object.keys(contract.messages).sort(), [
      'commentChanged',
      'commentLiked',
      'likeComment',
      'updateCommentLikes',
    ]);
  });

  describe('with a schema server', () => {
    let server: http.Server;
    let base: string;
    let requests: string[];

    before(async () => {
      requests = [];
      server = http.createServer((request, response) => {
        requests.push(request.url ?? '');
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => {
      server.close();
    });

    function writeDocument(): string {
      const document = {
        openapi: '3.1.0',
        info: { title: 'Remote', version: '1.0.0' },
        paths: {
          '/things': {
            get: {
              operationId: 'listThings',
              responses: {
                '200': {
                  description: 'The things.',
                  content: { 'application/json': { schema: { $ref: `${base}/thing.json` } } },
                },
              },
            },
          },
        },
      };
      fs.writeFileSync(inFolder('api.json'), JSON.stringify(document));
      return inFolder('api.json');
    }

    it('fetches nothing by default', async () => {
      requests.length = 0;
      const result = await runCliAsync(['import', writeDocument(), '--out', inFolder('comm.yaml')]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`${base}/thing.json was not fetched`));
      assert.deepEqual(requests, []);
    });

    it('fetches with --allow-remote', async () => {
      requests.length = 0;
      const result = await runCliAsync([
        'import',
        writeDocument(),
        '--allow-remote',
        '--out',
        inFolder('comm.yaml'),
      ]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(requests, ['/thing.json']);
      const contract = parse(fs.readFileSync(inFolder('comm.yaml'), 'utf8'));
      assert.equal(contract.schemas.thing.properties.id.type, 'integer');
    });
  });

  it('rejects Swagger 2 documents', () => {
    fs.writeFileSync(
      inFolder('api.yaml'),
      'swagger: "2.0"\ninfo: { title: Old, version: "1" }\npaths: {}\n',
    );
    const result = runCli(['import', inFolder('api.yaml'), '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Swagger 2\.0; convert it to OpenAPI 3 first/);
  });

  it('reports invalid AsyncAPI with its line', () => {
    fs.writeFileSync(
      inFolder('api.yaml'),
      'asyncapi: 3.0.0\ninfo:\n  title: Broken\nchannels: {}\n',
    );
    const result = runCli(['import', inFolder('api.yaml'), '--out', inFolder('comm.yaml')]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /api\.yaml:2:1 error AsyncAPI: .*"version"/);
    assert.equal(fs.existsSync(inFolder('comm.yaml')), false);
  });

  it('export requires --to', () => {
    const result = runCli(['export', SHOP, '--out', inFolder('api.yaml')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /use asyncapi or openapi/);
  });

  it('export rejects a contract with errors', () => {
    fs.writeFileSync(
      inFolder('comm.yaml'),
      'switchboard: 1\nroutes:\n  a: { method: GET, path: /a, service: nowhere }\n',
    );
    const result = runCli([
      'export',
      inFolder('comm.yaml'),
      '--to',
      'openapi',
      '--out',
      inFolder('api.yaml'),
    ]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /has errors, so it was not exported/);
  });
});
