/** The errors generated clients and the bus throw, each with the facts a caller acts on. */
import type { Outcome } from '../../policy/outcome.js';

/** The base class of every error of generated code; `outcome` is what the policies saw. */
export class SwitchboardError extends Error {
  override name = 'SwitchboardError';

  constructor(
    message: string,
    readonly outcome: Outcome,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A response with status 400 or above; `body` is the response body as text. */
export class HttpError extends SwitchboardError {
  override name = 'HttpError';

  constructor(
    readonly call: string,
    readonly status: number,
    readonly body: string,
    readonly attempts: number,
  ) {
    super(`${call} failed with HTTP status ${status} after ${attempts} attempt(s).`, status);
  }
}

/** A call or a reply that did not finish within its time limit. */
export class TimeoutError extends SwitchboardError {
  override name = 'TimeoutError';

  constructor(
    readonly call: string,
    readonly timeoutMs: number,
  ) {
    super(`${call} timed out after ${timeoutMs} ms.`, 'timeout');
  }
}

/** A call that failed before any response: connection refused, reset or dropped. */
export class ConnectionError extends SwitchboardError {
  override name = 'ConnectionError';

  constructor(
    readonly call: string,
    cause: unknown,
    readonly attempts: number,
  ) {
    super(
      `${call} failed to connect after ${attempts} attempt(s): ${describe(cause)}`,
      'connection-error',
      { cause },
    );
  }
}

/** A call that the circuit breaker failed fast, without reaching the service. */
export class CircuitOpenError extends SwitchboardError {
  override name = 'CircuitOpenError';

  constructor(
    readonly call: string,
    readonly breaker: string,
  ) {
    super(`${call} was not sent because circuit breaker '${breaker}' is open.`, 'circuit-open');
  }
}

/** A call that the bulkhead rejected because every slot and queue place was taken. */
export class BulkheadFullError extends SwitchboardError {
  override name = 'BulkheadFullError';

  constructor(
    readonly call: string,
    readonly bulkhead: string,
  ) {
    super(`${call} was rejected because bulkhead '${bulkhead}' is full.`, 'bulkhead-full');
  }
}

/** Writes an unknown thrown value for a message, with the cause of a fetch failure. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
