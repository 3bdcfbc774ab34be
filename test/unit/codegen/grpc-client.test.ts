import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { compile, generateInto, outputFolder, SHOP_CONTRACT } from '../../support/generated';
import { SkippingClock } from '../../support/test-clock';

interface InventoryClient {
  getStock(request: { sku: string }): Promise<{ sku: string; available: number }>;
  watchStock(request: { skus: string[] }): AsyncGenerator<{ sku: string; available: number }>;
  $close(): void;
}

describe('generated gRPC client', function () {
  this.timeout(120_000);
  const server = new grpc.Server();
  let address = '';
  let getStockCalls = 0;
  let slowCalls = 0;
  let InventoryClient: new (options: object) => InventoryClient;

  before(async () => {
    const folder = outputFolder('grpc-shop');
    generateInto(SHOP_CONTRACT, folder);
    assert.deepEqual(compile(folder, `${folder}-js`), []);
    InventoryClient = require(`${folder}-js/clients/inventory.js`).InventoryClient;

    const proto = path.join(path.dirname(SHOP_CONTRACT), 'protos/inventory.proto');
    const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(proto, { keepCase: true }));
    const service = (loaded['shop'] as grpc.GrpcObject)['inventory'] as grpc.GrpcObject;
    server.addService((service['Inventory'] as grpc.ServiceClientConstructor).service, {
      GetStock: (
        call: grpc.ServerUnaryCall<{ sku: string }, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        getStockCalls++;
        if (call.request.sku === 'SLOW') {
          // The first call outlasts the service's 300 ms timeout; read-retry retries the timeout.
          slowCalls++;
          const delayMs = slowCalls === 1 ? 2000 : 0;
          setTimeout(() => callback(null, { sku: 'SLOW', available: 1, reserved: 0 }), delayMs);
          return;
        }
        // The first call fails with UNAVAILABLE, which read-retry retries as 503.
        if (getStockCalls === 1) callback({ code: grpc.status.UNAVAILABLE, details: 'restarting' });
        else callback(null, { sku: call.request.sku, available: 7, reserved: 1 });
      },
      WatchStock: (call: grpc.ServerWritableStream<{ skus: string[] }, unknown>) => {
        for (const sku of call.request.skus) call.write({ sku, available: 3, reserved: 0 });
        call.end();
      },
      Reserve: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  after(() => server.forceShutdown());

  it('retries an unavailable unary call', async () => {
    const clock = new SkippingClock();
    const client = new InventoryClient({ address, clock });
    const level = await client.getStock({ sku: 'MUG-CER-350' });
    client.$close();
    assert.deepEqual([level.sku, level.available], ['MUG-CER-350', 7]);
    assert.equal(getStockCalls, 2);
    assert.equal(clock.sleeps.length, 1);
  });

  it('retries a call past its timeout', async () => {
    const clock = new SkippingClock();
    const client = new InventoryClient({ address, clock });
    const level = await client.getStock({ sku: 'SLOW' });
    client.$close();
    assert.equal(level.sku, 'SLOW');
    assert.equal(slowCalls, 2);
  });

  it('streams server messages', async () => {
    const client = new InventoryClient({ address });
    const received: string[] = [];
    for await (const level of client.watchStock({ skus: ['A', 'B', 'C'] }))
      received.push(level.sku);
    client.$close();
    assert.deepEqual(received, ['A', 'B', 'C']);
  });
});
