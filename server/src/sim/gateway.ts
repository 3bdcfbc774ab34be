/**
 * The API gateway: routes a request, runs its middleware in the contract's order (authentication
 * gives 401, per-client rate limiting 429, logging counts), and forwards it to the route's service
 * through the route's bulkhead, retry policy, circuit breaker and timeouts, all from the policy
 * module. A request that matches no route gets 404.
 *
 * The policies wrap a request in this order: the route's total timeout, then the bulkhead, held
 * for the whole request, then the retry policy, then the breaker and the timeout of each attempt.
 */
import { attemptTimeout, Bulkhead, CircuitBreaker, RetryContext, WaitQueue } from '../policy';
import { BULKHEAD_FULL, CIRCUIT_OPEN, CONNECTION_ERROR, REQUEST, TIMEOUT } from './calls';
import type { Simulation } from './engine';
import { ATTEMPT_END, BULKHEAD_TIMEOUT, RETRY_START } from './event-kinds';
import { BreakerMetrics, CallMetrics } from './metrics';
import { gatewayStatus, outcomeText, toOutcome } from './outcomes';
import type { PlanRoute } from './plan';
import { RateLimiter } from './rate-limiter';
import { Router, samplePath } from './router';
import { succeeded } from './services';

const HOLDS_SLOT = 1;
const WAITS_FOR_SLOT = 2;

export class Gateway {
  readonly routeMetrics: CallMetrics[];
  /** Requests that matched no route. */
  unmatched = 0;
  /** Requests the logging middleware recorded. */
  logged = 0;
  readonly breakerMetrics: BreakerMetrics[];
  private readonly router: Router;
  private readonly limiter: RateLimiter;
  private readonly routes: readonly PlanRoute[];
  private readonly retryPools: RetryContext[][];
  private readonly breakers: CircuitBreaker[];
  private readonly bulkheads: Bulkhead[];
  private readonly waiters: WaitQueue<number>[];
  private readonly middleware: Uint8Array;
  private readonly injected: Array<{
    method: string;
    path: string;
    client: number;
    authenticated: boolean;
  }> = [];
  private readonly entryMethod: string;
  private readonly entryPath: string;
  private readonly entryRoute: number;

  constructor(private readonly sim: Simulation) {
    const plan = sim.plan;
    this.routes = plan.routes;
    this.router = new Router(plan.routes);
    this.limiter = new RateLimiter(plan.routes, plan.flow.clients);
    this.routeMetrics = plan.routes.map(() => new CallMetrics());
    this.retryPools = plan.routes.map(() => []);
    this.breakerMetrics = plan.breakers.map(() => new BreakerMetrics());
    this.breakers = plan.breakers.map(
      (breaker, index) =>
        new CircuitBreaker(breaker.policy, {
          onTransition: (from, to, atMs) => this.onTransition(index, from, to, atMs),
        }),
    );
    this.bulkheads = plan.bulkheads.map((bulkhead) => new Bulkhead(bulkhead.policy));
    this.waiters = plan.bulkheads.map(() => new WaitQueue<number>());
    this.middleware = Uint8Array.from(plan.gateway.middleware, middlewareCode);
    const entry = plan.routes[plan.flow.route];
    this.entryMethod = entry?.method ?? 'GET';
    this.entryPath = entry === undefined ? '/' : samplePath(entry);
    this.entryRoute =
      entry === undefined ? -1 : this.router.match(this.entryMethod, this.entryPath);
  }

  /** Receives the flow's next request, from client `client`. */
  receiveEntry(client: number): void {
    this.receive(
      this.entryRoute,
      this.entryMethod,
      this.entryPath,
      client,
      this.sim.plan.flow.authenticated,
    );
  }

  /** Queues a request for INJECTED_REQUEST, for requests other than the flow's own. */
  inject(method: string, path: string, client: number, authenticated: boolean): number {
    this.injected.push({ method, path, client, authenticated });
    return this.injected.length - 1;
  }

  receiveInjected(index: number): void {
    const request = this.injected[index]!;
    const route = this.router.match(request.method, request.path);
    this.receive(route, request.method, request.path, request.client, request.authenticated);
  }

