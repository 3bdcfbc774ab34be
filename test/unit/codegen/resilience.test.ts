import { strict as assert } from 'node:assert';
import { PolicyState } from '../../../server/src/codegen/runtime/resilience';
import { seededRandom } from '../../../server/src/policy/random';
import { ManualClock } from '../../support/test-clock';

describe('client policy state', () => {
  it('times breaker transitions when effective', () => {
    const changes: string[] = [];
    const state = new PolicyState(new ManualClock(), seededRandom(1), {
      onBreakerTransition: (breaker, from, to, atMs) =>
        changes.push(`${atMs} ${breaker} ${from}>${to}`),
    });
    const breaker = state.breaker({
      name: 'quick',
      spec: { consecutiveFailures: 1, openDuration: '1s' },
    });
    breaker.onFailure(100, 10);
    breaker.tryAcquire(5000);
    assert.deepEqual(changes, ['100 quick closed>open', '1100 quick open>half-open']);
  });
});
