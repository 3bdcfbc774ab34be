import * as assert from 'node:assert/strict';
import {
  backoffDelay,
  delayBounds,
  JitterKind,
  normalizeRetryPolicy,
  RetryContext,
  retryDelay,
  RetryPolicySpec,
  seededRandom,
} from '../../../server/src/policy/index.js';
import { sequence } from './sources.js';

function backoffDelays(spec: RetryPolicySpec, retries: number): number[] {
  const policy = normalizeRetryPolicy(spec);
  return Array.from({ length: retries }, (_, index) => backoffDelay(policy, index + 1));
}

/** Runs retry after retry through a context, each failing with 503, and returns the waits. */
function jitteredDelays(spec: RetryPolicySpec, random = seededRandom(1)): number[] {
  const context = new RetryContext(normalizeRetryPolicy(spec), random);
  context.start(0);
  const delays: number[] = [];
  for (;;) {
    const delay = context.next(503, 0);
    if (delay < 0) return delays;
    delays.push(delay);
  }
}

describe('backoff delays', () => {
  it('constant repeats delay', () => {
    assert.deepEqual(backoffDelays({ backoff: 'constant', delay: '100ms' }, 3), [100, 100, 100]);
  });

  it('linear multiplies by retry', () => {
    assert.deepEqual(backoffDelays({ backoff: 'linear', delay: '100ms' }, 4), [100, 200, 300, 400]);
  });

  it('exponential multiplies each retry', () => {
    assert.deepEqual(backoffDelays({ delay: '100ms' }, 4), [100, 200, 400, 800]);
    assert.deepEqual(backoffDelays({ delay: '100ms', multiplier: 3 }, 3), [100, 300, 900]);
    assert.deepEqual(backoffDelays({ delay: '1s', multiplier: 1.5 }, 3), [1000, 1500, 2250]);
  });

  it('maxDelay caps each kind', () => {
    assert.deepEqual(backoffDelays({ delay: '100ms', maxDelay: '300ms' }, 4), [100, 200, 300, 300]);
    const linear = { backoff: 'linear', delay: '100ms', maxDelay: '250ms' } as const;
    assert.deepEqual(backoffDelays(linear, 3), [100, 200, 250]);
    const constant = { backoff: 'constant', delay: '1s', maxDelay: '500ms' } as const;
    assert.deepEqual(backoffDelays(constant, 2), [500, 500]);
  });

  it('rejects retry numbers below one', () => {
    const policy = normalizeRetryPolicy({});
    assert.throws(() => backoffDelay(policy, 0), RangeError);
    assert.throws(() => backoffDelay(policy, 1.5), RangeError);
  });
});

describe('jittered delays', () => {
  it('none ignores the random source', () => {
    const policy = normalizeRetryPolicy({ jitter: 'none' });
    assert.equal(retryDelay(policy, 2, 100, sequence()), 200);
  });

  it('full scales the backoff', () => {
    const delays = jitteredDelays({ attempts: 4, jitter: 'full' }, sequence(0.25, 0.5, 0.75));
    assert.deepEqual(delays, [25, 100, 300]);
  });

  it('equal keeps half the backoff', () => {
    const delays = jitteredDelays({ attempts: 4, jitter: 'equal' }, sequence(0.25, 0.5, 0.75));
    assert.deepEqual(delays, [62.5, 150, 350]);
  });

  it('decorrelated grows from previous delay', () => {
    const spec = { attempts: 5, jitter: 'decorrelated', maxDelay: '1s' } as const;
    const delays = jitteredDelays(spec, sequence(0.25, 0.5, 0.75, 0.99));
    // 100 + 0.25 x (300 - 100), 100 + 0.5 x (450 - 100), 100 + 0.75 x (825 - 100), then capped.
    assert.deepEqual(delays, [150, 275, 643.75, 1000]);
  });

  it('decorrelated ignores backoff kind', () => {
    const spec = {
      attempts: 3,
      jitter: 'decorrelated',
      backoff: 'constant',
      multiplier: 5,
    } as const;
    assert.deepEqual(jitteredDelays(spec, sequence(0.5, 0.5)), [200, 350]);
  });

  it('full jitter pins seeded delays', () => {
    const delays = jitteredDelays({ attempts: 4, jitter: 'full' }, seededRandom(42));
    assert.deepEqual(delays, [29.439391079358757, 90.68796164356172, 365.02622989937663]);
  });

  it('same seed gives same delays', () => {
    for (const jitter of ['full', 'equal', 'decorrelated'] as const) {
      const spec = { attempts: 8, jitter };
      assert.deepEqual(
        jitteredDelays(spec, seededRandom(9)),
        jitteredDelays(spec, seededRandom(9)),
      );
    }
  });
});

describe('delay bounds', () => {
  it('bounds each jitter kind', () => {
    const bounds = (jitter: JitterKind) =>
      delayBounds(normalizeRetryPolicy({ jitter, maxDelay: '1s' }), 3);
    assert.deepEqual(bounds('none'), { minMs: 400, maxMs: 400 });
    assert.deepEqual(bounds('full'), { minMs: 0, maxMs: 400 });
    assert.deepEqual(bounds('equal'), { minMs: 200, maxMs: 400 });
    assert.deepEqual(bounds('decorrelated'), { minMs: 100, maxMs: 1000 });
  });

  it('decorrelated bound triples per retry', () => {
    const policy = normalizeRetryPolicy({ jitter: 'decorrelated', maxDelay: '2s' });
    assert.deepEqual(delayBounds(policy, 1), { minMs: 100, maxMs: 300 });
    assert.deepEqual(delayBounds(policy, 2), { minMs: 100, maxMs: 900 });
    assert.deepEqual(delayBounds(policy, 3), { minMs: 100, maxMs: 2000 });
  });

  it('maxDelay below delay caps both', () => {
    const policy = normalizeRetryPolicy({ jitter: 'decorrelated', delay: '1s', maxDelay: '400ms' });
    assert.deepEqual(delayBounds(policy, 1), { minMs: 400, maxMs: 400 });
    assert.deepEqual(
      jitteredDelays({ jitter: 'decorrelated', delay: '1s', maxDelay: '400ms' }),
      [400, 400],
    );
  });

  it('seeded delays stay within bounds', () => {
    for (const jitter of ['none', 'full', 'equal', 'decorrelated'] as const) {
      for (const backoff of ['constant', 'linear', 'exponential'] as const) {
        const spec = { attempts: 10, jitter, backoff, maxDelay: '5s' };
        const policy = normalizeRetryPolicy(spec);
        for (let seed = 0; seed < 50; seed++) {
          jitteredDelays(spec, seededRandom(seed)).forEach((delay, index) => {
            const { minMs, maxMs } = delayBounds(policy, index + 1);
            const where = `${jitter} ${backoff} seed ${seed} retry ${index + 1}`;
            assert.ok(delay >= minMs, `${where}: ${delay} < ${minMs}`);
            assert.ok(delay <= maxMs, `${where}: ${delay} > ${maxMs}`);
          });
        }
      }
    }
  });
});
