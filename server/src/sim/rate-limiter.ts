/**
 * Per-client rate limits of the gateway's routes, as token buckets: a client may send a burst of
 * as many requests as the rate allows in its unit of time, such as 30 for 30/min, and regains one
 * request every 1/rate seconds. One bucket per route and client, in typed arrays.
 */
import type { PlanRoute } from './plan';

export class RateLimiter {
  private readonly tokens: Float64Array[];
  private readonly updatedMs: Float64Array[];
  private readonly capacity: Float64Array;

  constructor(routes: readonly PlanRoute[], clients: number) {
    this.capacity = new Float64Array(routes.length);
    this.tokens = routes.map((route, index) => {
      if (route.ratePerSecond === undefined) return new Float64Array(0);
      this.capacity[index] = burstOf(route);
      return new Float64Array(clients).fill(this.capacity[index]!);
    });
    this.updatedMs = routes.map(
      (route) => new Float64Array(route.ratePerSecond === undefined ? 0 : clients),
    );
  }

  /**
   * Takes one request from the bucket of route `route` and client `client` at `nowMs`. Returns
   * false when the client is over the route's limit, which the gateway answers with 429.
   */
  tryTake(route: PlanRoute, routeIndex: number, client: number, nowMs: number): boolean {
    const rate = route.ratePerSecond;
    if (rate === undefined) return true;
    const tokens = this.tokens[routeIndex]!;
    const updated = this.updatedMs[routeIndex]!;
    const capacity = this.capacity[routeIndex]!;
    const refilled = Math.min(
      capacity,
      tokens[client]! + ((nowMs - updated[client]!) * rate) / 1000,
    );
    updated[client] = nowMs;
    if (refilled < 1) {
      tokens[client] = refilled;
      return false;
    }
    tokens[client] = refilled - 1;
    return true;
  }
}

/** The burst a rate allows: its count per unit of time as written, such as 30 for 30/min. */
function burstOf(route: PlanRoute): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)\//.exec(route.rateText ?? '');
  const count = match === null ? route.ratePerSecond! : Number(match[1]);
  return Math.max(1, count);
}