  private receive(
    route: number,
    method: string,
    path: string,
    client: number,
    authenticated: boolean,
  ): void {
    const sim = this.sim;
    const calls = sim.calls;
    const slot = calls.allocate(REQUEST, route, sim.now);
    calls.client[slot] = client;
    sim.messages++;
    if (sim.trace.active) {
      sim.trace.emit({
        timeMs: sim.now,
        kind: 'request',
        from: 'client',
        to: 'gateway',
        label: `${method} ${path}`,
        id: calls.id[slot]!,
        detail: `client ${client + 1}`,
        source: route < 0 ? sim.plan.gateway.source : this.routes[route]!.source,
      });
    }
    if (route < 0) return this.reject(slot, 404, 'no route matches');
    const plan = this.routes[route]!;
    for (let step = 0; step < this.middleware.length; step++) {
      const middleware = this.middleware[step];
      if (middleware === 1) {
        if (plan.auth !== undefined && !authenticated) {
          return this.reject(slot, 401, `no valid token for ${plan.auth}`);
        }
      } else if (middleware === 2) {
        if (!this.limiter.tryTake(plan, route, client, sim.now)) {
          return this.reject(slot, 429, `client ${client + 1} is over ${plan.rateText}`);
        }
      } else {
        this.logged++;
      }
    }
    this.forward(slot, plan);
  }

  private reject(slot: number, status: number, reason: string): void {
    const sim = this.sim;
    const route = sim.calls.index[slot]!;
    if (route < 0) this.unmatched++;
    else {
      const metrics = this.routeMetrics[route]!;
      metrics.record(true, 0);
      metrics.countCode(status);
    }
    if (sim.trace.active) {
      sim.trace.emit({
        timeMs: sim.now,
        kind: 'reject',
        from: 'gateway',
        to: 'client',
        label: route < 0 ? 'no route' : this.routes[route]!.name,
        id: sim.calls.id[slot]!,
        outcome: String(status),
        detail: reason,
        source: route < 0 ? sim.plan.gateway.source : this.routes[route]!.source,
      });
    }
    sim.calls.release(slot);
  }

  private forward(slot: number, route: PlanRoute): void {
    if (route.bulkhead < 0) return this.startCall(slot, route);
    const sim = this.sim;
    const bulkhead = this.bulkheads[route.bulkhead]!;
    const admission = bulkhead.acquire();
    if (admission === 'acquired') {
      sim.calls.holding[slot] = HOLDS_SLOT;
      this.startCall(slot, route);
    } else if (admission === 'queued') {
      sim.calls.holding[slot] = WAITS_FOR_SLOT;
      this.waiters[route.bulkhead]!.push(slot, sim.now);
      const deadline = bulkhead.queueDeadline(sim.now);
      if (deadline !== Infinity) sim.schedule(deadline, BULKHEAD_TIMEOUT, slot);
    } else {
      this.respond(slot, BULKHEAD_FULL, undefined);
    }
  }

  /** A queued request's queueTimeout passed before it got a bulkhead slot. */
  onBulkheadTimeout(slot: number): void {
    const calls = this.sim.calls;
    if (calls.holding[slot] !== WAITS_FOR_SLOT) return;
    const route = this.routes[calls.index[slot]!]!;
    const waiters = this.waiters[route.bulkhead]!;
    // Every waiter of a bulkhead has the same timeout, so the one that times out is the oldest.
    if (waiters.peek() === slot) waiters.shift();
    else waiters.remove(slot);
    this.bulkheads[route.bulkhead]!.leaveQueue();
    calls.holding[slot] = 0;
    this.respond(slot, BULKHEAD_FULL, undefined, 'no bulkhead slot freed within its queueTimeout');
  }

  private startCall(slot: number, route: PlanRoute): void {
    const sim = this.sim;
    const policy = route.retry;
    if (policy !== undefined) {
      const context =
        this.retryPools[sim.calls.index[slot]!]!.pop() ?? new RetryContext(policy, sim.random);
      context.start(sim.now, sim.calls.startMs[slot]! + route.timeouts.totalMs);
      sim.calls.retry[slot] = context;
    }
    this.attempt(slot);
  }

