import type { CircuitBreakerPolicySpec } from './breaker-policy.js';
import type { BulkheadPolicySpec } from './bulkhead.js';
import type { RetryPolicySpec } from './retry.js';
import type { TimeoutPolicySpec } from './timeout.js';

/** An entry of the contract's policies section (schema definition Policy), tagged by kind. */
export type PolicySpec =
  | (RetryPolicySpec & { readonly kind: 'retry' })
  | (CircuitBreakerPolicySpec & { readonly kind: 'circuit-breaker' })
  | (TimeoutPolicySpec & { readonly kind: 'timeout' })
  | (BulkheadPolicySpec & { readonly kind: 'bulkhead' });
