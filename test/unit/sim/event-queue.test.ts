import { strict as assert } from 'node:assert';
import { EventQueue, PoppedEvent } from '../../../server/src/sim/event-queue';
import { Histogram } from '../../../server/src/sim/histogram';
import { seededRandom } from '../../../server/src/policy';

function drain(queue: EventQueue): PoppedEvent[] {
  const events: PoppedEvent[] = [];
  const out: PoppedEvent = { timeMs: 0, kind: 0, slot: 0, generation: 0 };
  while (queue.pop(out)) events.push({ ...out });
  return events;
}

describe('event queue', () => {
  it('pops events in time order', () => {
    const queue = new EventQueue();
    const random = seededRandom(9);
    const times = Array.from({ length: 5000 }, () => Math.floor(random.next() * 1000));
    times.forEach((time, index) => queue.push(time, 1, index, 0));
    const popped = drain(queue).map((event) => event.timeMs);
    assert.deepEqual(
      popped,
      [...times].sort((a, b) => a - b),
    );
  });

  it('keeps scheduling order at equal times', () => {
    const queue = new EventQueue();
    for (let slot = 0; slot < 3000; slot++) queue.push(slot % 3, 2, slot, 7);
    const popped = drain(queue);
    const slotsAtZero = popped.filter((event) => event.timeMs === 0).map((event) => event.slot);
    assert.deepEqual(
      slotsAtZero,
      Array.from({ length: 1000 }, (_, index) => index * 3),
    );
    assert.ok(popped.every((event) => event.kind === 2 && event.generation === 7));
  });

  it('peeks without removing', () => {
    const queue = new EventQueue();
    queue.push(5, 3, 11, 1);
    const out: PoppedEvent = { timeMs: 0, kind: 0, slot: 0, generation: 0 };
    assert.equal(queue.peek(out), true);
    assert.deepEqual(out, { timeMs: 5, kind: 3, slot: 11, generation: 1 });
    assert.equal(queue.size, 1);
  });
});

describe('latency histogram', () => {
  it('keeps percentiles within 1/128', () => {
    const histogram = new Histogram();
    const values = Array.from({ length: 10_000 }, (_, index) => (index + 1) * 0.37);
    values.forEach((value) => histogram.record(value));
    for (const fraction of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(fraction * values.length) - 1]!;
      const estimate = histogram.percentile(fraction);
      assert.ok(
        Math.abs(estimate - exact) <= exact / 128,
        `p${fraction * 100}: ${estimate} vs ${exact}`,
      );
    }
    assert.equal(histogram.minMs, 0.37);
    assert.equal(histogram.maxMs, 3700);
  });
});
