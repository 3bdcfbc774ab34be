import * as assert from 'node:assert/strict';
import { seededRandom, Sfc32 } from '../../../server/src/policy/index.js';

function draw(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('seeded random source', () => {
  it('repeats sequence for same seed', () => {
    assert.deepEqual(draw(42, 1000), draw(42, 1000));
  });

  it('differs between seeds', () => {
    assert.notDeepEqual(draw(1, 10), draw(2, 10));
    assert.notDeepEqual(draw(0, 10), draw(2 ** 32, 10));
  });

  it('pins the seed 42 sequence', () => {
    const random = new Sfc32(42);
    assert.deepEqual(
      [random.nextUint32(), random.nextUint32(), random.nextUint32()],
      [1264412219, 1947509147, 3919439299],
    );
  });

  it('stays within zero and one', () => {
    const random = seededRandom(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random.next();
      assert.ok(value >= 0, `value ${value} is below 0`);
      assert.ok(value < 1, `value ${value} is 1 or more`);
      sum += value;
    }
    // The mean of 100 000 uniform draws is 0.5 with a standard error of about 0.0009.
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.005, `mean ${sum / 100_000}`);
  });

  it('accepts negative and large seeds', () => {
    assert.equal(draw(-1, 3).length, 3);
    assert.deepEqual(draw(2 ** 40 + 5, 5), draw(2 ** 40 + 5, 5));
    assert.notDeepEqual(draw(2 ** 40 + 5, 5), draw(5, 5));
  });

  it('rejects non-integer seeds', () => {
    assert.throws(() => seededRandom(1.5), /Invalid random seed 1\.5: expected an integer/);
    assert.throws(() => seededRandom(Number.NaN), /Invalid random seed NaN/);
  });
});
