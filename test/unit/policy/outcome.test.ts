import * as assert from 'node:assert/strict';
import {
  isHttpStatus,
  isLocalOutcome,
  matchesOutcome,
  OutcomeSet,
  OutcomeSpec,
  sameOutcomes,
} from '../../../server/src/policy/index.js';

describe('outcome matching', () => {
  it('matches status classes', () => {
    const set = new OutcomeSet(['5xx']);
    assert.equal(set.has(500), true);
    assert.equal(set.has(599), true);
    assert.equal(set.has(499), false);
    assert.equal(set.has(200), false);
    assert.equal(new OutcomeSet(['4xx']).has(429), true);
    assert.equal(new OutcomeSet(['4xx']).has(500), false);
  });

  it('matches exact status codes', () => {
    const set = new OutcomeSet([429, 503]);
    assert.equal(set.has(429), true);
    assert.equal(set.has(503), true);
    assert.equal(set.has(502), false);
  });

  it('matches failure kinds', () => {
    const set = new OutcomeSet(['timeout']);
    assert.equal(set.has('timeout'), true);
    assert.equal(set.has('connection-error'), false);
    assert.equal(new OutcomeSet(['connection-error']).has('connection-error'), true);
  });

  it('never matches local outcomes', () => {
    const set = new OutcomeSet(['4xx', '5xx', 'timeout', 'connection-error']);
    assert.equal(set.has('circuit-open'), false);
    assert.equal(set.has('bulkhead-full'), false);
    assert.equal(isLocalOutcome('circuit-open'), true);
    assert.equal(isLocalOutcome('bulkhead-full'), true);
    assert.equal(isLocalOutcome('timeout'), false);
  });

  it('ignores numbers outside status range', () => {
    const set = new OutcomeSet(['5xx']);
    assert.equal(set.has(600), false);
    assert.equal(set.has(-1), false);
    assert.equal(set.has(500.5), false);
    assert.equal(isHttpStatus(99), false);
    assert.equal(isHttpStatus(100), true);
  });

  it('agrees with uncompiled matching', () => {
    const lists: OutcomeSpec[][] = [
      ['5xx', 'timeout'],
      [404, '4xx'],
      ['connection-error', 503],
      [],
    ];
    const outcomes = [
      200,
      404,
      429,
      500,
      503,
      599,
      'timeout',
      'connection-error',
      'circuit-open',
    ] as const;
    for (const list of lists) {
      const set = new OutcomeSet(list);
      for (const outcome of outcomes) {
        assert.equal(
          set.has(outcome),
          matchesOutcome(outcome, list),
          `${outcome} in ${list.join()}`,
        );
      }
    }
  });

  it('rejects invalid entries', () => {
    const form =
      'expected an HTTP status code from 100 to 599, 4xx, 5xx, timeout or connection-error';
    assert.throws(() => new OutcomeSet(['6xx' as OutcomeSpec]), {
      message: `Invalid outcome "6xx": ${form}, such as 503.`,
    });
    assert.throws(() => new OutcomeSet([600]), {
      message: `Invalid outcome 600: ${form}, such as 503.`,
    });
    assert.throws(() => new OutcomeSet([503.5]), /Invalid outcome 503\.5/);
  });

  it('compares lists by meaning', () => {
    assert.equal(sameOutcomes(['5xx', 'timeout'], ['timeout', '5xx']), true);
    assert.equal(sameOutcomes(['5xx'], ['5xx', 503]), true);
    assert.equal(sameOutcomes(['5xx'], ['5xx', 'timeout']), false);
    assert.equal(sameOutcomes([500], [501]), false);
  });
});
