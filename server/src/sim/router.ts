/**
 * The gateway's routing: a request's method and path to a route. Where several templates match, a
 * literal segment wins over a parameter at the first place they differ (compareSpecificity), so
 * `GET /users/me` takes a request for /users/me even though `/users/{id}` matches it too.
 */
import { compareSpecificity, matchPath } from '../contract/paths';
import type { PlanRoute } from './plan';

export class Router {
  /** Route indexes, most specific template first. */
  private readonly order: number[];

  constructor(private readonly routes: readonly PlanRoute[]) {
    this.order = routes.map((_, index) => index);
    this.order.sort(
      (a, b) => compareSpecificity(routes[a]!.template, routes[b]!.template) || a - b,
    );
  }

  /** Returns the index of the route that takes the request, or -1 when none does. */
  match(method: string, path: string): number {
    for (const index of this.order) {
      const route = this.routes[index]!;
      if (route.method === method && matchPath(route.template, path) !== undefined) return index;
    }
    return -1;
  }
}

/** Writes a concrete path for a route's template, each parameter given the value `NAME-1`. */
export function samplePath(route: PlanRoute): string {
  return route.path.replace(/\{([^{}/]*)\}/g, (_, name: string) => `${name}-1`);
}