  /** Starts an attempt; also the handler of RETRY_START. */
  attempt(slot: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const route = this.routes[calls.index[slot]!]!;
    const attempt = ++calls.attempt[slot]!;
    calls.attemptStartMs[slot] = sim.now;
    if (route.breaker >= 0 && !this.breakers[route.breaker]!.tryAcquire(sim.now)) {
      this.breakerMetrics[route.breaker]!.rejected++;
      calls.outcome[slot] = CIRCUIT_OPEN;
      if (sim.trace.active) this.traceAttempt(slot, route, attempt, 'circuit-open');
      return this.onAttemptEnd(slot);
    }
    const services = sim.services;
    services.answer(route.service, sim.now);
    const context = calls.retry[slot];
    const deadline = calls.startMs[slot]! + route.timeouts.totalMs;
    const limit =
      context === undefined
        ? attemptTimeout(sim.now, route.timeouts.attemptMs, deadline)
        : context.attemptTimeout(sim.now, route.timeouts.attemptMs);
    let outcome = services.outcome;
    let durationMs = services.latencyMs;
    // A response, or a dropped connection, that comes at or after the limit is a timeout.
    if (durationMs >= limit) {
      outcome = TIMEOUT;
      durationMs = limit;
    }
    calls.outcome[slot] = outcome;
    calls.instance[slot] = services.instance;
    if (sim.trace.active) this.traceAttempt(slot, route, attempt, undefined);
    sim.schedule(sim.now + durationMs, ATTEMPT_END, slot);
  }

  private traceAttempt(
    slot: number,
    route: PlanRoute,
    attempt: number,
    outcome: string | undefined,
  ): void {
    const sim = this.sim;
    const service = sim.plan.services[route.service]!;
    sim.trace.emit({
      timeMs: sim.now,
      kind: 'call',
      from: 'gateway',
      to: service.name,
      label: route.name,
      id: sim.calls.id[slot]!,
      attempt,
      ...(outcome === undefined ? {} : { outcome }),
      detail:
        outcome === 'circuit-open'
          ? `breaker ${sim.plan.breakers[route.breaker]!.name} is open: failed fast`
          : `instance ${sim.calls.instance[slot]! + 1} of ${service.instances}`,
      source: outcome === 'circuit-open' ? sim.plan.breakers[route.breaker]!.source : route.source,
    });
  }

  onAttemptEnd(slot: number): void {
    const sim = this.sim;
    const calls = sim.calls;
    const route = this.routes[calls.index[slot]!]!;
    const outcome = calls.outcome[slot]!;
    const durationMs = sim.now - calls.attemptStartMs[slot]!;
    if (outcome !== CIRCUIT_OPEN) {
      const metrics = sim.serviceMetrics[route.service]!;
      metrics.record(!succeeded(outcome), durationMs);
      metrics.countCode(outcome);
      if (sim.trace.active) this.traceAnswer(slot, route, outcome, durationMs);
      if (route.breaker >= 0)
        this.breakers[route.breaker]!.onOutcome(sim.now, toOutcome(outcome), durationMs);
    }
    if (succeeded(outcome)) return this.respond(slot, outcome, undefined);
    const context = calls.retry[slot];
    if (context !== undefined) {
      const delay = context.next(toOutcome(outcome), sim.now);
      if (delay >= 0) {
        if (sim.trace.active) this.traceRetry(slot, route, delay);
        sim.schedule(sim.now + delay, RETRY_START, slot);
        return;
      }
    }
    this.respond(slot, outcome, context?.stopReason);
  }

  private traceAnswer(slot: number, route: PlanRoute, outcome: number, durationMs: number): void {
    const sim = this.sim;
    sim.trace.emit({
      timeMs: sim.now,
      kind: outcome === TIMEOUT ? 'timeout' : 'reply',
      from: sim.plan.services[route.service]!.name,
      to: 'gateway',
      label: route.name,
      id: sim.calls.id[slot]!,
      attempt: sim.calls.attempt[slot]!,
      outcome: outcomeText(outcome),
      detail:
        outcome === TIMEOUT
          ? `attempt timed out after ${formatMs(durationMs)}`
          : `took ${formatMs(durationMs)}`,
      source: route.source,
    });
  }

