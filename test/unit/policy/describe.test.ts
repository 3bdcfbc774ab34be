import * as assert from 'node:assert/strict';
import {
  describeBreaker,
  describeBulkhead,
  describePolicy,
  describeRetry,
  describeTimeout,
  normalizeBreakerPolicy,
  normalizeBulkheadPolicy,
  normalizeRetryPolicy,
} from '../../../server/src/policy/index.js';

describe('retry description', () => {
  it('states waits and worst case', () => {
    const policy = normalizeRetryPolicy({ attempts: 3, jitter: 'full' });
    assert.equal(
      describeRetry(policy, { attemptTimeoutMs: 700 }),
      '3 attempts; waits up to 100 ms, 200 ms (full jitter); worst case 2.4 s if every attempt ' +
        'times out at 700 ms and no Retry-After header sets a wait',
    );
  });

  it('omits Retry-After when ignored', () => {
    const policy = normalizeRetryPolicy({ attempts: 2, delay: '1s', respectRetryAfter: false });
    assert.equal(
      describeRetry(policy, { attemptTimeoutMs: 2000 }),
      '2 attempts; waits 1 s; worst case 5 s if every attempt times out at 2 s',
    );
  });

  it('shows jitter ranges', () => {
    const equal = normalizeRetryPolicy({ attempts: 3, jitter: 'equal', retryOn: ['timeout'] });
    assert.equal(
      describeRetry(equal, { attemptTimeoutMs: 1000 }),
      '3 attempts; waits 50 ms to 100 ms, 100 ms to 200 ms (equal jitter); retries on timeout; ' +
        'worst case 3.3 s if every attempt times out at 1 s',
    );
  });

  it('shortens long wait lists', () => {
    const policy = normalizeRetryPolicy({ retries: 6, respectRetryAfter: false });
    assert.match(
      describeRetry(policy, { attemptTimeoutMs: 1000 }),
      /^7 attempts; waits 100 ms, 200 ms, 400 ms, \.\.\., 3\.2 s; worst case 13\.3 s/,
    );
  });

  it('names the limiting budget', () => {
    const policy = normalizeRetryPolicy({ attempts: 3, budget: '2s' });
    assert.equal(
      describeRetry(policy, { attemptTimeoutMs: 1000 }),
      '3 attempts; waits 100 ms, 200 ms; at most 2 s in all; worst case 2 s, set by the budget',
    );
    assert.match(
      describeRetry(normalizeRetryPolicy({}), { attemptTimeoutMs: 1000, totalTimeoutMs: 1500 }),
      /worst case 1\.5 s, set by the total timeout$/,
    );
  });

  it('says when unbounded', () => {
    assert.match(
      describeRetry(normalizeRetryPolicy({ attempts: 3 })),
      /worst case unbounded, because attempts have no timeout$/,
    );
  });

  it('single attempt has no retries', () => {
    assert.equal(describeRetry(normalizeRetryPolicy({ attempts: 1 })), '1 attempt, no retries');
  });
});

describe('breaker description', () => {
  it('describes consecutive failures', () => {
    assert.equal(
      describeBreaker(normalizeBreakerPolicy({ consecutiveFailures: 5 })),
      'opens after 5 failures in a row; stays open 30 s; closes after 1 successful probe',
    );
  });

  it('describes rates and windows', () => {
    const policy = normalizeBreakerPolicy({
      failureRate: '50%',
      windowCalls: 20,
      slowCallDuration: '2s',
      slowCallRate: 0.3,
      openDuration: '1m',
      halfOpenProbes: 3,
      failureOn: [503, 'timeout'],
    });
    assert.equal(
      describeBreaker(policy),
      'opens when 50% of the last 20 calls fail, or when 30% of them take longer than 2 s ' +
        '(once the window has 10 calls); counts 503 and timeout as failures; stays open 1 min; ' +
        'closes after 3 successful probes',
    );
  });

  it('describes time windows', () => {
    const policy = normalizeBreakerPolicy({ failureRate: 0.25, window: '10s', minimumCalls: 1 });
    assert.match(
      describeBreaker(policy),
      /^opens when 25% of the calls of the last 10 s fail \(once the window has 1 call\);/,
    );
  });
});

describe('other policy descriptions', () => {
  it('describes a timeout', () => {
    assert.equal(describeTimeout({ durationMs: 2000 }), 'fails a call after 2 s');
  });

  it('describes a bulkhead', () => {
    const queued = normalizeBulkheadPolicy({ maxConcurrent: 10, maxQueue: 20, queueTimeout: '1s' });
    assert.equal(
      describeBulkhead(queued),
      'runs at most 10 calls at once; queues up to 20 more for at most 1 s; rejects the rest',
    );
    const unlimited = normalizeBulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    assert.equal(
      describeBulkhead(unlimited),
      'runs at most 1 call at once; queues up to 5 more with no time limit; rejects the rest',
    );
    assert.equal(
      describeBulkhead(normalizeBulkheadPolicy({ maxConcurrent: 4 })),
      'runs at most 4 calls at once; rejects the rest',
    );
  });

  it('dispatches on policy kind', () => {
    assert.equal(
      describePolicy({ kind: 'timeout', duration: '1.5m' }),
      'fails a call after 1 min 30 s',
    );
    assert.match(
      describePolicy({ kind: 'circuit-breaker', consecutiveFailures: 1 }),
      /^opens after 1 failure;/,
    );
    assert.match(describePolicy({ kind: 'bulkhead', maxConcurrent: 2 }), /^runs at most 2 calls/);
    assert.match(describePolicy({ kind: 'retry' }, { attemptTimeoutMs: 100 }), /^3 attempts;/);
  });

  it('throws on invalid policies', () => {
    assert.throws(() => describePolicy({ kind: 'circuit-breaker' }), /sets no condition to open/);
  });
});
