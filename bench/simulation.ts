/**
 * Simulation throughput and memory: simulated messages per second of wall time for a flow with
 * retries and a circuit breaker, and the peak memory as the message count grows tenfold. Each
 * count runs in a child process of its own, so one run's garbage does not count in the next.
 */
import { execFileSync } from 'node:child_process';
import { analyzeContract } from '../server/src/contract/analysis';
import { parseContract } from '../server/src/contract/parse';
import { runFlow } from '../server/src/sim/run';
import { formatMiB, formatMs, printTable } from './stats';
import type { BenchSuite } from './suites';

const COUNTS = [100_000, 1_000_000];
/** The throughput the simulator is meant to reach on one core. */
const TARGET_PER_SECOND = 1_000_000;

/**
 * A route with up to three attempts and a breaker, against a service that fails one call in ten
 * and is unreachable for two seconds, during which the breaker opens.
 */
export function benchContract(count: number): string {
  return `switchboard: 1
services:
  api:
    protocol: http
    url: http://api.internal:8080
    instances: 4
    latency: { distribution: exponential, mean: 20ms }
routes:
  get-item:
    method: GET
    path: /items/{id}
    service: api
    auth: none
    retry: api-retry
    breaker: api-breaker
    timeout: 2s
policies:
  api-retry:
    kind: retry
    attempts: 3
    delay: 50ms
    jitter: full
  api-breaker:
    kind: circuit-breaker
    failureRate: 50%
    windowCalls: 100
    minimumCalls: 20
    openDuration: 1s
flows:
  load:
    route: get-item
    load: { rate: 10000/s, count: ${count} }
    seed: 11
    faults:
      api:
        errorRate: 10%
        outages:
          - { start: 30s, duration: 2s }
    limits: { maxDuration: 1h, maxEvents: 100000000 }
`;
}

interface Figures {
  count: number;
  messages: number;
  events: number;
  wallMs: number;
  breakerOpened: number;
  attempts: number;
  cpuMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
}

/** Runs the flow once in this process and measures it. */
function measure(count: number): Figures {
  const uri = 'file:///bench/comm.yaml';
  const file = parseContract(uri, benchContract(count));
  const contract = analyzeContract(file, {
    get: (asked) => (asked === uri ? file : undefined),
  }).contract;
  let peakHeapBytes = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const run = runFlow(contract, 'load', {
    traceLimit: 0,
    onProgress: () => {
      peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
    },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const service = run.summary.services[0]!;
  return {
    count,
    messages: run.summary.messages,
    events: run.summary.events,
    wallMs,
    cpuMs,
    breakerOpened: run.summary.breakers[0]!.opened,
    attempts: service.count,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes,
  };
}

export const simulationSuite: BenchSuite = {
  name: 'simulation',
  title: 'Simulation: messages per second of wall time, peak memory',
  async run() {
    const rows: string[][] = [];
    const all: Figures[] = [];
    for (const count of COUNTS) {
      const output = execFileSync(process.execPath, [__filename, String(count)], {
        encoding: 'utf8',
      });
      const figures = JSON.parse(output) as Figures;
      all.push(figures);
      const perSecond = figures.messages / (figures.wallMs / 1000);
      const perCpuSecond = figures.messages / (figures.cpuMs / 1000);
      rows.push([
        figures.count.toLocaleString('en-US'),
        figures.attempts.toLocaleString('en-US'),
        figures.events.toLocaleString('en-US'),
        String(figures.breakerOpened),
        formatMs(figures.wallMs),
        `${Math.round(perSecond).toLocaleString('en-US')}/s`,
        `${Math.round(perCpuSecond).toLocaleString('en-US')}/s`,
        perSecond >= TARGET_PER_SECOND ? 'met' : 'missed',
        formatMiB(figures.peakHeapBytes),
        formatMiB(figures.peakRssBytes),
      ]);
    }
    printTable(
      [
        'messages',
        'attempts',
        'events',
        'breaker opened',
        'wall time',
        'messages/s',
        'per CPU second',
        'target 1M/s',
        'peak heap',
        'peak RSS',
      ],
      rows,
    );
    const [small, large] = all;
    if (small !== undefined && large !== undefined) {
      console.log(
        `\nPeak heap grows ${(large.peakHeapBytes / small.peakHeapBytes).toFixed(2)}x for ` +
          `${large.count / small.count}x the messages. Each count runs in a fresh process, without a ` +
          'trace listener; retries (up to 3 attempts, full jitter) and the breaker run on every request. ' +
          'Messages per CPU second is the steadier figure on a shared machine.',
      );
    }
  },
};

if (require.main === module) {
  process.stdout.write(JSON.stringify(measure(Number(process.argv[2]))));
}
