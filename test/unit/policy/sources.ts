import type { RandomSource } from '../../../server/src/policy/index.js';

/** A random source that returns the given numbers in order and fails when they run out. */
export function sequence(...values: number[]): RandomSource {
  let index = 0;
  return {
    next(): number {
      const value = values[index++];
      if (value === undefined)
        throw new Error(`The test sequence has only ${values.length} numbers.`);
      return value;
    },
  };
}
