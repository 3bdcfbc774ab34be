import * as assert from 'node:assert/strict';
import {
  canHonorRetryAfter,
  DEFAULT_ATTEMPTS,
  isRetryable,
  normalizeRetryPolicy,
  parseRetryAfter,
  retryAfterDelay,
  RetryPolicySpec,
} from '../../../server/src/policy/index.js';

describe('retry policy normalizing', () => {
  it('fills in schema defaults', () => {
    const policy = normalizeRetryPolicy({ kind: 'retry' });
    assert.equal(policy.maxAttempts, DEFAULT_ATTEMPTS);
    assert.equal(policy.backoff, 'exponential');
    assert.equal(policy.delayMs, 100);
    assert.equal(policy.multiplier, 2);
    assert.equal(policy.maxDelayMs, Infinity);
    assert.equal(policy.jitter, 'none');
    assert.deepEqual(policy.retryOn.entries, ['5xx', 'timeout', 'connection-error']);
    assert.equal(policy.respectRetryAfter, true);
    assert.equal(policy.budgetMs, Infinity);
  });

  it('counts attempts and retries', () => {
    assert.equal(normalizeRetryPolicy({ attempts: 3 }).maxAttempts, 3);
    assert.equal(normalizeRetryPolicy({ retries: 2 }).maxAttempts, 3);
    assert.equal(normalizeRetryPolicy({ retries: 0 }).maxAttempts, 1);
  });

  it('parses written durations', () => {
    const policy = normalizeRetryPolicy({ delay: '250ms', maxDelay: '2s', budget: '1.5m' });
    assert.equal(policy.delayMs, 250);
    assert.equal(policy.maxDelayMs, 2000);
    assert.equal(policy.budgetMs, 90_000);
  });

  it('rejects attempts with retries', () => {
    assert.throws(
      () => normalizeRetryPolicy({ attempts: 3, retries: 2 }),
      /sets both attempts \(3\) and retries \(2\)\. Write one of them/,
    );
  });

  it('rejects invalid properties', () => {
    const cases: [RetryPolicySpec, RegExp][] = [
      [{ attempts: 0 }, /attempts is 0, expected an integer of 1 or more/],
      [{ attempts: 2.5 }, /attempts is 2.5, expected an integer/],
      [{ retries: -1 }, /retries is -1, expected an integer of 0 or more/],
      [{ multiplier: 0.5 }, /multiplier is 0.5, expected a finite number of 1 or more/],
      [{ backoff: 'random' as 'linear' }, /backoff is "random", expected one of constant, linear/],
      [{ jitter: 'half' as 'full' }, /jitter is "half", expected one of none, full, equal/],
      [{ delay: '100' }, /Invalid duration '100'/],
      [{ retryOn: ['6xx' as '5xx'] }, /Invalid outcome "6xx"/],
      [{ kind: 'timeout' as 'retry' }, /kind is "timeout", expected 'retry'/],
    ];
    for (const [spec, message] of cases) {
      assert.throws(() => normalizeRetryPolicy(spec), message, JSON.stringify(spec));
    }
  });
});

describe('retryable outcomes', () => {
  it('retries default outcomes only', () => {
    const policy = normalizeRetryPolicy({});
    assert.equal(isRetryable(policy, 503), true);
    assert.equal(isRetryable(policy, 'timeout'), true);
    assert.equal(isRetryable(policy, 'connection-error'), true);
    assert.equal(isRetryable(policy, 429), false);
    assert.equal(isRetryable(policy, 404), false);
    assert.equal(isRetryable(policy, 'circuit-open'), false);
  });

  it('follows written retryOn', () => {
    const policy = normalizeRetryPolicy({ retryOn: [429, 'timeout'] });
    assert.equal(isRetryable(policy, 429), true);
    assert.equal(isRetryable(policy, 503), false);
  });
});

describe('Retry-After handling', () => {
  it('caps Retry-After by maxDelay', () => {
    const policy = normalizeRetryPolicy({ maxDelay: '5s' });
    assert.equal(retryAfterDelay(policy, 503, 10_000), 5000);
    assert.equal(retryAfterDelay(policy, 429, 2000), 2000);
  });

  it('uncapped without maxDelay', () => {
    assert.equal(retryAfterDelay(normalizeRetryPolicy({}), 503, 120_000), 120_000);
  });

  it('applies only to 429 and 503', () => {
    const policy = normalizeRetryPolicy({});
    assert.equal(retryAfterDelay(policy, 500, 2000), undefined);
    assert.equal(retryAfterDelay(policy, 502, 2000), undefined);
    assert.equal(retryAfterDelay(policy, 'timeout', 2000), undefined);
  });

  it('ignored when not respected', () => {
    const policy = normalizeRetryPolicy({ respectRetryAfter: false });
    assert.equal(retryAfterDelay(policy, 503, 2000), undefined);
    assert.equal(canHonorRetryAfter(policy), false);
  });

  it('treats past dates as zero', () => {
    assert.equal(retryAfterDelay(normalizeRetryPolicy({}), 503, -500), 0);
  });

  it('applies when retryOn covers it', () => {
    assert.equal(canHonorRetryAfter(normalizeRetryPolicy({})), true);
    assert.equal(canHonorRetryAfter(normalizeRetryPolicy({ retryOn: ['timeout'] })), false);
    assert.equal(canHonorRetryAfter(normalizeRetryPolicy({ retryOn: [429] })), true);
  });
});

describe('Retry-After header parsing', () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 7);

  it('reads delta seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 5 ', now), 5000);
    assert.equal(parseRetryAfter('0', now), 0);
  });

  it('reads each HTTP date format', () => {
    assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sun Nov  6 08:49:37 1994', now), 30_000);
  });

  it('reads past dates as zero', () => {
    assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:00:00 GMT', now), 0);
  });

  it('rejects malformed headers', () => {
    for (const header of ['soon', '-5', '1.5', '', 'Sun, garbage']) {
      assert.equal(parseRetryAfter(header, now), undefined, header);
    }
  });
});
