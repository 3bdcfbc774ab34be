import * as assert from 'node:assert/strict';
import {
  Bulkhead,
  BulkheadPolicySpec,
  normalizeBulkheadPolicy,
  WaitQueue,
} from '../../../server/src/policy/index.js';

function bulkheadFor(spec: BulkheadPolicySpec): Bulkhead {
  return new Bulkhead(normalizeBulkheadPolicy(spec));
}

describe('bulkhead', () => {
  it('accepts, queues, then rejects', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 2, maxQueue: 1 });
    assert.equal(bulkhead.acquire(), 'acquired');
    assert.equal(bulkhead.acquire(), 'acquired');
    assert.equal(bulkhead.acquire(), 'queued');
    assert.equal(bulkhead.acquire(), 'rejected');
    assert.equal(bulkhead.active, 2);
    assert.equal(bulkhead.queued, 1);
  });

  it('release hands slot to waiter', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.acquire();
    bulkhead.acquire();
    assert.equal(bulkhead.release(), true);
    assert.equal(bulkhead.active, 1);
    assert.equal(bulkhead.queued, 0);
    assert.equal(bulkhead.release(), false);
    assert.equal(bulkhead.active, 0);
    assert.equal(bulkhead.acquire(), 'acquired');
  });

  it('no queue by default', () => {
    const bulkhead = bulkheadFor({ kind: 'bulkhead', maxConcurrent: 1 });
    assert.equal(bulkhead.policy.maxQueue, 0);
    assert.equal(bulkhead.policy.queueTimeoutMs, Infinity);
    assert.equal(bulkhead.acquire(), 'acquired');
    assert.equal(bulkhead.acquire(), 'rejected');
  });

  it('waiter leaving frees queue place', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.acquire();
    bulkhead.acquire();
    bulkhead.leaveQueue();
    assert.equal(bulkhead.queued, 0);
    assert.equal(bulkhead.acquire(), 'queued');
    bulkhead.leaveQueue();
    assert.equal(bulkhead.release(), false);
  });

  it('rejects unbalanced calls', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 1 });
    assert.throws(() => bulkhead.release(), /release was called with no call holding a slot/);
    assert.throws(() => bulkhead.leaveQueue(), /leaveQueue was called with no call in the queue/);
  });

  it('computes queue deadline', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 1, maxQueue: 5, queueTimeout: '250ms' });
    assert.equal(bulkhead.queueDeadline(1000), 1250);
  });

  it('rejects invalid policies', () => {
    assert.throws(
      () => bulkheadFor({ maxConcurrent: 0 }),
      /maxConcurrent is 0, expected an integer/,
    );
    assert.throws(() => bulkheadFor({ maxConcurrent: 1, maxQueue: -1 }), /maxQueue is -1/);
    assert.throws(() => bulkheadFor({ maxConcurrent: 1, queueTimeout: '1' }), /Invalid duration/);
  });

  it('runs with a wait queue', () => {
    const bulkhead = bulkheadFor({ maxConcurrent: 1, maxQueue: 3, queueTimeout: '100ms' });
    const waiters = new WaitQueue<string>();
    const rejected: string[] = [];
    const started: string[] = [];
    const expire = (nowMs: number) => {
      while (bulkhead.queueDeadline(waiters.oldestQueuedAt()) <= nowMs) {
        rejected.push(waiters.shift() as string);
        bulkhead.leaveQueue();
      }
    };
    const arrive = (name: string, nowMs: number) => {
      expire(nowMs);
      const admission = bulkhead.acquire();
      if (admission === 'acquired') started.push(name);
      else if (admission === 'queued') waiters.push(name, nowMs);
      else rejected.push(name);
    };
    const finish = (nowMs: number) => {
      expire(nowMs);
      if (bulkhead.release()) started.push(waiters.shift() as string);
    };

    arrive('a', 0);
    arrive('b', 10);
    arrive('c', 50);
    finish(115);
    arrive('d', 120);
    finish(130);
    finish(140);
    assert.deepEqual(started, ['a', 'c', 'd']);
    assert.deepEqual(rejected, ['b']);
    assert.equal(bulkhead.active, 0);
    assert.equal(bulkhead.queued, 0);
  });
});
