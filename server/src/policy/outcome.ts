/**
 * The outcome of one call: an HTTP status code, or a failure without a response. The caller
 * produces 'circuit-open' and 'bulkhead-full' itself, without reaching the service.
 */
export type Outcome = number | 'timeout' | 'connection-error' | 'circuit-open' | 'bulkhead-full';

/** An Outcome entry of a contract: a status code from 100 to 599, a class or a failure kind. */
export type OutcomeSpec = number | '4xx' | '5xx' | 'timeout' | 'connection-error';

/** The schema's default for retryOn and failureOn. */
export const DEFAULT_FAILURE_OUTCOMES: readonly OutcomeSpec[] = [
  '5xx',
  'timeout',
  'connection-error',
];

const MIN_STATUS = 100;
const MAX_STATUS = 599;
const OUTCOME_FORM =
  'an HTTP status code from 100 to 599, 4xx, 5xx, timeout or connection-error, such as 503';

/** Returns whether an outcome was produced by the caller without reaching the service. */
export function isLocalOutcome(outcome: Outcome): boolean {
  return outcome === 'circuit-open' || outcome === 'bulkhead-full';
}

/** Returns whether an outcome is an HTTP status code: an integer from 100 to 599. */
export function isHttpStatus(outcome: Outcome): outcome is number {
  if (typeof outcome !== 'number' || !Number.isInteger(outcome)) return false;
  return outcome >= MIN_STATUS && outcome <= MAX_STATUS;
}

/**
 * A compiled list of Outcome entries that matches an outcome with one table lookup. Local outcomes
 * ('circuit-open', 'bulkhead-full') match no entry, because no Outcome entry can name them.
 */
export class OutcomeSet {
  /** The entries as written, for messages and summaries. */
  readonly entries: readonly OutcomeSpec[];
  /** 1 at the index of each matching status code, 0 elsewhere. */
  private readonly statuses = new Uint8Array(MAX_STATUS + 1);
  private readonly timeout: boolean;
  private readonly connectionError: boolean;

  /** Compiles the entries; throws an Error that names an invalid entry and the accepted form. */
  constructor(entries: readonly OutcomeSpec[]) {
    if (!Array.isArray(entries)) {
      throw new Error(
        `Invalid outcome list ${JSON.stringify(entries)}: expected a list of outcomes.`,
      );
    }
    let timeout = false;
    let connectionError = false;
    for (const entry of entries as readonly unknown[]) {
      if (entry === 'timeout') timeout = true;
      else if (entry === 'connection-error') connectionError = true;
      else if (entry === '4xx') this.statuses.fill(1, 400, 500);
      else if (entry === '5xx') this.statuses.fill(1, 500, 600);
      else if (typeof entry === 'number' && isHttpStatus(entry)) this.statuses[entry] = 1;
      else throw new Error(`Invalid outcome ${JSON.stringify(entry)}: expected ${OUTCOME_FORM}.`);
    }
    this.entries = [...entries];
    this.timeout = timeout;
    this.connectionError = connectionError;
  }

  /** Returns whether the outcome matches one of the entries. */
  has(outcome: Outcome): boolean {
    if (typeof outcome === 'number') return this.statuses[outcome] === 1;
    if (outcome === 'timeout') return this.timeout;
    if (outcome === 'connection-error') return this.connectionError;
    return false;
  }
}

/** Returns whether an outcome matches one of the entries, without compiling an OutcomeSet. */
export function matchesOutcome(outcome: Outcome, entries: readonly OutcomeSpec[]): boolean {
  for (const entry of entries) {
    if (entry === outcome) return true;
    if (typeof outcome !== 'number' || !Number.isInteger(outcome)) continue;
    if (entry === '4xx' && outcome >= 400 && outcome < 500) return true;
    if (entry === '5xx' && outcome >= 500 && outcome < 600) return true;
  }
  return false;
}

/** Writes an outcome the way a contract or a log shows it: '503', '5xx', 'timeout'. */
export function formatOutcome(outcome: Outcome | OutcomeSpec): string {
  return String(outcome);
}

/** Returns whether two entry lists match the same outcomes, whatever their order. */
export function sameOutcomes(a: readonly OutcomeSpec[], b: readonly OutcomeSpec[]): boolean {
  const left = new OutcomeSet(a);
  const right = new OutcomeSet(b);
  for (let status = MIN_STATUS; status <= MAX_STATUS; status++) {
    if (left.has(status) !== right.has(status)) return false;
  }
  return (
    left.has('timeout') === right.has('timeout') &&
    left.has('connection-error') === right.has('connection-error')
  );
}
