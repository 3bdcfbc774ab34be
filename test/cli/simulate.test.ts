import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';

const SHOP = 'examples/shop/comm.yaml';

const SMALL = `switchboard: 1
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
  quick:
    route: get-item
    load: { rate: 10/s, count: 5 }
    expect:
      - { route: get-item, metric: p95, max: 50ms }
  too-strict:
    route: get-item
    load: { count: 2 }
    expect:
      - { route: get-item, metric: max, max: 5ms }
  capped:
    route: get-item
    load: { rate: 10/s, count: 100 }
    limits: { maxEvents: 10 }
`;

/** Flows that ask for far more than a run can hold, and messages that send each other forever. */
const UNBOUNDED = `switchboard: 1
services:
  api:
    protocol: http
    url: http://api.internal:8080
    latency: 10ms
  worker:
    protocol: http
    url: http://worker.internal:8080
    latency: 1ms
routes:
  start:
    method: POST
    path: /start
    service: api
    auth: none
    request: Start
messages:
  Start:
    kind: command
    producer: gateway
    handler: api
    sends: [Ping]
  Ping:
    kind: event
    producer: api
    subscribers: [worker]
    sends: [Pong]
  Pong:
    kind: event
    producer: worker
    subscribers: [api]
    sends: [Ping]
flows:
  flood:
    route: start
    load: { rate: 1000000000/s, duration: 1h }
    limits: { maxEvents: 20000 }
  decades:
    route: start
    load: { rate: 1/s, duration: 876000h }
  echo:
    route: start
    load: { count: 1 }
`;

/** The contract with the route's message sending nothing, so that no flow reaches the cycle. */
const withoutCycle = UNBOUNDED.replace(
  '    handler: api\n    sends: [Ping]\n',
  '    handler: api\n',
);

