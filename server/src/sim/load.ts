/** The arrival times of a flow's load: evenly spaced, or a Poisson process of the same rate. */
import type { RandomSource } from '../policy';
import type { PlanLoad } from './plan';

export class ArrivalSchedule {
  /** Arrivals produced so far. */
  produced = 0;
  private lastMs = 0;
  private readonly gapMs: number;

  constructor(
    private readonly load: PlanLoad,
    private readonly random: RandomSource,
  ) {
    this.gapMs = 1000 / load.ratePerSecond;
  }

  /** The number of arrivals the load asks for; Infinity when it is not known in advance. */
  get total(): number {
    if (this.load.arrival === 'poisson' && this.load.count === Infinity) return Infinity;
    const byDuration =
      this.load.durationMs === Infinity ? Infinity : Math.ceil(this.load.durationMs / this.gapMs);
    return Math.min(this.load.count, byDuration);
  }

  /** Returns the time of the next arrival in ms, or Infinity when the load has ended. */
  next(): number {
    if (this.produced >= this.load.count) return Infinity;
    let timeMs: number;
    if (this.load.arrival === 'uniform' || this.gapMs === 0) timeMs = this.produced * this.gapMs;
    else
      timeMs =
        this.produced === 0 ? 0 : this.lastMs - this.gapMs * Math.log(1 - this.random.next());
    if (timeMs >= this.load.durationMs) return Infinity;
    this.produced++;
    this.lastMs = timeMs;
    return timeMs;
  }
}
