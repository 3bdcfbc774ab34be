/** Conversions between the engine's encoded outcomes and the policy code's Outcome values. */
import type { Outcome } from '../policy';
import { CIRCUIT_OPEN, CONNECTION_ERROR, TIMEOUT } from './calls';

/** Returns the policy Outcome of an encoded outcome; strings are constants, so nothing allocates. */
export function toOutcome(code: number): Outcome {
  if (code > 0) return code;
  if (code === TIMEOUT) return 'timeout';
  if (code === CONNECTION_ERROR) return 'connection-error';
  if (code === CIRCUIT_OPEN) return 'circuit-open';
  return 'bulkhead-full';
}

/** The text of every status from 0 to 599, built once so counting outcomes allocates no string. */
const STATUS_TEXTS: readonly string[] = Array.from({ length: 600 }, (_, status) => String(status));

/** Writes an encoded outcome for the trace and metrics: '200', 'timeout', 'circuit-open'. */
export function outcomeText(code: number): string {
  if (code >= 0 && code < STATUS_TEXTS.length) return STATUS_TEXTS[code]!;
  const outcome = toOutcome(code);
  return typeof outcome === 'string' ? outcome : String(outcome);
}

/**
 * The status the gateway responds with after a call ends with `code`: the service's status, 504
 * for a timeout, and 503 when the service could not be reached, its breaker is open or its
 * bulkhead is full.
 */
export function gatewayStatus(code: number): number {
  if (code > 0) return code;
  return code === TIMEOUT ? 504 : 503;
}
