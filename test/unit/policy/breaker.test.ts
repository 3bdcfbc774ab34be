import * as assert from 'node:assert/strict';
import {
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitBreakerPolicySpec,
  CircuitState,
  normalizeBreakerPolicy,
} from '../../../server/src/policy/index.js';

function breakerFor(spec: CircuitBreakerPolicySpec, options?: CircuitBreakerOptions) {
  return new CircuitBreaker(normalizeBreakerPolicy(spec), options);
}

/** Reports calls at 1 ms apart from `startMs`: 'F' a failure, 'S' a success, each taking 10 ms. */
function play(breaker: CircuitBreaker, calls: string, startMs = 0): void {
  let now = startMs;
  for (const call of calls) {
    if (call === 'F') breaker.onFailure(now, 10);
    else breaker.onSuccess(now, 10);
    now++;
  }
}

describe('circuit breaker closed state', () => {
  it('opens after consecutive failures', () => {
    const breaker = breakerFor({ consecutiveFailures: 3 });
    play(breaker, 'FF');
    assert.equal(breaker.state(2), 'closed');
    breaker.onFailure(2, 10);
    assert.equal(breaker.state(2), 'open');
    assert.equal(breaker.tryAcquire(3), false);
  });

  it('success resets failure streak', () => {
    const breaker = breakerFor({ consecutiveFailures: 3 });
    play(breaker, 'FFSFF');
    assert.equal(breaker.state(5), 'closed');
    assert.equal(breaker.tryAcquire(5), true);
  });

  it('rate waits for minimum calls', () => {
    const breaker = breakerFor({ failureRate: '50%', windowCalls: 10, minimumCalls: 5 });
    play(breaker, 'FFFF');
    assert.equal(breaker.state(4), 'closed');
    breaker.onFailure(4, 10);
    assert.equal(breaker.state(4), 'open');
  });

  it('rate opens at exact threshold', () => {
    // 7 failures of 50 calls is 14%, but 0.14 * 50 gives 7.000000000000001.
    const breaker = breakerFor({ failureRate: 0.14, windowCalls: 50, minimumCalls: 50 });
    play(breaker, 'S'.repeat(43) + 'FFFFFF');
    assert.equal(breaker.state(49), 'closed');
    breaker.onFailure(49, 10);
    assert.equal(breaker.state(49), 'open');
  });

  it('count window slides', () => {
    const breaker = breakerFor({ failureRate: '50%', windowCalls: 4, minimumCalls: 4 });
    // The first failure leaves the window before the last two arrive; counted from the start,
    // 3 failures of 7 calls would stay below 50%.
    play(breaker, 'FSSSSF');
    assert.equal(breaker.state(6), 'closed');
    breaker.onFailure(6, 10);
    assert.equal(breaker.state(6), 'open');
  });

  it('time window keeps recent calls', () => {
    const breaker = breakerFor({ failureRate: '50%', window: '10s', minimumCalls: 2 });
    breaker.onFailure(0, 10);
    breaker.onSuccess(9_500, 10);
    assert.equal(breaker.state(9_500), 'open');
  });

  it('time window drops old calls', () => {
    const breaker = breakerFor({ failureRate: '50%', window: '10s', minimumCalls: 2 });
    breaker.onFailure(0, 10);
    breaker.onSuccess(10_500, 10);
    breaker.onSuccess(10_600, 10);
    assert.equal(breaker.state(10_600), 'closed');
  });

  it('time buckets set the granularity', () => {
    const spec = { failureRate: '50%', window: '10s', minimumCalls: 2 } as const;
    // With 10 buckets of 1 s, a call at 999 ms leaves with its bucket at 10 s, 9 001 ms later.
    const coarse = breakerFor(spec);
    coarse.onFailure(999, 10);
    coarse.onSuccess(10_000, 10);
    assert.equal(coarse.state(10_000), 'closed');
    // With 1 000 buckets of 10 ms, the same call still counts.
    const fine = breakerFor(spec, { timeBuckets: 1000 });
    fine.onFailure(999, 10);
    fine.onSuccess(10_000, 10);
    assert.equal(fine.state(10_000), 'open');
  });

  it('opens on slow call rate', () => {
    const spec = { slowCallDuration: '1s', slowCallRate: '50%', windowCalls: 4, minimumCalls: 4 };
    const breaker = breakerFor(spec);
    breaker.onSuccess(0, 1500);
    breaker.onSuccess(1, 100);
    breaker.onSuccess(2, 100);
    assert.equal(breaker.state(2), 'closed');
    breaker.onSuccess(3, 1001);
    assert.equal(breaker.state(3), 'open');
  });

  it('slow means strictly longer', () => {
    const spec = { slowCallDuration: '1s', slowCallRate: '50%', windowCalls: 4, minimumCalls: 4 };
    const breaker = breakerFor(spec);
    for (let now = 0; now < 4; now++) breaker.onSuccess(now, 1000);
    assert.equal(breaker.state(4), 'closed');
  });

  it('slow failures count twice', () => {
    const spec = {
      failureRate: '75%',
      slowCallDuration: '1s',
      slowCallRate: '75%',
      windowCalls: 4,
      minimumCalls: 4,
    };
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 2000);
    breaker.onFailure(1, 2000);
    breaker.onSuccess(2, 2000);
    assert.equal(breaker.state(2), 'closed');
    breaker.onSuccess(3, 10);
    // Failures are 2 of 4 and slow calls 3 of 4, so the slow-call rate opens it.
    assert.equal(breaker.state(3), 'open');
  });

  it('failureOn decides what fails', () => {
    const breaker = breakerFor({ consecutiveFailures: 1, failureOn: [503] });
    breaker.onOutcome(0, 500, 10);
    breaker.onOutcome(1, 'timeout', 10);
    assert.equal(breaker.state(1), 'closed');
    breaker.onOutcome(2, 503, 10);
    assert.equal(breaker.state(2), 'open');
  });

  it('default failureOn skips client errors', () => {
    const breaker = breakerFor({ consecutiveFailures: 1 });
    breaker.onOutcome(0, 404, 10);
    breaker.onOutcome(1, 429, 10);
    assert.equal(breaker.state(1), 'closed');
    breaker.onOutcome(2, 'connection-error', 10);
    assert.equal(breaker.state(2), 'open');
  });
});

