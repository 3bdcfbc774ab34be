import * as assert from 'node:assert/strict';
import { WaitQueue } from '../../../server/src/policy/index.js';

function drain<T>(queue: WaitQueue<T>): T[] {
  const items: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) items.push(item);
  return items;
}

describe('wait queue', () => {
  it('returns waiters in order', () => {
    const queue = new WaitQueue<number>();
    queue.push(1, 10);
    queue.push(2, 20);
    assert.equal(queue.size, 2);
    assert.equal(queue.peek(), 1);
    assert.equal(queue.oldestQueuedAt(), 10);
    assert.deepEqual(drain(queue), [1, 2]);
    assert.equal(queue.shift(), undefined);
    assert.equal(queue.oldestQueuedAt(), Infinity);
  });

  it('keeps order while growing', () => {
    const queue = new WaitQueue<number>(2);
    queue.push(0, 0);
    queue.push(1, 1);
    queue.shift();
    for (let item = 2; item < 10; item++) queue.push(item, item);
    assert.equal(queue.oldestQueuedAt(), 1);
    assert.deepEqual(drain(queue), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('removes a middle waiter', () => {
    const queue = new WaitQueue<string>(4);
    queue.push('x', 0);
    queue.shift();
    for (const [index, name] of ['a', 'b', 'c', 'd'].entries()) queue.push(name, index * 10);
    assert.equal(queue.remove('b'), true);
    assert.equal(queue.remove('b'), false);
    assert.equal(queue.size, 3);
    assert.equal(queue.shift(), 'a');
    assert.equal(queue.oldestQueuedAt(), 20);
    assert.deepEqual(drain(queue), ['c', 'd']);
  });
});
