import type { Outcome, OutcomeSpec } from './outcome.js';

/**
 * The gRPC status codes by name, as grpc/status.h and google.rpc.Code number them. The contract's
 * Outcome entries may name the ones a caller can retry on, such as UNAVAILABLE.
 */
export const GRPC_STATUS_CODES: Readonly<Record<string, number>> = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

/**
 * The HTTP status of each gRPC status code, by code, from the HTTP mapping that the comments of
 * google/rpc/code.proto give. CANCELLED maps to 499, the status nginx uses for a client that
 * closed the request.
 */
const HTTP_STATUS_BY_CODE: readonly number[] = [
  200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401,
];

/**
 * Returns the outcome of a gRPC call that ended with status `code`: DEADLINE_EXCEEDED is a timeout,
 * and every other code is its HTTP status, so that policies written with HTTP statuses apply to
 * gRPC calls too. An unknown code counts as UNKNOWN, 500.
 */
export function grpcStatusOutcome(code: number): Outcome {
  if (code === GRPC_STATUS_CODES['DEADLINE_EXCEEDED']) return 'timeout';
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}

/**
 * Rewrites the Outcome entries that name a gRPC status, such as UNAVAILABLE, as the outcome
 * grpcStatusOutcome gives that status, so that OutcomeSet accepts the list. Other entries are kept
 * as written, and the order is kept.
 */
export function withGrpcStatusesAsOutcomes(
  entries: readonly (OutcomeSpec | string)[],
): OutcomeSpec[] {
  return entries.map((entry) => {
    const isStatusName =
      typeof entry === 'string' && Object.prototype.hasOwnProperty.call(GRPC_STATUS_CODES, entry);
    if (!isStatusName) return entry as OutcomeSpec;
    return grpcStatusOutcome(GRPC_STATUS_CODES[entry] as number) as OutcomeSpec;
  });
}
