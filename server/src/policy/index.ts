/**
 * Resilience policies of a contract: retry, circuit breaker, timeout and bulkhead. The files of
 * this folder import nothing outside it and read no clock, timer or global random source, so a
 * simulator can run them in virtual time and generated clients can contain them unchanged.
 * Imports carry the .js extension so the files also compile as ES modules.
 */
export * from './backoff.js';
export * from './breaker.js';
export * from './breaker-policy.js';
export * from './bulkhead.js';
export * from './describe.js';
export * from './outcome.js';
export * from './policy-spec.js';
export * from './queue.js';
export * from './random.js';
export * from './retry.js';
export * from './retry-context.js';
export * from './timeout.js';
export * from './units.js';
export * from './window.js';
export * from './worst-case.js';
