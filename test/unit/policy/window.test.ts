import * as assert from 'node:assert/strict';
import { CountWindow, TimeWindow } from '../../../server/src/policy/index.js';

function counts(window: { calls: number; failures: number; slowCalls: number }) {
  return [window.calls, window.failures, window.slowCalls];
}

describe('count window', () => {
  it('keeps the last calls', () => {
    const window = new CountWindow(3);
    window.record(0, true, true);
    window.record(0, true, false);
    assert.deepEqual(counts(window), [2, 2, 1]);
    window.record(0, false, false);
    window.record(0, false, false);
    assert.deepEqual(counts(window), [3, 1, 0]);
    window.record(0, false, true);
    assert.deepEqual(counts(window), [3, 0, 1]);
  });

  it('reset empties it', () => {
    const window = new CountWindow(2);
    window.record(0, true, true);
    window.reset();
    assert.deepEqual(counts(window), [0, 0, 0]);
    window.record(0, false, false);
    window.record(0, false, false);
    assert.deepEqual(counts(window), [2, 0, 0]);
  });

  it('rejects invalid sizes', () => {
    assert.throws(() => new CountWindow(0), RangeError);
  });
});

describe('time window', () => {
  it('drops buckets as time passes', () => {
    const window = new TimeWindow(1000, 4);
    window.record(0, true, false);
    window.record(300, false, true);
    window.record(600, true, false);
    assert.deepEqual(counts(window), [3, 2, 1]);
    // 1000 ms is bucket 4, which reuses the slot of bucket 0.
    window.record(1000, false, false);
    assert.deepEqual(counts(window), [3, 1, 1]);
    window.advance(1250);
    assert.deepEqual(counts(window), [2, 1, 0]);
  });

  it('empties after a long gap', () => {
    const window = new TimeWindow(1000, 4);
    window.record(0, true, true);
    window.record(10_000_000, false, false);
    assert.deepEqual(counts(window), [1, 0, 0]);
  });

  it('backward clock uses current bucket', () => {
    const window = new TimeWindow(1000, 4);
    window.record(900, true, false);
    window.record(100, true, false);
    assert.deepEqual(counts(window), [2, 2, 0]);
    window.advance(1500);
    assert.deepEqual(counts(window), [2, 2, 0]);
    window.advance(1750);
    assert.deepEqual(counts(window), [0, 0, 0]);
  });

  it('rejects invalid settings', () => {
    assert.throws(() => new TimeWindow(0), RangeError);
    assert.throws(() => new TimeWindow(Infinity), RangeError);
    assert.throws(() => new TimeWindow(1000, 0), RangeError);
  });
});
