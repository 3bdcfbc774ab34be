import * as assert from 'node:assert/strict';
import {
  normalizeRetryPolicy,
  RetryPolicySpec,
  worstCase,
} from '../../../server/src/policy/index.js';

function worst(spec: RetryPolicySpec, attemptTimeoutMs: number, totalTimeoutMs?: number) {
  const options = totalTimeoutMs === undefined ? {} : { totalTimeoutMs };
  return worstCase(normalizeRetryPolicy(spec), attemptTimeoutMs, options);
}

describe('retry worst case', () => {
  it('adds timeouts and waits', () => {
    const result = worst({ attempts: 3, delay: '1s' }, 2000);
    assert.deepEqual(result.waitsMs, [1000, 2000]);
    assert.equal(result.uncappedMs, 9000);
    assert.equal(result.totalMs, 9000);
    assert.equal(result.cappedBy, undefined);
    assert.equal(result.arithmetic, '3 attempts x 2 s + 1 s + 2 s backoff = 9 s');
  });

  it('uses upper jitter bounds', () => {
    assert.deepEqual(worst({ attempts: 3, jitter: 'full' }, 1000).waitsMs, [100, 200]);
    assert.deepEqual(worst({ attempts: 3, jitter: 'equal' }, 1000).waitsMs, [100, 200]);
    const decorrelated = worst({ attempts: 4, jitter: 'decorrelated', maxDelay: '1s' }, 1000);
    assert.deepEqual(decorrelated.waitsMs, [300, 900, 1000]);
  });

  it('budget caps the total', () => {
    const result = worst({ attempts: 3, delay: '1s', budget: '5s' }, 2000);
    assert.equal(result.uncappedMs, 9000);
    assert.equal(result.totalMs, 5000);
    assert.equal(result.cappedBy, 'budget');
    assert.equal(
      result.arithmetic,
      'min(3 attempts x 2 s + 1 s + 2 s backoff = 9 s, 5 s budget) = 5 s',
    );
  });

  it('total timeout caps the total', () => {
    const result = worst({ attempts: 3, delay: '1s', budget: '5s' }, 2000, 4000);
    assert.equal(result.totalMs, 4000);
    assert.equal(result.cappedBy, 'total-timeout');
  });

  it('unbounded without attempt timeout', () => {
    const result = worst({ attempts: 3, delay: '1s' }, Infinity);
    assert.equal(result.totalMs, Infinity);
    assert.equal(result.arithmetic, '3 attempts with no timeout + 1 s + 2 s backoff = unbounded');
    assert.equal(worst({ attempts: 3, budget: '3s' }, Infinity).totalMs, 3000);
  });

  it('single attempt has no waits', () => {
    const result = worst({ attempts: 1 }, 2000);
    assert.deepEqual(result.waitsMs, []);
    assert.equal(result.arithmetic, '1 attempt x 2 s = 2 s');
  });

  it('groups runs of equal waits', () => {
    const constant = worst({ attempts: 6, backoff: 'constant', delay: '500ms' }, 1000);
    assert.equal(constant.arithmetic, '6 attempts x 1 s + 5 x 500 ms backoff = 8.5 s');
    const capped = worst({ attempts: 4, delay: '1s', maxDelay: '1s' }, 1000);
    assert.equal(capped.arithmetic, '4 attempts x 1 s + 3 x 1 s backoff = 7 s');
    const pair = worst({ attempts: 3, backoff: 'constant' }, 1000);
    assert.equal(pair.arithmetic, '3 attempts x 1 s + 100 ms + 100 ms backoff = 3.2 s');
  });

  it('reports uncounted Retry-After waits', () => {
    assert.equal(worst({ attempts: 3 }, 1000).uncountedRetryAfterMs, Infinity);
    assert.equal(worst({ attempts: 3, maxDelay: '5s' }, 1000).uncountedRetryAfterMs, 5000);
    assert.equal(
      worst({ attempts: 3, retryOn: ['timeout'] }, 1000).uncountedRetryAfterMs,
      undefined,
    );
    const ignored = worst({ attempts: 3, respectRetryAfter: false }, 1000);
    assert.equal(ignored.uncountedRetryAfterMs, undefined);
  });

  it('can count Retry-After waits', () => {
    const policy = normalizeRetryPolicy({ attempts: 3, maxDelay: '5s' });
    const result = worstCase(policy, 1000, { includeRetryAfter: true });
    assert.deepEqual(result.waitsMs, [5000, 5000]);
    assert.equal(result.totalMs, 13_000);
    assert.equal(result.uncountedRetryAfterMs, undefined);
  });
});
