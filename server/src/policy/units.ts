/**
 * Parsing and formatting of the contract's Duration, Rate and Ratio values. Durations are in
 * milliseconds and rates in events per second throughout the policy code.
 */

const DURATION_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/;
const RATE_PATTERN = /^([0-9]+(?:\.[0-9]+)?)\/(s|min|h)$/;
const PERCENT_PATTERN = /^(100|[0-9]{1,2})(\.[0-9]+)?%$/;

const DURATION_FORM = 'a number and a unit, ms, s, m or h, such as 250ms, 2s, 1.5m or 1h';
const RATE_FORM = 'a count per unit of time, /s, /min or /h, such as 60/min, 50/s or 1000/h';
const RATIO_FORM = 'a number from 0 to 1, such as 0.05, or a percentage, such as 5%';

/** Writes a value for an error message: strings in quotes, anything else as JSON. */
function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Returns whether a string has the Duration form, such as 250ms or 1.5m. */
export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/**
 * Parses a Duration such as '250ms', '2s', '1.5m' or '1h' into milliseconds. Throws an Error that
 * names the value and the accepted form when the text is not a Duration.
 */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION_PATTERN.exec(text) : null;
  const amount = match?.[1];
  const unit = match?.[2];
  if (amount === undefined || unit === undefined) {
    throw new Error(`Invalid duration ${showValue(text)}: expected ${DURATION_FORM}.`);
  }
  // Writing the exponent into the text scales exactly, so '1.1s' is 1100 ms and not the
  // 1100.0000000000002 that 1.1 * 1000 gives.
  switch (unit) {
    case 'ms':
      return Number(amount);
    case 's':
      return Number(`${amount}e3`);
    case 'm':
      return Number(`${amount}e3`) * 60;
    default:
      return Number(`${amount}e3`) * 3600;
  }
}

/**
 * Parses a Rate such as '60/min', '50/s' or '1000/h' into events per second. Throws an Error that
 * names the value and the accepted form when the text is not a Rate.
 */
export function parseRate(text: string): number {
  const match = typeof text === 'string' ? RATE_PATTERN.exec(text) : null;
  const count = match?.[1];
  const unit = match?.[2];
  if (count === undefined || unit === undefined) {
    throw new Error(`Invalid rate ${showValue(text)}: expected ${RATE_FORM}.`);
  }
  const perUnit = Number(count);
  if (unit === 's') return perUnit;
  return unit === 'min' ? perUnit / 60 : perUnit / 3600;
}

/**
 * Parses a Ratio, a number from 0 to 1 or a percentage string such as '5%', into a number from 0
 * to 1. Throws an Error that names the value and the accepted form on any other input.
 */
export function parseRatio(value: number | string): number {
  if (typeof value === 'number') {
    if (value >= 0 && value <= 1) return value;
  } else if (typeof value === 'string' && PERCENT_PATTERN.test(value)) {
    // The exponent in the text keeps '5%' equal to the literal 0.05.
    const ratio = Number(`${value.slice(0, -1)}e-2`);
    // The pattern also accepts '100.5%', which is more than the whole.
    if (ratio <= 1) return ratio;
  }
  throw new Error(`Invalid ratio ${showValue(value)}: expected ${RATIO_FORM}.`);
}

/** Writes a number with at most `decimals` decimals and no trailing zeros. */
function formatDecimal(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** The hours from which formatDuration leaves out minutes. */
const LONG_HOURS = 100_000;

/**
 * Formats milliseconds in plain words: '0.25 ms', '100 ms', '2.3 s', '1 min 30 s', '2 h 5 min'.
 * Each form rounds to its own precision: tenths of a second below a minute, whole seconds below
 * an hour, whole minutes above. Throws a RangeError on a negative, NaN or infinite value.
 */
export function formatDuration(ms: number): string {
  if (!(ms >= 0) || ms === Infinity) {
    throw new RangeError(`Invalid duration ${ms} ms: expected a finite number of milliseconds.`);
  }
  if (ms < 999.5) {
    let decimals = 0;
    if (ms < 1) decimals = 2;
    else if (ms < 10) decimals = 1;
    return `${formatDecimal(ms, decimals)} ms`;
  }

  const tenthsOfSecond = Math.round(ms / 100);
  if (tenthsOfSecond < 600) return `${tenthsOfSecond / 10} s`;

  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }

  const minutes = Math.round(ms / 60000);
  const hours = Math.floor(minutes / 60);
  // Past 100,000 hours (about 11 years) the minutes tell nothing, and a plain String() of a large
  // number turns to exponent notation, so whole hours are written with digit grouping.
  if (hours >= LONG_HOURS) return `${Math.round(ms / 3_600_000).toLocaleString('en-US')} h`;
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Formats a ratio from 0 to 1 as a percentage with at most two decimals, such as '5%'. */
export function formatPercent(ratio: number): string {
  return `${formatDecimal(ratio * 100, 2)}%`;
}
