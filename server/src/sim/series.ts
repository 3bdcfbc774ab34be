/**
 * A value over virtual time in a fixed number of buckets, such as a queue's depth. Each bucket
 * keeps the largest value seen in it. When time passes the last bucket, neighbouring buckets merge
 * and each covers twice the time, so the series stays the same size however long the run is.
 */
export const SERIES_BUCKETS = 120;

export interface SeriesPoint {
  /** The start of the bucket, in virtual ms. */
  readonly timeMs: number;
  /** The largest value in the bucket. */
  readonly value: number;
}

export class MaxSeries {
  private readonly values = new Float64Array(SERIES_BUCKETS);
  private bucketMs: number;
  private last = -1;

  /** `initialBucketMs` is the time one bucket covers until the series first merges. */
  constructor(initialBucketMs = 100) {
    this.bucketMs = initialBucketMs;
  }

  record(timeMs: number, value: number): void {
    let bucket = Math.floor(timeMs / this.bucketMs);
    while (bucket >= SERIES_BUCKETS) {
      this.merge();
      bucket = Math.floor(timeMs / this.bucketMs);
    }
    // A bucket that nothing was recorded in keeps the value the series had before it.
    const carried = this.last < 0 ? 0 : (this.values[this.last] as number);
    for (let gap = this.last + 1; gap < bucket; gap++) this.values[gap] = carried;
    if (bucket > this.last) {
      this.values[bucket] = value;
      this.last = bucket;
    } else if (value > (this.values[bucket] as number)) {
      this.values[bucket] = value;
    }
  }

  points(): SeriesPoint[] {
    const points: SeriesPoint[] = [];
    for (let bucket = 0; bucket <= this.last; bucket++) {
      points.push({ timeMs: bucket * this.bucketMs, value: this.values[bucket] as number });
    }
    return points;
  }

  private merge(): void {
    for (let bucket = 0; bucket < SERIES_BUCKETS / 2; bucket++) {
      this.values[bucket] = Math.max(
        this.values[2 * bucket] as number,
        this.values[2 * bucket + 1] as number,
      );
    }
    this.values.fill(0, SERIES_BUCKETS / 2);
    this.last = Math.floor(this.last / 2);
    this.bucketMs *= 2;
  }
}
