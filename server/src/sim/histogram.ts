/**
 * A latency histogram of fixed memory, whatever the number of values recorded. Values are kept
 * in microseconds: exactly below 128 µs, and above in log-linear buckets, 64 per power of two, so
 * a percentile is within 1/128 of the true value. The count, sum, minimum and maximum are exact.
 */
const SUB_BUCKET_BITS = 7;
/** Values below this many microseconds each have a bucket of their own. */
const EXACT_LIMIT = 1 << SUB_BUCKET_BITS;
const HALF = EXACT_LIMIT >> 1;
/** Powers of two above EXACT_LIMIT with buckets: up to 2^53 µs, about 285 years. */
const MAX_SHIFT = 53 - SUB_BUCKET_BITS + 1;
const BUCKET_COUNT = EXACT_LIMIT + MAX_SHIFT * HALF;
const TWO_TO_32 = 4294967296;

export class Histogram {
  count = 0;
  /** The sum of the values, in milliseconds. */
  sumMs = 0;
  minMs = Infinity;
  maxMs = -Infinity;
  private readonly buckets = new Float64Array(BUCKET_COUNT);

  /** Adds one value in milliseconds; a negative value counts as 0. */
  record(valueMs: number): void {
    const value = valueMs > 0 ? valueMs : 0;
    this.count++;
    this.sumMs += value;
    if (value < this.minMs) this.minMs = value;
    if (value > this.maxMs) this.maxMs = value;
    const index = bucketOf(Math.floor(value * 1000));
    this.buckets[index] = (this.buckets[index] as number) + 1;
  }

  /** The mean in milliseconds; NaN when nothing was recorded. */
  mean(): number {
    return this.count === 0 ? NaN : this.sumMs / this.count;
  }

  /**
   * Returns the value at `fraction` (0.95 for p95) in milliseconds: the middle of the bucket that
   * contains the value of that rank, kept within the exact minimum and maximum. NaN when empty.
   */
  percentile(fraction: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.count));
    let seen = 0;
    for (let index = 0; index < BUCKET_COUNT; index++) {
      seen += this.buckets[index] as number;
      if (seen >= rank) {
        const middleMs = bucketMiddle(index) / 1000;
        return Math.min(Math.max(middleMs, this.minMs), this.maxMs);
      }
    }
    return this.maxMs;
  }
}

function bucketOf(micros: number): number {
  if (micros < EXACT_LIMIT) return micros;
  const exponent =
    micros < TWO_TO_32 ? 31 - Math.clz32(micros) : Math.min(Math.floor(Math.log2(micros)), 53);
  const shift = exponent - (SUB_BUCKET_BITS - 1);
  const mantissa = micros < 2147483648 ? micros >>> shift : Math.floor(micros / Math.pow(2, shift));
  // Math.log2 can round up just below a power of two, which leaves the mantissa at HALF - 1.
  const clamped = mantissa < HALF ? HALF : mantissa >= EXACT_LIMIT ? EXACT_LIMIT - 1 : mantissa;
  return Math.min(EXACT_LIMIT + (shift - 1) * HALF + (clamped - HALF), BUCKET_COUNT - 1);
}

/** The middle of a bucket in microseconds. */
function bucketMiddle(index: number): number {
  if (index < EXACT_LIMIT) return index;
  const shift = Math.floor((index - EXACT_LIMIT) / HALF) + 1;
  const mantissa = ((index - EXACT_LIMIT) % HALF) + HALF;
  const width = Math.pow(2, shift);
  return mantissa * width + width / 2;
}
