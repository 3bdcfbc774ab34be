import * as assert from 'node:assert/strict';
import {
  CircuitBreakerPolicySpec,
  DEFAULT_WINDOW_CALLS,
  normalizeBreakerPolicy,
} from '../../../server/src/policy/index.js';

describe('breaker policy normalizing', () => {
  it('fills in schema defaults', () => {
    const policy = normalizeBreakerPolicy({ kind: 'circuit-breaker', consecutiveFailures: 5 });
    assert.equal(policy.consecutiveFailures, 5);
    assert.equal(policy.minimumCalls, 10);
    assert.equal(policy.openDurationMs, 30_000);
    assert.equal(policy.halfOpenProbes, 1);
    assert.deepEqual(policy.failureOn.entries, ['5xx', 'timeout', 'connection-error']);
    assert.equal(policy.windowCalls, undefined);
    assert.equal(policy.windowMs, undefined);
  });

  it('parses rates and windows', () => {
    const policy = normalizeBreakerPolicy({
      failureRate: '50%',
      window: '10s',
      slowCallDuration: '2s',
      slowCallRate: 0.25,
      openDuration: '1m',
    });
    assert.equal(policy.failureRate, 0.5);
    assert.equal(policy.windowMs, 10_000);
    assert.equal(policy.windowCalls, undefined);
    assert.equal(policy.slowCallDurationMs, 2000);
    assert.equal(policy.slowCallRate, 0.25);
    assert.equal(policy.openDurationMs, 60_000);
  });

  it('defaults the rate window', () => {
    const policy = normalizeBreakerPolicy({ failureRate: 0.5 });
    assert.equal(policy.windowCalls, DEFAULT_WINDOW_CALLS);
    assert.equal(policy.windowMs, undefined);
  });

  it('caps minimumCalls at windowCalls', () => {
    assert.equal(normalizeBreakerPolicy({ failureRate: 0.5, windowCalls: 4 }).minimumCalls, 4);
    const timed = normalizeBreakerPolicy({ failureRate: 0.5, window: '1s', minimumCalls: 50 });
    assert.equal(timed.minimumCalls, 50);
  });

  it('rejects inconsistent policies', () => {
    const cases: [CircuitBreakerPolicySpec, RegExp][] = [
      [{}, /sets no condition to open\. Set consecutiveFailures, failureRate or slowCallRate/],
      [
        { failureRate: 0.5, window: '1s', windowCalls: 10 },
        /sets both window \(1s\) and windowCalls/,
      ],
      [{ consecutiveFailures: 3, slowCallDuration: '1s' }, /Set both of them or neither/],
      [{ slowCallRate: 0.5 }, /Set both of them or neither/],
      [{ consecutiveFailures: 0 }, /consecutiveFailures is 0, expected an integer of 1 or more/],
      [{ consecutiveFailures: 1, halfOpenProbes: 0 }, /halfOpenProbes is 0/],
      [{ failureRate: 1.5 }, /Invalid ratio 1.5/],
      [{ failureRate: 0.5, window: '0s' }, /window is "0s", expected a duration above 0/],
      [{ consecutiveFailures: 1, openDuration: '30' }, /Invalid duration '30'/],
      [{ consecutiveFailures: 1, failureOn: [99] }, /Invalid outcome 99/],
    ];
    for (const [spec, message] of cases) {
      assert.throws(() => normalizeBreakerPolicy(spec), message, JSON.stringify(spec));
    }
  });
});
