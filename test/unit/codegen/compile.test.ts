import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateClient } from '../../../server/src/codegen/generate';
import { planNames } from '../../../server/src/codegen/name-plan';
import { buildContract } from '../../../server/src/contract/model';
import { parseContract } from '../../../server/src/contract/parse';
import { runRules } from '../../../server/src/rules';
import {
  analyze,
  compile,
  generateInto,
  HOSTILE_CONTRACT,
  outputFolder,
  SHOP_CONTRACT,
} from '../../support/generated';

describe('generated code', function () {
  this.timeout(180_000);

  it('compiles for the shop example', () => {
    const folder = outputFolder('compile-shop');
    generateInto(SHOP_CONTRACT, folder);
    assert.deepEqual(compile(folder), []);
  });

  it('compiles for hostile names', () => {
    const folder = outputFolder('compile-hostile');
    generateInto(HOSTILE_CONTRACT, folder);
    assert.deepEqual(compile(folder), []);
  });

  it('keeps hostile wire names exact', () => {
    const folder = outputFolder('wire-hostile');
    generateInto(HOSTILE_CONTRACT, folder);
    const client = fs.readFileSync(path.join(folder, 'clients/class.ts'), 'utf8');
    assert.ok(client.includes("path: '/items/{item-id}/{class}'"));
    assert.ok(client.includes("'it\\'s'?: string;"));
    assert.ok(client.includes('async default_('));
    assert.ok(!/\*\/ and/.test(client.replace(/\*\\\//g, '')));
  });

  it('is byte-identical across runs', () => {
    const contract = analyze(SHOP_CONTRACT).contract;
    const first = generateClient(contract, 'comm.yaml').files;
    const second = generateClient(analyze(SHOP_CONTRACT).contract, 'comm.yaml').files;
    assert.deepEqual(second, first);
  });

  it('reports names that collide', () => {
    const text = [
      'switchboard: 1',
      'messages:',
      '  order-placed: { kind: event, producer: a, subscribers: [b], payload: { type: object } }',
      'schemas:',
      '  OrderPlaced: { type: object }',
    ].join('\n');
    const contract = buildContract([parseContract('file:///c/comm.yaml', text)]);
    const collisions = planNames(contract).collisions;
    assert.equal(collisions.length, 1);
    assert.equal(collisions[0]!.identifier, 'OrderPlaced');
    assert.equal(generateClient(contract, 'comm.yaml').files.length, 0);
  });

  it('reports collisions as a rule', () => {
    const text = [
      'switchboard: 1',
      'services:',
      '  Orders: { protocol: http, url: http://a }',
      '  orders: { protocol: http, url: http://b }',
    ].join('\n');
    const contract = buildContract([parseContract('file:///c/comm.yaml', text)]);
    const problems = runRules(contract).filter((problem) => problem.code === 'name-collision');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /'orders' and the service 'Orders' both become 'orders'/);
  });

  it('rejects a clashing .proto name', () => {
    const folder = outputFolder('proto-clash');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'clash.proto'),
      'syntax = "proto3";\npackage p;\nservice S { rpc Get(GrpcTransport) returns (GrpcTransport); }\n' +
        'message GrpcTransport { string id = 1; }\n',
    );
    const contractPath = path.join(folder, 'comm.yaml');
    fs.writeFileSync(
      contractPath,
      'switchboard: 1\nservices:\n  s:\n    protocol: grpc\n    address: 127.0.0.1:1\n' +
        '    proto: ./clash.proto\n    protoService: p.S\n',
    );
    assert.throws(
      () => generateClient(analyze(contractPath).contract, 'comm.yaml'),
      /type p\.GrpcTransport and the generated GrpcTransport both become 'GrpcTransport'/,
    );
  });
});
