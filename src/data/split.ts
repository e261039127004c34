/**
 * `chronologicalSplit`: train / validation / test parts of a time series, in time order.
 */
import type { DataFrame } from 'danfojs-node';
import { describe } from '../base/describe';
import { isDataFrame } from './columns';
import { formatDate, parseDateText } from './calendar';

/** Split by fractions of the rows: the first `train` share, then `validation`, then `test`. */
export interface SplitFractions {
  /** Share of rows for training, in `(0, 1]`. */
  train: number;
  /** Share of rows for validation, in `[0, 1)`. */
  validation: number;
  /** Share of rows for testing, in `[0, 1)`. The three must add up to 1. */
  test: number;
}

/** Split by dates: train before `validationStart`, validation before `testStart`, test from `testStart` on. */
export interface SplitDates {
  /** First date of the validation part (a `Date` or an ISO text such as `'2030-01-01'`). */
  validationStart: Date | string;
  /** First date of the test part, not before `validationStart`. */
  testStart: Date | string;
  /** The date column; default the frame's first column of dtype `datetime`. */
  dateColumn?: string;
}

/** How {@link chronologicalSplit} cuts the rows. */
export type SplitSpec = SplitFractions | SplitDates;

/** The three parts, each a DataFrame keeping the original row labels. */
export interface SplitParts {
  train: DataFrame;
  validation: DataFrame;
  test: DataFrame;
}

/** The parts' names, in time order. */
export const SPLIT_PARTS = ['train', 'validation', 'test'] as const;

/**
 * Splits rows into consecutive train, validation and test parts, never shuffled, so the
 * model is judged on times after the ones it learned from.
 *
 * With fractions the boundaries are `round(rows * train)` and
 * `round(rows * (train + validation))`. A part may be empty (fraction 0, or no dates in
 * its range).
 *
 * @param frame rows in ascending time order (as {@link loadCsv} returns them).
 * @param spec {@link SplitFractions} (must add up to 1) or {@link SplitDates}.
 * @returns the three parts; row labels are those of `frame`.
 * @throws Error when the fractions are not in `[0, 1]` or do not add up to 1 (naming the
 *   sum), when a boundary date cannot be parsed or `testStart` is before
 *   `validationStart`, when there is no date column to split on, or when the frame's
 *   dates are not ascending (naming the row).
 * @example
 * const parts = chronologicalSplit(df, { train: 0.7, validation: 0.15, test: 0.15 });
 * parts.train.shape[0]; // => 5600 for the 8000-row file
 */
export function chronologicalSplit(frame: DataFrame, spec: SplitSpec): SplitParts {
  if (!isDataFrame(frame)) throw new Error(`chronologicalSplit: frame must be a danfojs DataFrame, got ${describe(frame)}`);
  const rows = frame.shape[0];
  const dateColumn = 'validationStart' in spec ? spec.dateColumn : undefined;
  const times = dateTimes(frame, dateColumn, 'validationStart' in spec);
  let trainEnd: number;
  let validationEnd: number;
  if ('validationStart' in spec) {
    const validationStart = boundary(spec.validationStart, 'validationStart');
    const testStart = boundary(spec.testStart, 'testStart');
    if (testStart < validationStart) {
      throw new Error(
        `chronologicalSplit: testStart (${formatDate(new Date(testStart))}) is before validationStart (${formatDate(new Date(validationStart))})`,
      );
    }
    const ts = times as number[];
    trainEnd = countBefore(ts, validationStart);
    validationEnd = countBefore(ts, testStart);
  } else {
    const { train, validation, test } = spec;
    for (const [name, value] of Object.entries({ train, validation, test })) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new Error(`chronologicalSplit: ${name} must be a fraction between 0 and 1, got ${describe(value)}`);
      }
    }
    const sum = train + validation + test;
    if (Math.abs(sum - 1) > 1e-9) {
      throw new Error(`chronologicalSplit: train + validation + test must add up to 1, got ${train} + ${validation} + ${test} = ${Number(sum.toPrecision(12))}`);
    }
    trainEnd = Math.round(rows * train);
    validationEnd = Math.round(rows * (train + validation));
  }
  const take = (from: number, to: number): DataFrame => frame.iloc({ rows: range(from, to) });
  return { train: take(0, trainEnd), validation: take(trainEnd, validationEnd), test: take(validationEnd, rows) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Number of times strictly before `limit` (times are ascending). */
function countBefore(times: number[], limit: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function boundary(value: Date | string, name: string): number {
  const date = value instanceof Date ? value : typeof value === 'string' ? parseDateText(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new Error(`chronologicalSplit: ${name} must be a Date or an ISO date such as '2030-01-01', got ${describe(value)}`);
  }
  return date.getTime();
}

/**
 * The date column's times, checked to be ascending; `undefined` when the frame has no date
 * column and none is needed.
 */
function dateTimes(frame: DataFrame, requested: string | undefined, required: boolean): number[] | undefined {
  const columns = frame.columns.map(String);
  let name = requested;
  if (name === undefined) name = columns.find((_, c) => frame.dtypes[c] === 'datetime');
  else if (!columns.includes(name)) {
    throw new Error(`chronologicalSplit: dateColumn '${name}' is not a column; the columns are ${JSON.stringify(columns)}`);
  }
  if (name === undefined) {
    if (required) throw new Error(`chronologicalSplit: splitting by dates needs a datetime column; the columns are ${JSON.stringify(columns)}`);
    return undefined;
  }
  const values = frame.column(name).values as unknown[];
  const times = values.map((value, r) => {
    if (!(value instanceof Date)) throw new Error(`chronologicalSplit: column '${name}' row index ${r} is ${describe(value)}, expected a Date`);
    return value.getTime();
  });
  for (let r = 1; r < times.length; r++) {
    if (!(times[r] > times[r - 1])) {
      throw new Error(
        `chronologicalSplit: column '${name}' is not in ascending order: row index ${r} (${formatDate(new Date(times[r]))}) is not after row index ${r - 1} (${formatDate(new Date(times[r - 1]))}); sort the rows first`,
      );
    }
  }
  return times;
}

