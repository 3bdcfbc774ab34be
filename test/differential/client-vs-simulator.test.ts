import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { delayBounds } from '../../server/src/policy/backoff';
import { normalizeRetryPolicy, type RetryPolicySpec } from '../../server/src/policy/retry';
import {
  attemptLog,
  AttemptRecord,
  BreakerChange,
  breakerLog,
} from '../../server/src/sim/attempts';
import { runFlow } from '../../server/src/sim/run';
import type { ScriptedAnswer } from '../../server/src/sim/services';
import { analyze, compile, generateInto, outputFolder } from '../support/generated';
import { REPO_ROOT } from '../support/lsp-client';
import { runClient } from './client-run';

const CONTRACT = path.join(REPO_ROOT, 'test/fixtures/differential/scripted.comm.yaml');

/** The answer of service api once a script has run out: its latency of 10ms, and success. */
const MODELLED: ScriptedAnswer = { status: 200, latencyMs: 10 };

const ok = (latencyMs: number): ScriptedAnswer => ({ status: 200, latencyMs });
const fail = (status: number, latencyMs = 10): ScriptedAnswer => ({ status, latencyMs });
const drop = (latencyMs: number): ScriptedAnswer => ({ status: 'connection-error', latencyMs });

interface Scenario {
  readonly flow: string;
  readonly route: string;
  readonly seed: number;
  readonly calls: number;
  /** The time between two calls, from the flow's load rate. */
  readonly gapMs: number;
  readonly retry: RetryPolicySpec;
  /** The answers of each call in turn. A latency of 500 ms outlasts the 200ms attempt timeout. */
  readonly script: readonly ScriptedAnswer[];
  /** Every attempt as 'CALL.ATTEMPT OUTCOME', which the contract's policies call for. */
  readonly outcomes: readonly string[];
  readonly transitions: readonly string[];
}

const SCENARIOS: readonly Scenario[] = [
  {
    flow: 'retries',
    route: 'read',
    seed: 7,
    calls: 3,
    gapMs: 1000,
    retry: { attempts: 4, delay: '100ms', maxDelay: '1s', jitter: 'equal' },
    script: [
      ...[fail(503), ok(500), drop(5), ok(20)],
      // A connection dropped after the attempt timeout is a timeout.
      ...[drop(300), fail(503), ok(10)],
      ...[fail(500), fail(504), fail(502), fail(503)],
    ],
    outcomes: [
      ...['1.1 503', '1.2 timeout', '1.3 connection-error', '1.4 200'],
      ...['2.1 timeout', '2.2 503', '2.3 200'],
      ...['3.1 500', '3.2 504', '3.3 502', '3.4 503'],
    ],
    transitions: [],
  },
  {
    flow: 'breaker',
    route: 'guarded',
    seed: 11,
    calls: 5,
    gapMs: 1000,
    retry: { attempts: 4, delay: '100ms', jitter: 'full' },
    // The breaker opens on the third 503, the probe of call 3 times out, the one of call 5 passes.
    script: [fail(503), fail(503), fail(503), ok(500), ok(10)],
    outcomes: [
      ...['1.1 503', '1.2 503', '1.3 503', '1.4 circuit-open', '2.1 circuit-open'],
      ...['3.1 timeout', '3.2 circuit-open', '4.1 circuit-open', '5.1 200'],
    ],
    transitions: ['open', 'half-open', 'open', 'half-open', 'closed'],
  },
  {
    flow: 'deadline',
    route: 'bounded',
    seed: 3,
    calls: 2,
    gapMs: 1000,
    retry: { attempts: 4, delay: '100ms', maxDelay: '1s', jitter: 'equal' },
    // The route's 400ms covers the whole call, so the second attempt's limit is what remains of it.
    script: [...[ok(500), ok(500)], ...[fail(503), ok(350)]],
    outcomes: [...['1.1 timeout', '1.2 timeout'], ...['2.1 503', '2.2 timeout']],
    transitions: [],
  },
  {
    flow: 'decorrelated',
    route: 'spread',
    seed: 5,
    calls: 2,
    gapMs: 3000,
    retry: { attempts: 4, delay: '100ms', maxDelay: '1s', jitter: 'decorrelated' },
    script: [...[fail(503), fail(500), ok(500), ok(10)], ...[drop(0), ok(10)]],
    outcomes: [
      ...['1.1 503', '1.2 500', '1.3 timeout', '1.4 200'],
      ...['2.1 connection-error', '2.2 200'],
    ],
    transitions: [],
  },
];

interface Figures {
  readonly attempts: readonly AttemptRecord[];
  readonly breakers: readonly BreakerChange[];
}

function simulate(scenario: Scenario): Figures {
  const analysis = analyze(CONTRACT);
  const run = runFlow(analysis.contract, scenario.flow, {
    traceLimit: 10_000,
    faultScript: { api: scenario.script },
  });
  return { attempts: attemptLog(run.trace), breakers: breakerLog(run.trace) };
}

const outcomesOf = (figures: Figures) =>
  figures.attempts.map((record) => `${record.id}.${record.attempt} ${record.outcome}`);
const timesOf = (figures: Figures) =>
  figures.attempts.map((record) => [record.startMs, record.endMs, record.delayMs]);

describe('generated client against the simulator', function () {
  this.timeout(120_000);
  let ApiClient: new (options: object) => Record<string, unknown>;

  before(() => {
    const folder = outputFolder('differential');
    generateInto(CONTRACT, folder);
    assert.deepEqual(compile(folder, `${folder}-js`), []);
    ApiClient = require(`${folder}-js/clients/api.js`).ApiClient;
  });

  for (const scenario of SCENARIOS) {
    describe(`flow ${scenario.flow}`, () => {
      let simulated: Figures;
      let generated: Figures;

      before(async () => {
        simulated = simulate(scenario);
        generated = await runClient({
          client: (options) => new ApiClient(options),
          method: scenario.route,
          script: scenario.script,
          fallback: MODELLED,
          seed: scenario.seed,
          calls: scenario.calls,
          gapMs: scenario.gapMs,
        });
      });

      it('simulates the scripted outcomes', () => {
        assert.deepEqual(outcomesOf(simulated), scenario.outcomes);
      });

      it('makes the same attempts', () => {
        assert.deepEqual(outcomesOf(generated), outcomesOf(simulated));
      });

      it('waits the same delays', () => {
        assert.deepEqual(timesOf(generated), timesOf(simulated));
      });

      it('keeps waits within jitter bounds', () => {
        const policy = normalizeRetryPolicy(scenario.retry);
        const outside = generated.attempts.filter((record) => {
          if (record.attempt === 1) return false;
          const bounds = delayBounds(policy, record.attempt - 1);
          return record.delayMs < bounds.minMs || record.delayMs > bounds.maxMs;
        });
        assert.deepEqual(outside, []);
      });

      it('simulates the expected transitions', () => {
        assert.deepEqual(
          simulated.breakers.map((change) => change.to),
          scenario.transitions,
        );
      });

      it('changes breaker state alike', () => {
        assert.deepEqual(generated.breakers, simulated.breakers);
      });
    });
  }
});
