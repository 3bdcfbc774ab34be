import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { generateClient } from '../../../server/src/codegen/generate';
import { memberName, prefixedMember, typeName } from '../../../server/src/codegen/identifiers';
import { planNames, type NamePlan } from '../../../server/src/codegen/name-plan';
import { planOutput, writeOutput } from '../../../server/src/codegen/output';
import { buildContract, definitionsOf } from '../../../server/src/contract/model';
import { parseContract } from '../../../server/src/contract/parse';
import { compile, outputFolder } from '../../support/generated';

/** The seed of the names; a failure names it, so a run reproduces with the same names. */
const SEED = 20261204;
const NAME_COUNT = 1000;

/** Names that would run code if any generated file or the generator evaluated them. */
const CANARIES = [
  '${globalThis.hostileNameRan = 1}',
  "'); globalThis.hostileNameRan = 1; ('",
  '`; globalThis.hostileNameRan = 1; `',
  '*/ globalThis.hostileNameRan = 1; /*',
  '\nglobalThis.hostileNameRan = 1; //',
  "'); require('child_process').execSync('exit 1'); ('",
  '${process.exit(1)}',
];

/** Pieces of names that break strings, templates, comments, identifiers or lines. */
const FRAGMENTS = [
  "'",
  '"',
  '`',
  '\\',
  '*/',
  '/*',
  '//',
  '${',
  '}',
  '{',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u200d',
  '\ufeff',
  'é',
  'e\u0301',
  'Ω',
  '日本',
  '𝒳',
  '🙂',
  'default',
  'class',
  'constructor',
  '__proto__',
  'then',
  'toString',
  'await',
  '0',
  '7',
  '-',
  ' ',
  '<',
  '>',
  '&',
  '#',
  '?',
  '%',
  '=',
  '/',
  '.',
  '$',
  '_',
  'a',
  'Z',
  'process.exit(1)',
];