  private traceRetry(slot: number, route: PlanRoute, delayMs: number): void {
    const sim = this.sim;
    sim.trace.emit({
      timeMs: sim.now,
      kind: 'retry',
      from: 'gateway',
      to: 'gateway',
      label: route.retryName ?? route.name,
      id: sim.calls.id[slot]!,
      attempt: sim.calls.attempt[slot]! + 1,
      detail: `wait ${formatMs(delayMs)} before attempt ${sim.calls.attempt[slot]! + 1}`,
      source: route.source,
    });
  }

  /**
   * Sends the response to the client. `stopReason` is why the retry policy stopped, and `reason` replaces the
   * failure's description in the trace.
   */
  private respond(
    slot: number,
    outcome: number,
    stopReason: string | undefined,
    reason?: string,
  ): void {
    const sim = this.sim;
    const calls = sim.calls;
    const routeIndex = calls.index[slot]!;
    const route = this.routes[routeIndex]!;
    const status = gatewayStatus(outcome);
    const metrics = this.routeMetrics[routeIndex]!;
    metrics.record(status >= 400, sim.now - calls.startMs[slot]!);
    metrics.countCode(status);
    if (sim.trace.active) {
      sim.trace.emit({
        timeMs: sim.now,
        kind: 'response',
        from: 'gateway',
        to: 'client',
        label: route.name,
        id: calls.id[slot]!,
        outcome: String(status),
        ...(status < 400 ? {} : { detail: reason ?? responseReason(outcome, stopReason) }),
        source: route.source,
      });
    }
    this.releaseBulkhead(slot, route);
    const context = calls.retry[slot];
    if (context !== undefined) this.retryPools[routeIndex]!.push(context);
    const depth = calls.depth[slot]!;
    calls.release(slot);
    if (status < 400 && route.request >= 0) sim.bus.sendOnward(route.request, route.service, depth);
  }

  private releaseBulkhead(slot: number, route: PlanRoute): void {
    const calls = this.sim.calls;
    if (calls.holding[slot] !== HOLDS_SLOT) return;
    calls.holding[slot] = 0;
    if (!this.bulkheads[route.bulkhead]!.release()) return;
    const next = this.waiters[route.bulkhead]!.shift()!;
    calls.holding[next] = HOLDS_SLOT;
    this.startCall(next, this.routes[calls.index[next]!]!);
  }

  private onTransition(index: number, from: string, to: string, atMs: number): void {
    const sim = this.sim;
    this.breakerMetrics[index]!.record(atMs, from, to);
    const breaker = sim.plan.breakers[index]!;
    if (sim.trace.active) {
      sim.trace.emit({
        timeMs: atMs,
        kind: 'breaker',
        from: 'gateway',
        to: 'gateway',
        label: breaker.name,
        id: 0,
        outcome: to,
        detail: `${breaker.label}: ${from} → ${to}`,
        source: breaker.source,
      });
    }
  }
}

function responseReason(outcome: number, stopReason: string | undefined): string {
  const what =
    outcome === TIMEOUT
      ? 'the service did not answer in time'
      : outcome === CONNECTION_ERROR
        ? 'the service is unreachable'
        : outcome === CIRCUIT_OPEN
          ? 'the breaker is open'
          : outcome === BULKHEAD_FULL
            ? 'the bulkhead is full'
            : `the service answered ${outcome}`;
  return stopReason === undefined ? what : `${what}; no retry: ${stopReason}`;
}

/** Writes milliseconds for the trace, with at most one decimal. */
export function formatMs(ms: number): string {
  return `${Math.round(ms * 10) / 10} ms`;
}

/** Encodes a middleware name for the engine: 1 authentication, 2 rate limiting, 3 logging. */
function middlewareCode(name: string): number {
  if (name === 'authentication') return 1;
  if (name === 'rate-limit') return 2;
  return 3;
}
