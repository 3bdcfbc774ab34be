/**
 * Latency distributions of services and faults, as the contract writes them: a duration, or an
 * object that names a distribution. Each sampler draws from the simulation's seeded random source,
 * in milliseconds.
 */
import { parseDuration, RandomSource } from '../policy';

export interface LatencySampler {
  /** Draws one latency in milliseconds, never negative. */
  sample(random: RandomSource): number;
  /** The distribution in words, such as 'lognormal, median 35 ms, p99 420 ms'. */
  readonly text: string;
}

/** The standard normal quantile of 0.99, which relates a lognormal's median to its p99. */
const Z_99 = 2.3263478740408408;

class Constant implements LatencySampler {
  constructor(
    private readonly valueMs: number,
    readonly text: string,
  ) {}
  sample(): number {
    return this.valueMs;
  }
}

class Uniform implements LatencySampler {
  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    readonly text: string,
  ) {}
  sample(random: RandomSource): number {
    return this.minMs + random.next() * (this.maxMs - this.minMs);
  }
}

/** Draws a standard normal value by the Box-Muller transform, from two uniform draws. */
function standardNormal(random: RandomSource): number {
  // 1 - next() lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
  return radius * Math.cos(2 * Math.PI * random.next());
}

class Normal implements LatencySampler {
  constructor(
    private readonly meanMs: number,
    private readonly stddevMs: number,
    readonly text: string,
  ) {}
  sample(random: RandomSource): number {
    return Math.max(0, this.meanMs + this.stddevMs * standardNormal(random));
  }
}

class Exponential implements LatencySampler {
  constructor(
    private readonly meanMs: number,
    readonly text: string,
  ) {}
  sample(random: RandomSource): number {
    return -this.meanMs * Math.log(1 - random.next());
  }
}

class LogNormal implements LatencySampler {
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    medianMs: number,
    p99Ms: number,
    readonly text: string,
  ) {
    this.mu = Math.log(medianMs);
    this.sigma = Math.max(0, (Math.log(p99Ms) - this.mu) / Z_99);
  }
  sample(random: RandomSource): number {
    return Math.exp(this.mu + this.sigma * standardNormal(random));
  }
}

function field(spec: Record<string, unknown>, name: string, where: string): number {
  const value = spec[name];
  if (typeof value !== 'string') {
    throw new Error(
      `Invalid latency at ${where}: '${name}' is missing; write a duration such as 40ms.`,
    );
  }
  return parseDuration(value);
}

/**
 * Builds a sampler from a latency as the contract writes it. `where` names the place for error
 * messages, such as "'latency' of service 'orders'". Throws an Error that names the value.
 */
export function latencySampler(spec: unknown, where: string): LatencySampler {
  if (typeof spec === 'string') {
    const ms = parseDuration(spec);
    return new Constant(ms, spec);
  }
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new Error(
      `Invalid latency ${JSON.stringify(spec)} at ${where}: write a duration such as 40ms, ` +
        'or an object with a distribution.',
    );
  }
  const object = spec as Record<string, unknown>;
  switch (object['distribution']) {
    case 'constant': {
      const value = field(object, 'value', where);
      return new Constant(value, `constant ${object['value']}`);
    }
    case 'uniform': {
      const min = field(object, 'min', where);
      const max = field(object, 'max', where);
      if (max < min) {
        throw new Error(
          `Invalid latency at ${where}: max ${object['max']} is below min ${object['min']}.`,
        );
      }
      return new Uniform(min, max, `uniform ${object['min']} to ${object['max']}`);
    }
    case 'normal':
      return new Normal(
        field(object, 'mean', where),
        field(object, 'stddev', where),
        `normal, mean ${object['mean']}, stddev ${object['stddev']}`,
      );
    case 'exponential':
      return new Exponential(field(object, 'mean', where), `exponential, mean ${object['mean']}`);
    case 'lognormal': {
      const median = field(object, 'median', where);
      const p99 = field(object, 'p99', where);
      if (!(median > 0) || p99 < median) {
        throw new Error(
          `Invalid latency at ${where}: a lognormal needs a median above 0 and a p99 of at least the median.`,
        );
      }
      return new LogNormal(
        median,
        p99,
        `lognormal, median ${object['median']}, p99 ${object['p99']}`,
      );
    }
    default:
      throw new Error(
        `Invalid latency distribution ${JSON.stringify(object['distribution'])} at ${where}: ` +
          'use constant, uniform, normal, exponential or lognormal.',
      );
  }
}

/** The latency of a service that states none: answers at once. */
export const NO_LATENCY: LatencySampler = new Constant(0, '0ms');