describe('switchboard simulate', () => {
  let folder: string;
  let small: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-simulate-'));
    small = path.join(folder, 'comm.yaml');
    fs.writeFileSync(small, SMALL);
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('passes the outage flow of the shop', () => {
    const result = runCli(['simulate', SHOP, '--flow', 'payments-outage', '--trace', '5']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Trace of flow payments-outage \(seed 7\), first 5 events:\n/);
    assert.match(
      result.stdout,
      /\n {2}pass {2}queue payment-requests delivered ≥ 1000 \(measured \d+\)\n/,
    );
    assert.match(result.stdout, /\nAll 3 expectations passed\.\n$/);
  });

  it('prints a readable trace', () => {
    const result = runCli(['simulate', small, '--flow', 'quick', '--trace', '4']);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 7), [
      'Trace of flow quick (seed 1), first 4 events:',
      '      0.0 ms  #1      client → gateway              request  GET /items  (client 1)',
      '      0.0 ms  #1      gateway → api                 call  get-item  attempt 1  (instance 1 of 1)',
      '     10.0 ms  #1      api → gateway                 reply  get-item  attempt 1  [200]  (took 10 ms)',
      '     10.0 ms  #1      gateway → client              response  get-item  [200]',
      '  … later events are not shown; --trace N shows more.',
      '',
    ]);
  });

  it('prints the trace and metrics as JSON', () => {
    const result = runCli([
      'simulate',
      small,
      '--flow',
      'quick',
      '--format',
      'json',
      '--trace',
      '3',
    ]);
    assert.equal(result.status, 0);
    const output = JSON.parse(result.stdout) as {
      flow: string;
      passed: boolean;
      trace: Array<{ kind: string; source: number }>;
      sources: Array<{ uri: string; range: { start: { line: number } } }>;
      routes: Array<{ name: string; count: number; p95Ms: number }>;
      expectations: Array<{ text: string; passed: boolean; actual: number }>;
    };
    assert.equal(output.flow, 'quick');
    assert.equal(output.passed, true);
    assert.deepEqual(
      output.trace.map((event) => event.kind),
      ['request', 'call', 'reply'],
    );
    assert.equal(output.sources[output.trace[1]!.source]!.range.start.line, 7);
    assert.equal(output.routes[0]!.count, 5);
    assert.deepEqual(output.expectations, [
      {
        text: 'route get-item p95 ≤ 50ms',
        passed: true,
        actual: 10,
        actualText: '10 ms',
        source: 2,
      },
    ]);
    assert.equal(output.sources[2]!.range.start.line, 17);
  });

  it('repeats its output for a seed', () => {
    const first = runCli(['simulate', SHOP, '--flow', 'browsing', '--seed', '5', '--trace', '40']);
    const second = runCli(['simulate', SHOP, '--flow', 'browsing', '--seed', '5', '--trace', '40']);
    assert.equal(first.status, 0);
    assert.equal(second.stdout, first.stdout);
    assert.match(first.stdout, /^Trace of flow browsing \(seed 5\)/);
  });

  it('exits 1 when an expectation fails', () => {
    const result = runCli(['simulate', small, '--flow', 'too-strict', '--trace', '0']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /\n {2}FAIL {2}route get-item max ≤ 5ms \(measured 10 ms\)\n/);
    assert.match(result.stdout, /\n1 of 1 expectations failed\.\n$/);
  });

  it('exits 1 at a limit', () => {
    const result = runCli(['simulate', small, '--flow', 'capped', '--trace', '0']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /The run reached the limit of 10 events \(limits\.maxEvents\)/);
  });

  it('stops a flood at its limit', () => {
    const file = path.join(folder, 'unbounded.comm.yaml');
    fs.writeFileSync(file, withoutCycle);
    const result = runCli(['simulate', file, '--flow', 'flood', '--trace', '0']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /reached the limit of 20000 events \(limits\.maxEvents\)/);
    assert.match(result.stdout, /asks for 3,600,000,000,000 arrivals, more than the limit/);
  });

  it('stops a load of decades', () => {
    const file = path.join(folder, 'unbounded.comm.yaml');
    fs.writeFileSync(file, withoutCycle);
    const result = runCli(['simulate', file, '--flow', 'decades', '--trace', '0']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /reached the limit of 3600000 ms of virtual time/);
    assert.match(result.stdout, /The load lasts 876,000 h, longer than the limit of 1 h/);
  });

  it('stops messages that send forever', () => {
    const file = path.join(folder, 'unbounded.comm.yaml');
    fs.writeFileSync(file, UNBOUNDED);
    const result = runCli(['simulate', file, '--flow', 'echo', '--trace', '0']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /stopped at a message cycle: Ping → Pong → Ping/);
  });

  it('lists the flows for an unknown flow', () => {
    const result = runCli(['simulate', small, '--flow', 'nope']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^Unknown flow 'nope'\. Its flows are: quick, too-strict, capped\.\n/,
    );
  });

  it('lists the flows without --flow', () => {
    const result = runCli(['simulate', small]);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /Name the flow to run with --flow\. The flows of .* are: quick, too-strict, capped\./,
    );
  });

  it('rejects an invalid seed', () => {
    const result = runCli(['simulate', small, '--flow', 'quick', '--seed', '3x']);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      /^Invalid --seed '3x': write an integer of 0 or more, such as 42\.\n/,
    );
  });

  it('rejects an unknown format', () => {
    const result = runCli(['simulate', small, '--flow', 'quick', '--format', 'xml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^Unknown format 'xml'; use text or json\.\n/);
  });

  it('exits 2 for a missing file', () => {
    const result = runCli(['simulate', path.join(folder, 'missing.yaml'), '--flow', 'quick']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^Cannot read .*missing\.yaml: no such file\.\n/);
  });

  it('refuses a contract with errors', () => {
    fs.writeFileSync(small, SMALL.replace('service: api', 'service: apj'));
    const result = runCli(['simulate', small, '--flow', 'quick']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown-reference/);
    assert.match(result.stderr, /Cannot simulate .*comm\.yaml: it has 1 error\. Fix them first;/);
  });
});
