/** A source of random numbers, each uniform in [0, 1). */
export interface RandomSource {
  next(): number;
}

const TWO_TO_32 = 4294967296;

/**
 * Small Fast Counting generator, 32-bit variant (sfc32): 128 bits of state, a period of at least
 * 2^32, and only 32-bit integer operations, so it runs fast in any JavaScript engine. Two
 * generators built from the same seed return the same sequence.
 */
export class Sfc32 implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private counter: number;

  /** Seeds the generator from a safe integer; negative seeds and seeds above 2^32 are accepted. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Invalid random seed ${String(seed)}: expected an integer, such as 42.`);
    }
    this.a = 0;
    this.b = seed >>> 0;
    this.c = Math.floor(seed / TWO_TO_32) >>> 0;
    this.counter = 1;
    // Discarding the first outputs mixes a small seed, such as 1, into all four state words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Advances the state and returns an integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / TWO_TO_32;
  }
}

/** Creates a seeded generator: the same seed gives the same sequence. */
export function seededRandom(seed: number): RandomSource {
  return new Sfc32(seed);
}
