import * as assert from 'node:assert/strict';
import {
  formatDuration,
  formatPercent,
  isDuration,
  parseDuration,
  parseRate,
  parseRatio,
} from '../../../server/src/policy/index.js';

describe('duration parsing', () => {
  it('parses each unit', () => {
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('2s'), 2000);
    assert.equal(parseDuration('1.5m'), 90_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('0ms'), 0);
  });

  it('scales decimals exactly', () => {
    assert.equal(parseDuration('1.1s'), 1100);
    assert.equal(parseDuration('0.1h'), 360_000);
    assert.equal(parseDuration('2.5ms'), 2.5);
  });

  it('rejects malformed durations', () => {
    for (const text of ['', '5', 's', '5 s', '5sec', '-1s', '1.s', '.5s', '1e3ms', '2S']) {
      assert.throws(
        () => parseDuration(text),
        (error: Error) =>
          error.message ===
          `Invalid duration '${text}': expected a number and a unit, ms, s, m or h, ` +
            'such as 250ms, 2s, 1.5m or 1h.',
        text,
      );
    }
  });

  it('rejects non-string durations', () => {
    assert.throws(() => parseDuration(5 as unknown as string), /Invalid duration 5: expected/);
  });

  it('recognizes duration form', () => {
    assert.equal(isDuration('2s'), true);
    assert.equal(isDuration('fast'), false);
  });
});

describe('rate parsing', () => {
  it('converts to events per second', () => {
    assert.equal(parseRate('50/s'), 50);
    assert.equal(parseRate('60/min'), 1);
    assert.equal(parseRate('1800/h'), 0.5);
    assert.equal(parseRate('1.5/s'), 1.5);
  });

  it('rejects malformed rates', () => {
    for (const text of ['60', '60/m', '60 /min', '60/minute', '/s', '-5/s']) {
      assert.throws(
        () => parseRate(text),
        (error: Error) =>
          error.message ===
          `Invalid rate '${text}': expected a count per unit of time, /s, /min or /h, ` +
            'such as 60/min, 50/s or 1000/h.',
        text,
      );
    }
  });
});

describe('ratio parsing', () => {
  it('accepts numbers and percentages', () => {
    assert.equal(parseRatio(0.05), 0.05);
    assert.equal(parseRatio('5%'), 0.05);
    assert.equal(parseRatio('50%'), 0.5);
    assert.equal(parseRatio('12.5%'), 0.125);
    assert.equal(parseRatio('100%'), 1);
    assert.equal(parseRatio(0), 0);
    assert.equal(parseRatio(1), 1);
  });

  it('rejects out-of-range ratios', () => {
    const form = 'expected a number from 0 to 1, such as 0.05, or a percentage, such as 5%.';
    assert.throws(() => parseRatio(1.5), { message: `Invalid ratio 1.5: ${form}` });
    assert.throws(() => parseRatio(-0.1), { message: `Invalid ratio -0.1: ${form}` });
    assert.throws(() => parseRatio('100.5%'), { message: `Invalid ratio '100.5%': ${form}` });
    assert.throws(() => parseRatio('150%'), { message: `Invalid ratio '150%': ${form}` });
    assert.throws(() => parseRatio('0.5'), { message: `Invalid ratio '0.5': ${form}` });
    assert.throws(() => parseRatio(Number.NaN), { message: `Invalid ratio NaN: ${form}` });
  });
});

describe('duration formatting', () => {
  it('formats each magnitude', () => {
    const cases: [number, string][] = [
      [0, '0 ms'],
      [0.25, '0.25 ms'],
      [2.5, '2.5 ms'],
      [100, '100 ms'],
      [999, '999 ms'],
      [999.6, '1 s'],
      [1000, '1 s'],
      [2300, '2.3 s'],
      [2349, '2.3 s'],
      [59_940, '59.9 s'],
      [59_960, '1 min'],
      [90_000, '1 min 30 s'],
      [3_599_000, '59 min 59 s'],
      [3_600_000, '1 h'],
      [3_900_000, '1 h 5 min'],
      [93_600_000, '26 h'],
      [315_360_000_000, '87600 h'],
      [360_000_000_000, '100,000 h'],
      [3.6e21, '1,000,000,000,000,000 h'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, `${ms} ms`);
  });

  it('rejects invalid milliseconds', () => {
    assert.throws(() => formatDuration(-1), RangeError);
    assert.throws(() => formatDuration(Number.NaN), RangeError);
    assert.throws(() => formatDuration(Infinity), RangeError);
  });

  it('formats percentages', () => {
    assert.equal(formatPercent(0.05), '5%');
    assert.equal(formatPercent(0.125), '12.5%');
    assert.equal(formatPercent(1), '100%');
  });
});
