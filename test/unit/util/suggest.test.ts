import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { closestName, editDistance } from '../../../server/src/util/suggest';

/** Finds the closest candidate by full distances, as closestName promises, without its shortcuts. */
function closestByFullDistance(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const a = name.toLowerCase();
    const b = candidate.toLowerCase();
    const distance = a === b ? 0.5 : editDistance(a, b);
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && candidate < best)
    ) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

describe('closestName', () => {
  it('suggests a name one letter off', () => {
    assert.equal(closestName('OrderPlacd', ['OrderPlaced', 'OrderShipped']), 'OrderPlaced');
  });

  it('suggests nothing for a distant name', () => {
    assert.equal(closestName('payments', ['inventory', 'shipping']), undefined);
  });

  it('matches full distances on random names', () => {
    const word = fc.stringMatching(/^[abAB-]{0,10}$/);
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (name, candidates) => {
        assert.equal(closestName(name, candidates), closestByFullDistance(name, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  it('stops early only above the bound', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab]{0,9}$/),
        fc.stringMatching(/^[ab]{0,9}$/),
        fc.nat(5),
        (a, b, bound) => {
          const full = editDistance(a, b);
          const bounded = editDistance(a, b, bound);
          if (full <= bound) assert.equal(bounded, full);
          else assert.ok(bounded > bound);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
