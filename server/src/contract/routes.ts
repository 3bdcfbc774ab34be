import { Contract, Definition, DefinitionKind, lookup } from './model';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether repeating a route's request is safe: as declared, or by its method's HTTP semantics. */
export function isIdempotent(route: Definition): boolean {
  const declared = route.spec['idempotent'];
  if (typeof declared === 'boolean') return declared;
  const method = route.spec['method'];
  return typeof method === 'string' && IDEMPOTENT_METHODS.has(method);
}

export interface EffectivePolicy {
  name: string;
  /** Whether the route sets it itself, rather than taking its service's. */
  own: boolean;
}

/** Finds a definition by kind and name. */
export type Find = (kind: DefinitionKind, name: string) => Definition | undefined;

/**
 * The policy name a route uses for `retry`, `breaker`, `bulkhead` or `timeout`, with its origin.
 * `find` looks up the route's service, and defaults to the contract's own lookup.
 */
export function routePolicy(
  contract: Contract,
  route: Definition,
  key: 'retry' | 'breaker' | 'bulkhead' | 'timeout',
  find: Find = (kind, name) => lookup(contract, kind, name),
): EffectivePolicy | undefined {
  const own = route.spec[key];
  if (typeof own === 'string') return { name: own, own: true };
  const serviceName = route.spec['service'];
  const service = typeof serviceName === 'string' ? find('service', serviceName) : undefined;
  const inherited = service?.spec[key];
  return typeof inherited === 'string' ? { name: inherited, own: false } : undefined;
}
