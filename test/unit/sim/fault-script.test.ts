import { strict as assert } from 'node:assert';
import { attemptLog, breakerLog } from '../../../server/src/sim/attempts';
import { SERVICES, simulate } from './support';

const CONTRACT = `${SERVICES}routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    retry: api-retry
    breaker: api-breaker
    timeout: 10s
policies:
  api-retry:
    kind: retry
    attempts: 3
    delay: 100ms
    backoff: exponential
  api-breaker:
    kind: circuit-breaker
    consecutiveFailures: 3
    openDuration: 1s
flows:
  scripted:
    route: get-item
    load: { rate: 1/s, count: 3 }
`;

const TIMED_CONTRACT = `${SERVICES}routes:
  get-item:
    method: GET
    path: /items
    service: api
    auth: none
    timeout: 200ms
flows:
  scripted:
    route: get-item
    load: { rate: 1/s, count: 1 }
`;

describe('fault script', () => {
  it('answers calls in order', () => {
    const run = simulate(CONTRACT, 'scripted', {
      faultScript: {
        api: [
          { status: 503, latencyMs: 10 },
          { status: 'connection-error', latencyMs: 0 },
          { status: 200, latencyMs: 5 },
          { status: 500, latencyMs: 1 },
        ],
      },
    });
    assert.deepEqual(attemptLog(run.trace), [
      { id: 1, attempt: 1, startMs: 0, delayMs: 0, endMs: 10, outcome: '503' },
      { id: 1, attempt: 2, startMs: 110, delayMs: 100, endMs: 110, outcome: 'connection-error' },
      { id: 1, attempt: 3, startMs: 310, delayMs: 200, endMs: 315, outcome: '200' },
      { id: 2, attempt: 1, startMs: 1000, delayMs: 0, endMs: 1001, outcome: '500' },
      { id: 2, attempt: 2, startMs: 1101, delayMs: 100, endMs: 1111, outcome: '200' },
      { id: 3, attempt: 1, startMs: 2000, delayMs: 0, endMs: 2010, outcome: '200' },
    ]);
  });

  it('drives breaker transitions', () => {
    const failures = Array.from({ length: 3 }, () => ({ status: 503, latencyMs: 10 }));
    const run = simulate(CONTRACT, 'scripted', { faultScript: { api: failures } });
    assert.deepEqual(breakerLog(run.trace), [
      { timeMs: 330, breaker: 'api-breaker', to: 'open' },
      { timeMs: 1330, breaker: 'api-breaker', to: 'half-open' },
      { timeMs: 2010, breaker: 'api-breaker', to: 'closed' },
    ]);
    assert.deepEqual(
      attemptLog(run.trace).map(
        (record) => `${record.id}.${record.attempt} ${record.startMs} ${record.outcome}`,
      ),
      ['1.1 0 503', '1.2 110 503', '1.3 320 503', '2.1 1000 circuit-open', '3.1 2000 200'],
    );
  });

  it('times out a late dropped connection', () => {
    const run = simulate(TIMED_CONTRACT, 'scripted', {
      faultScript: { api: [{ status: 'connection-error', latencyMs: 300 }] },
    });
    assert.deepEqual(attemptLog(run.trace), [
      { id: 1, attempt: 1, startMs: 0, delayMs: 0, endMs: 200, outcome: 'timeout' },
    ]);
  });
});
