/**
 * The resilience chain of a gateway route, as the simulator builds it (sim/compile.ts): each policy
 * from the route, else from the gRPC method it calls, else from its service; the bulkhead from the
 * route or its service. The policies wrap a request in this order: the total timeout, the bulkhead,
 * the retry policy, then the breaker and the timeout of each attempt.
 */
import { Contract, Definition, isObject, JsonObject, lookup, objectAt } from '../contract/model';
import {
  describePolicy,
  formatDuration,
  normalizeBulkheadPolicy,
  normalizeRetryPolicy,
  PolicySpec,
  resolveCallTimeouts,
  worstCase,
} from '../policy';

export interface ChainLink {
  /** What the link does, such as `retry`, with the policy name when there is one. */
  label: string;
  /** Where the setting comes from: `route`, `service 'orders'`, `method 'Reserve'`, `gateway`. */
  origin: string;
  summary: string;
}

export interface RouteChain {
  links: ChainLink[];
  /** The maximum time a request can take, in ms; Infinity when nothing bounds it. */
  worstCaseMs: number;
  /** How the worst case is reached, in words. */
  worstCaseReason: string;
}

interface Source {
  spec: JsonObject;
  origin: string;
}

/** Describes a route's chain. Throws the policy module's Error when a policy it names is invalid. */
export function routeChain(contract: Contract, route: Definition): RouteChain {
  const serviceName = route.spec['service'];
  const service =
    typeof serviceName === 'string' ? lookup(contract, 'service', serviceName) : undefined;
  const methods = objectAt(service?.spec, ['methods']) ?? {};
  const rpc = route.spec['rpc'];
  const method =
    typeof rpc === 'string' && isObject(methods[rpc]) ? (methods[rpc] as JsonObject) : undefined;
  const gateway = contract.files
    .map((file) => objectAt(file.data, ['gateway']))
    .find((value) => value !== undefined);

  const routeSource: Source = { spec: route.spec, origin: 'route' };
  const methodSource: Source | undefined = method && {
    spec: method,
    origin: `method '${String(rpc)}'`,
  };
  const serviceSource: Source | undefined = service && {
    spec: service.spec,
    origin: `service '${service.name}'`,
  };
  const gatewaySource: Source | undefined = gateway && { spec: gateway, origin: 'gateway' };
  const pick = (key: string, sources: Array<Source | undefined>) => {
    for (const source of sources) {
      const value = source?.spec[key];
      if (typeof value === 'string') return { name: value, origin: source!.origin };
    }
    return undefined;
  };
  const policy = (name: string) => lookup(contract, 'policy', name)?.spec as PolicySpec | undefined;

  const total = pick('timeout', [routeSource, gatewaySource]);
  const attempt = pick('timeout', [methodSource, serviceSource]);
  const timeouts = resolveCallTimeouts(
    { routeTimeout: total?.name, methodTimeout: attempt?.name },
    policy,
  );
  const bulkhead = pick('bulkhead', [routeSource, serviceSource]);
  const retry = pick('retry', [routeSource, methodSource, serviceSource]);
  const breaker = pick('breaker', [routeSource, methodSource, serviceSource]);

  const links: ChainLink[] = [];
  if (total !== undefined) {
    links.push({
      label: timeoutLabel('total timeout', total.name),
      origin: total.origin,
      summary: `fails the request after ${formatDuration(timeouts.totalMs)}, retries included`,
    });
  }
  let queueMs = 0;
  const bulkheadSpec = bulkhead && policy(bulkhead.name);
  if (bulkhead !== undefined && bulkheadSpec?.kind === 'bulkhead') {
    links.push({
      label: `bulkhead \`${bulkhead.name}\``,
      origin: bulkhead.origin,
      summary: describePolicy(bulkheadSpec),
    });
    const normalized = normalizeBulkheadPolicy(bulkheadSpec);
    queueMs = normalized.maxQueue > 0 ? normalized.queueTimeoutMs : 0;
  }
  const retrySpec = retry && policy(retry.name);
  const options = { attemptTimeoutMs: timeouts.attemptMs, totalTimeoutMs: timeouts.totalMs };
  if (retry !== undefined && retrySpec?.kind === 'retry') {
    links.push({
      label: `retry \`${retry.name}\``,
      origin: retry.origin,
      summary: describePolicy(retrySpec, options),
    });
  }
  const breakerSpec = breaker && policy(breaker.name);
  if (breaker !== undefined && breakerSpec?.kind === 'circuit-breaker') {
    links.push({
      label: `circuit breaker \`${breaker.name}\``,
      origin: breaker.origin,
      summary: describePolicy(breakerSpec),
    });
  }
  if (attempt !== undefined) {
    links.push({
      label: timeoutLabel('attempt timeout', attempt.name),
      origin: attempt.origin,
      summary: `fails one attempt after ${formatDuration(timeouts.attemptMs)}`,
    });
  }

  const callMs =
    retrySpec?.kind === 'retry'
      ? worstCase(normalizeRetryPolicy(retrySpec), timeouts.attemptMs).totalMs
      : timeouts.attemptMs;
  const uncapped = queueMs + callMs;
  const worstCaseMs = Math.min(uncapped, timeouts.totalMs);
  return {
    links,
    worstCaseMs,
    worstCaseReason: worstCaseReason(worstCaseMs, uncapped, queueMs, timeouts.totalMs),
  };
}

function timeoutLabel(label: string, value: string): string {
  return /^[0-9]/.test(value) ? label : `${label} \`${value}\``;
}

function worstCaseReason(
  worstMs: number,
  uncappedMs: number,
  queueMs: number,
  totalMs: number,
): string {
  if (worstMs === Infinity)
    return 'unbounded, because neither the route nor its attempts have a timeout';
  if (totalMs <= uncappedMs) return `${formatDuration(worstMs)}, set by the total timeout`;
  const queued = queueMs > 0 ? `, ${formatDuration(queueMs)} of it waiting for the bulkhead` : '';
  return `${formatDuration(worstMs)} if every attempt times out${queued}`;
}