const hostileName = fc.oneof(
  fc
    .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

/** Draws the names: the canaries, then random ones, all distinct. */
function drawNames(): string[] {
  const [random] = fc.sample(
    fc.uniqueArray(hostileName, {
      minLength: NAME_COUNT - CANARIES.length,
      maxLength: NAME_COUNT - CANARIES.length,
    }),
    { seed: SEED, numRuns: 1 },
  );
  return [...new Set([...CANARIES, ...random!])].slice(0, NAME_COUNT);
}

/** The identifiers a name takes in one generated contract. */
function identifiersOf(name: string): string[] {
  const type = typeName(name);
  return [type, `${type}Request`, memberName(name), prefixedMember('handle', name)];
}

/** How many contracts the names are spread over; each costs one compiler run. */
const BATCHES = 3;

/**
 * Spreads names over the batches so that no two names of a batch share an identifier. A name that
 * shares one in every batch gets a counter appended until it fits, as a person would rename it.
 */
function batches(names: readonly string[]): string[][] {
  const groups = Array.from({ length: BATCHES }, () => ({
    names: [] as string[],
    taken: new Set<string>(),
  }));
  for (const drawn of names) {
    for (let attempt = 0; ; attempt++) {
      const name = attempt === 0 ? drawn : `${drawn} ${attempt}`;
      const ids = identifiersOf(name);
      const group = groups.find((candidate) => ids.every((id) => !candidate.taken.has(id)));
      if (group === undefined) continue;
      group.names.push(name);
      ids.forEach((id) => group.taken.add(id));
      break;
    }
  }
  return groups.map((group) => group.names);
}

/** A contract with one route, one command and one payload property named by each name. */
function contractText(names: readonly string[]): string {
  // Object.fromEntries makes `__proto__` an own key, where an assignment would set the prototype.
  const routes = Object.fromEntries(
    names.map((name, index) => [
      name,
      {
        method: 'POST',
        path: `/r${index}`,
        service: 'svc',
        auth: 'none',
        description: name,
        query: { [name]: { schema: { type: 'string' } } },
        request: name,
      },
    ]),
  );
  const messages = Object.fromEntries(
    names.map((name) => [
      name,
      {
        kind: 'command',
        producer: 'caller',
        handler: 'svc',
        description: name,
        payload: { type: 'object', required: [name], properties: { [name]: { type: 'string' } } },
      },
    ]),
  );
  return stringify({
    switchboard: 1,
    info: { title: names[0] },
    services: {
      svc: { protocol: 'http', url: 'http://127.0.0.1:1' },
      caller: { protocol: 'http', url: 'http://127.0.0.1:1' },
    },
    routes,
    messages,
  });
}

interface Received {
  readonly url: string;
  readonly body: string;
}

type Client = Record<string, (request: object) => Promise<unknown>>;
type Module = Record<string, unknown>;

interface Batch {
  readonly names: readonly string[];
  readonly plan: NamePlan;
  readonly diagnostics: readonly string[];
  readonly js: string;
}

/** Generates, writes and compiles the client of one batch of names. */
function build(names: readonly string[], index: number): Batch {
  const file = parseContract('file:///hostile/comm.yaml', contractText(names));
  const contract = buildContract([file]);
  const parsed = new Set(definitionsOf(contract, 'message').map((message) => message.name));
  const lost = names.filter((name) => !parsed.has(name));
  assert.deepEqual(lost, [], `seed ${SEED}: names the contract lost`);
  const plan = planNames(contract);
  const folder = outputFolder(`hostile-names-${index}`);
  const result = generateClient(contract, names[0]!);
  assert.deepEqual(result.collisions, [], `seed ${SEED}`);
  writeOutput(planOutput(folder, result.files), false);
  const js = `${folder}-js`;
  fs.rmSync(js, { recursive: true, force: true });
  return { names, plan, diagnostics: compile(folder, js), js };
}

describe(`generated code for ${NAME_COUNT} hostile names`, function () {
  this.timeout(600_000);
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  let baseUrl = '';
  let built: Batch[] = [];

  before(async () => {
    built = batches(drawNames()).map(build);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('draws every name', () => {
    const names = built.flatMap((batch) => batch.names);
    assert.equal(new Set(names).size, NAME_COUNT, `seed ${SEED}`);
  });

  it('compiles with strict options', () => {
    for (const batch of built) assert.deepEqual(batch.diagnostics, [], `seed ${SEED}`);
  });

  it('sends exact wire names over HTTP', async () => {
    for (const batch of built) {
      const { SvcClient } = require(path.join(batch.js, 'clients/svc.js')) as Module;
      const client = new (SvcClient as new (options: object) => Client)({ baseUrl });
      for (const [index, name] of batch.names.entries()) {
        received.length = 0;
        const member = batch.plan.routeMembers.get(name)!;
        await client[member]!({ query: { [name]: 'q' }, body: { [name]: 'b' } });
        const url = new URL(received[0]!.url, baseUrl);
        const context = `seed ${SEED}, name ${JSON.stringify(name)}`;
        assert.equal(url.pathname, `/r${index}`, context);
        assert.deepEqual([...url.searchParams.keys()], [name], context);
        assert.deepEqual(Object.keys(JSON.parse(received[0]!.body)), [name], context);
      }
    }
  });

  it('delivers exact names on the bus', async () => {
    for (const batch of built) {
      const index = require(path.join(batch.js, 'index.js')) as Module;
      const handlers = require(path.join(batch.js, 'handlers/svc.js')) as Module;
      const runtime = (index['createBus'] as () => unknown)();
      const seen: Array<[string, unknown]> = [];
      const table: Record<string, (payload: unknown) => string> = {};
      for (const name of batch.names) {
        table[batch.plan.handlerMembers.get(`svc\0${name}`)!] = (payload) => {
          seen.push([name, payload]);
          return 'ok';
        };
      }
      (handlers['registerSvcHandlers'] as (runtime: unknown, table: object) => void)(
        runtime,
        table,
      );
      const bus = (index['busFor'] as (runtime: unknown, service: string) => Client)(
        runtime,
        'caller',
      );
      for (const name of batch.names) {
        const send = bus['send'] as unknown as (name: string, payload: object) => Promise<unknown>;
        await send(name, { [name]: 'p' });
      }
      assert.deepEqual(
        seen,
        batch.names.map((name) => [name, { [name]: 'p' }]),
        `seed ${SEED}`,
      );
    }
  });

  it('runs no contract text', () => {
    assert.equal((globalThis as Record<string, unknown>)['hostileNameRan'], undefined);
  });
});
