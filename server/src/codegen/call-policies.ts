/**
 * Resolves the policies of a route or gRPC method the way the simulator does: retry and breaker
 * from the route, else the method, else the service; bulkhead from the route, else the service;
 * the total timeout from the route, else the gateway; one attempt's from the method, else the
 * service. The result is data for the generated CallPolicySpec literals.
 */
import { type Contract, type JsonObject, isObject, lookup } from '../contract/model';
import { withGrpcStatusesAsOutcomes } from '../policy/grpc-status';
import type { PolicySpec } from '../policy/policy-spec';
import { resolveCallTimeouts } from '../policy/timeout';

/** The properties each policy kind accepts; others, such as x- extensions, are not emitted. */
const POLICY_KEYS: Readonly<Record<string, readonly string[]>> = {
  retry: [
    'attempts',
    'retries',
    'backoff',
    'delay',
    'multiplier',
    'maxDelay',
    'jitter',
    'retryOn',
    'respectRetryAfter',
    'budget',
  ],
  'circuit-breaker': [
    'consecutiveFailures',
    'failureRate',
    'window',
    'windowCalls',
    'minimumCalls',
    'slowCallDuration',
    'slowCallRate',
    'openDuration',
    'halfOpenProbes',
    'failureOn',
  ],
  bulkhead: ['maxConcurrent', 'maxQueue', 'queueTimeout'],
};

/** The policies of one call, as data a generated literal writes. */
export interface CallPolicyData {
  name: string;
  retry?: { name: string; spec: JsonObject };
  breaker?: { name: string; spec: JsonObject };
  bulkhead?: { name: string; spec: JsonObject };
  totalTimeoutMs: number;
  attemptTimeoutMs: number;
}

export function gatewayOf(contract: Contract): JsonObject {
  for (const file of contract.files) {
    const gateway = (file.data as JsonObject | undefined)?.['gateway'];
    if (isObject(gateway)) return gateway;
  }
  return {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Returns the policies of a call. `holders` are the mappings that may name a policy, most specific
 * first; `grpc` rewrites gRPC status names in retryOn and failureOn as outcomes.
 */
export function callPolicies(
  contract: Contract,
  name: string,
  holders: { route?: JsonObject; method?: JsonObject; service: JsonObject },
  grpc: boolean,
): CallPolicyData {
  const { route = {}, method = {}, service } = holders;
  const pick = (key: string, chain: JsonObject[]): string | undefined => {
    for (const holder of chain) {
      const value = holder[key];
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  const policyLookup = (policyName: string): PolicySpec | undefined =>
    lookup(contract, 'policy', policyName)?.spec as PolicySpec | undefined;
  const timeouts = resolveCallTimeouts(
    {
      routeTimeout: asString(route['timeout']),
      gatewayTimeout:
        holders.route === undefined ? undefined : asString(gatewayOf(contract)['timeout']),
      methodTimeout: asString(method['timeout']),
      serviceTimeout: asString(service['timeout']),
    },
    policyLookup,
  );
  const data: CallPolicyData = {
    name,
    totalTimeoutMs: timeouts.totalMs,
    attemptTimeoutMs: timeouts.attemptMs,
  };
  const named = (policyName: string | undefined, kind: string) =>
    policyName === undefined
      ? undefined
      : { name: policyName, spec: policySpec(contract, policyName, kind, grpc) };
  const retry = named(pick('retry', [route, method, service]), 'retry');
  const breaker = named(pick('breaker', [route, method, service]), 'circuit-breaker');
  const bulkhead = named(pick('bulkhead', [route, service]), 'bulkhead');
  if (retry !== undefined) data.retry = retry;
  if (breaker !== undefined) data.breaker = breaker;
  if (bulkhead !== undefined) data.bulkhead = bulkhead;
  return data;
}

function policySpec(contract: Contract, name: string, kind: string, grpc: boolean): JsonObject {
  const spec = lookup(contract, 'policy', name)?.spec;
  if (spec === undefined || spec['kind'] !== kind) {
    throw new Error(
      `Policy '${name}' is not a ${kind} policy of the contract; run 'switchboard check'.`,
    );
  }
  const kept: JsonObject = {};
  for (const key of POLICY_KEYS[kind] ?? []) {
    const value = spec[key];
    if (value === undefined) continue;
    const isOutcomeList = (key === 'retryOn' || key === 'failureOn') && Array.isArray(value);
    kept[key] = grpc && isOutcomeList ? withGrpcStatusesAsOutcomes(value as string[]) : value;
  }
  return kept;
}
