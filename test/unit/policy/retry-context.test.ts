import * as assert from 'node:assert/strict';
import {
  NO_RETRY,
  normalizeRetryPolicy,
  RetryContext,
  RetryPolicySpec,
} from '../../../server/src/policy/index.js';
import { sequence } from './sources.js';

function contextFor(spec: RetryPolicySpec, random = sequence()): RetryContext {
  return new RetryContext(normalizeRetryPolicy(spec), random);
}

describe('retry context', () => {
  it('stops after max attempts', () => {
    const context = contextFor({ attempts: 3 });
    context.start(0);
    assert.equal(context.next(503, 10), 100);
    assert.equal(context.next(503, 120), 200);
    assert.equal(context.attempts, 3);
    assert.equal(context.next(503, 330), NO_RETRY);
    assert.equal(context.stopReason, 'attempts-exhausted');
  });

  it('single attempt never retries', () => {
    const context = contextFor({ retries: 0 });
    context.start(0);
    assert.equal(context.next(503, 10), NO_RETRY);
    assert.equal(context.stopReason, 'attempts-exhausted');
  });

  it('stops on non-retryable outcome', () => {
    const context = contextFor({ attempts: 3 });
    context.start(0);
    assert.equal(context.next(404, 10), NO_RETRY);
    assert.equal(context.stopReason, 'not-retryable');
    assert.equal(context.attempts, 1);
  });

  it('Retry-After replaces backoff', () => {
    const context = contextFor({ attempts: 3, retryOn: [429, '5xx'] });
    context.start(0);
    assert.equal(context.next(429, 10, 1500), 1500);
    assert.equal(context.previousDelayMs, 1500);
    assert.equal(context.next(500, 1600, 1500), 200);
  });

  it('Retry-After capped by maxDelay', () => {
    const context = contextFor({ attempts: 3, maxDelay: '1s' });
    context.start(0);
    assert.equal(context.next(503, 10, 60_000), 1000);
  });

  it('Retry-After ignored when not respected', () => {
    const context = contextFor({ attempts: 3, respectRetryAfter: false });
    context.start(0);
    assert.equal(context.next(503, 10, 60_000), 100);
  });

  it('stops when budget exhausted', () => {
    const context = contextFor({ attempts: 5, budget: '1s' });
    context.start(0);
    // Retries start at 400 and 900 ms; the third would start at 950 + 400 ms, past the budget.
    assert.equal(context.next('timeout', 300), 100);
    assert.equal(context.next('timeout', 700), 200);
    assert.equal(context.next('timeout', 950), NO_RETRY);
    assert.equal(context.stopReason, 'budget-exhausted');
    assert.equal(context.attempts, 3);
  });

  it('budget end admits no retry', () => {
    const context = contextFor({ attempts: 3, budget: '1s' });
    context.start(0);
    assert.equal(context.next(503, 900), NO_RETRY);
    assert.equal(context.stopReason, 'budget-exhausted');

    context.start(0);
    assert.equal(context.next(503, 899), 100);
  });

  it('budget counts from start time', () => {
    const context = contextFor({ attempts: 3, budget: '1s' });
    context.start(5000);
    assert.equal(context.next(503, 5800), 100);
  });

  it('stops at caller deadline', () => {
    const context = contextFor({ attempts: 5 });
    context.start(1000, 1500);
    assert.equal(context.next(503, 1350), 100);
    assert.equal(context.next(503, 1420), NO_RETRY);
    assert.equal(context.stopReason, 'deadline');
  });

  it('shortens attempts to remaining time', () => {
    const context = contextFor({ attempts: 3, budget: '1s' });
    context.start(0);
    assert.equal(context.attemptTimeout(0, 2000), 1000);
    assert.equal(context.attemptTimeout(800, 300), 200);
    assert.equal(context.attemptTimeout(1200, 300), 0);

    context.start(0, 500);
    assert.equal(context.attemptTimeout(100, 2000), 400);
  });

  it('unlimited without any limit', () => {
    const context = contextFor({});
    context.start(0);
    assert.equal(context.attemptTimeout(100), Infinity);
    assert.equal(context.attemptTimeout(100, 250), 250);
  });

  it('start resets for reuse', () => {
    const context = contextFor({ attempts: 2, jitter: 'decorrelated' }, sequence(0.5, 0.5));
    context.start(0);
    assert.equal(context.next(503, 0), 200);
    assert.equal(context.next(503, 300), NO_RETRY);

    context.start(1000);
    assert.equal(context.attempts, 1);
    assert.equal(context.stopReason, undefined);
    // The first decorrelated wait starts again from delay, not from the previous call's 200 ms.
    assert.equal(context.next(503, 1000), 200);
  });

  it('decorrelated stays above delay', () => {
    const context = contextFor({ attempts: 3, jitter: 'decorrelated' }, sequence(0.5));
    context.start(0);
    assert.equal(context.next(503, 0, 0), 0);
    // Three times the previous 0 ms wait is below delay, so the wait is delay itself.
    assert.equal(context.next(500, 100), 100);
  });

  it('decorrelated follows Retry-After wait', () => {
    const context = contextFor({ attempts: 3, jitter: 'decorrelated' }, sequence(0.5));
    context.start(0);
    assert.equal(context.next(503, 0, 1000), 1000);
    // Uniform between 100 ms and 3 x 1000 ms.
    assert.equal(context.next(500, 1100), 1550);
  });
});
