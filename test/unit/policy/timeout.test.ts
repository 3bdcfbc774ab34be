import * as assert from 'node:assert/strict';
import {
  attemptTimeout,
  deadlineOf,
  hasTimedOut,
  PolicyLookup,
  PolicySpec,
  resolveCallTimeouts,
  resolveTimeout,
} from '../../../server/src/policy/index.js';

const policies: Record<string, PolicySpec> = {
  fast: { kind: 'timeout', duration: '500ms' },
  patient: { kind: 'timeout', duration: '30s' },
  backoff: { kind: 'retry', attempts: 3 },
};
const lookup: PolicyLookup = (name) => policies[name];

describe('timeout resolution', () => {
  it('reads durations directly', () => {
    assert.equal(resolveTimeout('2s', lookup), 2000);
  });

  it('reads timeout policies by name', () => {
    assert.equal(resolveTimeout('fast', lookup), 500);
  });

  it('unset means no limit', () => {
    assert.equal(resolveTimeout(undefined, lookup), Infinity);
  });

  it('rejects unknown names', () => {
    assert.throws(
      () => resolveTimeout('slow', lookup),
      /Invalid timeout 'slow': it is neither a duration, such as 2s, nor the name of a policy/,
    );
  });

  it('rejects policies of other kinds', () => {
    assert.throws(
      () => resolveTimeout('backoff', lookup),
      /policy 'backoff' is a retry policy, expected a timeout policy/,
    );
  });

  it('route timeout wins over gateway', () => {
    const timeouts = resolveCallTimeouts({ routeTimeout: '5s', gatewayTimeout: '10s' }, lookup);
    assert.equal(timeouts.totalMs, 5000);
    assert.equal(resolveCallTimeouts({ gatewayTimeout: '10s' }, lookup).totalMs, 10_000);
  });

  it('method timeout wins over service', () => {
    const sources = { methodTimeout: 'fast', serviceTimeout: '2s' };
    assert.equal(resolveCallTimeouts(sources, lookup).attemptMs, 500);
    assert.equal(resolveCallTimeouts({ serviceTimeout: '2s' }, lookup).attemptMs, 2000);
  });

  it('attempt never outlasts total', () => {
    const timeouts = resolveCallTimeouts({ routeTimeout: '1s', serviceTimeout: 'patient' }, lookup);
    assert.equal(timeouts.attemptMs, 1000);
    assert.deepEqual(resolveCallTimeouts({}, lookup), { totalMs: Infinity, attemptMs: Infinity });
  });
});

describe('timeout helpers', () => {
  it('shortens attempts to deadline', () => {
    const deadline = deadlineOf(1000, 5000);
    assert.equal(deadline, 6000);
    assert.equal(attemptTimeout(1000, 2000, deadline), 2000);
    assert.equal(attemptTimeout(5000, 2000, deadline), 1000);
    assert.equal(attemptTimeout(7000, 2000, deadline), 0);
    assert.equal(attemptTimeout(0, Infinity, Infinity), Infinity);
  });

  it('detects timed-out calls', () => {
    assert.equal(hasTimedOut(1000, 2999, 2000), false);
    assert.equal(hasTimedOut(1000, 3000, 2000), true);
    assert.equal(hasTimedOut(1000, 1e12, Infinity), false);
  });
});