describe('circuit breaker open and half-open', () => {
  const spec = { consecutiveFailures: 1, openDuration: '1s', halfOpenProbes: 2 };

  it('fails fast while open', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    assert.equal(breaker.tryAcquire(999), false);
    assert.equal(breaker.state(999), 'open');
    assert.equal(breaker.openUntilMs, 1000);
  });

  it('half-open after open duration', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    assert.equal(breaker.state(1000), 'half-open');
  });

  it('lets exactly halfOpenProbes through', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    assert.equal(breaker.tryAcquire(1000), true);
    assert.equal(breaker.tryAcquire(1001), true);
    assert.equal(breaker.tryAcquire(1002), false);
    breaker.onSuccess(1100, 10);
    // One probe succeeded, but every permit of this half-open period is used.
    assert.equal(breaker.tryAcquire(1101), false);
    assert.equal(breaker.state(1101), 'half-open');
  });

  it('successful probes close it', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    breaker.tryAcquire(1000);
    breaker.tryAcquire(1000);
    breaker.onSuccess(1100, 10);
    breaker.onSuccess(1200, 10);
    assert.equal(breaker.state(1200), 'closed');
    assert.equal(breaker.tryAcquire(1201), true);
  });

  it('failed probe reopens it', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    breaker.tryAcquire(1000);
    breaker.tryAcquire(1000);
    breaker.onSuccess(1100, 10);
    breaker.onFailure(1500, 10);
    assert.equal(breaker.state(1500), 'open');
    assert.equal(breaker.tryAcquire(2499), false);
    assert.equal(breaker.tryAcquire(2500), true);
  });

  it('ignored probe returns its permit', () => {
    const breaker = breakerFor({ consecutiveFailures: 1, openDuration: '1s' });
    breaker.onFailure(0, 10);
    assert.equal(breaker.tryAcquire(1000), true);
    assert.equal(breaker.tryAcquire(1000), false);
    breaker.onOutcome(1001, 'bulkhead-full', 0);
    assert.equal(breaker.state(1001), 'half-open');
    assert.equal(breaker.tryAcquire(1002), true);
  });

  it('ignores late results while open', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    breaker.onFailure(500, 10);
    breaker.onSuccess(600, 10);
    assert.equal(breaker.openUntilMs, 1000);
    assert.equal(breaker.state(600), 'open');
  });

  it('ignores results without probes', () => {
    const breaker = breakerFor(spec);
    breaker.onFailure(0, 10);
    // A call started before the breaker opened ends while it is half-open with no probe out.
    breaker.onFailure(1200, 10);
    assert.equal(breaker.state(1200), 'half-open');
  });

  it('closing clears the window', () => {
    const breaker = breakerFor({
      failureRate: '50%',
      windowCalls: 4,
      minimumCalls: 2,
      openDuration: '1s',
    });
    play(breaker, 'FF');
    assert.equal(breaker.state(2), 'open');
    assert.equal(breaker.tryAcquire(1001), true);
    breaker.onSuccess(1002, 10);
    assert.equal(breaker.state(1002), 'closed');
    breaker.onFailure(1003, 10);
    // Without clearing, the window would hold 3 failures of 3 calls.
    assert.equal(breaker.state(1003), 'closed');
  });

  it('reports every transition', () => {
    const transitions: [CircuitState, CircuitState, number][] = [];
    const breaker = breakerFor(spec, {
      onTransition: (from, to, atMs) => transitions.push([from, to, atMs]),
    });
    breaker.onFailure(0, 10);
    // The breaker observes the end of openDuration at 1500 ms and reports it at 1000 ms.
    breaker.tryAcquire(1500);
    breaker.onFailure(1600, 10);
    breaker.tryAcquire(2600);
    breaker.tryAcquire(2600);
    breaker.onSuccess(2700, 10);
    breaker.onSuccess(2800, 10);
    assert.deepEqual(transitions, [
      ['closed', 'open', 0],
      ['open', 'half-open', 1000],
      ['half-open', 'open', 1600],
      ['open', 'half-open', 2600],
      ['half-open', 'closed', 2800],
    ]);
  });
});
