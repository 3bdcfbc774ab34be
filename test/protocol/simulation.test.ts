import { strict as assert } from 'node:assert';
import {
  CancellationTokenSource,
  CodeLensRequest,
  ErrorCodes,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import {
  FlowListRequest,
  SimulateRequest,
  SimulationProgressParams,
  SimulationProgressNotification,
} from '../../server/src/protocol';
import { TestClient } from '../support/lsp-client';

const URI = 'file:///workspace/comm.yaml';
const CONTRACT = `switchboard: 1
services:
  api:
    protocol: http
    url: http://api.internal:8080
    latency: 10ms
routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
flows:
  short:
    route: get-item
    load: { rate: 10/s, count: 3 }
  endless:
    route: get-item
    load: { rate: 1000/s, duration: 1000h }
    limits: { maxDuration: 1000h, maxEvents: 1000000000 }
`;

describe('simulation over stdio', () => {
  let client: TestClient;
  let progress: SimulationProgressParams[];

  beforeEach(async () => {
    client = await TestClient.start();
    progress = [];
    client.connection.onNotification(
      SimulationProgressNotification.method,
      (params: SimulationProgressParams) => {
        progress.push(params);
      },
    );
    client.open(URI, CONTRACT);
  });

  afterEach(async () => {
    await client.stop();
  });

  it('lists the flows with ranges', async () => {
    const flows = await client.connection.sendRequest(FlowListRequest, { uri: URI });
    assert.deepEqual(
      flows.map((flow) => `${flow.name} ${flow.range.start.line}:${flow.range.start.character}`),
      ['short 13:2', 'endless 16:2'],
    );
  });

  it('puts a lens above each flow', async () => {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: URI },
    }))!.filter((lens) => lens.command?.title === 'Simulate');
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.command, lens.command?.arguments]),
      [
        [13, 'switchboard.simulateFlow', [URI, 'short']],
        [16, 'switchboard.simulateFlow', [URI, 'endless']],
      ],
    );
  });

  it('streams the trace of a run', async () => {
    const result = await client.connection.sendRequest(SimulateRequest, {
      uri: URI,
      flow: 'short',
      runId: 'r1',
    });
    assert.equal(result.runId, 'r1');
    assert.equal(result.summary.stopReason, 'completed');
    assert.equal(result.summary.routes[0]!.count, 3);
    const trace = progress
      .filter((params) => params.runId === 'r1')
      .flatMap((params) => params.trace);
    assert.equal(trace.length, 12);
    assert.equal(result.traceCount, 12);
    assert.deepEqual(
      trace.slice(0, 2).map((event) => `${event.kind} ${event.from}>${event.to}`),
      ['request client>gateway', 'call gateway>api'],
    );
    assert.equal(result.sources[trace[1]!.source]!.range.start.line, 7);
  });

  it('stops a cancelled run', async () => {
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest(
      SimulateRequest,
      { uri: URI, flow: 'endless', runId: 'long', traceLimit: 0 },
      source.token,
    );
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (progress.some((params) => params.runId === 'long')) resolve();
        else setImmediate(check);
      };
      check();
    });
    source.cancel();
    const result = await pending;
    assert.equal(result.summary.stopReason, 'cancelled');
    assert.ok(progress.at(-1)!.fraction < 1);
  });

  it('rejects an unknown flow', async () => {
    const error = await client.connection
      .sendRequest(SimulateRequest, { uri: URI, flow: 'nope', runId: 'r2' })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, ErrorCodes.InvalidParams);
    assert.equal(error.message, "Unknown flow 'nope'. Its flows are: short, endless.");
  });
});
