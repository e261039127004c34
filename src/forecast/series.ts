/**
 * The forecaster's series, the one place it is made: from a file through `loadTable` (CSV, Parquet, Arrow), or from
 * a DataFrame the user built; checked once (dates regular, numbers finite), with its
 * frequency and, when asked, its calendar features.
 */
import { DataFrame } from 'danfojs-node';
import { describeFrequency, detectFrequency, formatDate, type Frequency } from '../data/calendar';
import { calendarColumns } from '../data/calendar-features';
import { readTable } from '../data/load-table';
import { pickReadOptions, type ReadOptions } from '../data/read-options';
import { describe } from '../base/describe';
import { isDataFrame } from '../data/columns';
import type { ForecasterConfig } from './options';

/** A series ready to forecast: plain columns of numbers, in time order. */
export interface SeriesData {
  dateColumn: string;
  dates: Date[];
  /** The target column (float64, unscaled). */
  target: number[];
  /** The model's input columns: the target, then the features, then any calendar features. */
  inputColumns: string[];
  /** Each input column's values, by name (the target's is {@link target}). */
  columns: Record<string, number[]>;
  /** The dates' frequency (detected; the series is regular). */
  frequency: Frequency;
}

/**
 * The largest magnitude a value may have: TensorFlow.js computes in 32-bit floats, which
 * end at ±3.4e38 (a single 1e308 in a column turned every scaled value and forecast into
 * NaN, found only after training).
 */
export const LARGEST_VALUE = 3.4028234663852886e38;

/** Where row `r` of the series came from, for messages: the file line (or slot) of a CSV, the row index of a DataFrame. */
type RowPlace = (r: number, column: string) => string;

/** What {@link loadSeries} reads: where the data is, which columns, how rows are read. */
export type SeriesSource = ReadOptions & Pick<ForecasterConfig, 'csv' | 'dateColumn' | 'target' | 'features' | 'calendarFeatures'>;

/**
 * Loads the date, target and feature columns (from `source.csv`, or from `data`), checked
 * as `loadCsv` checks a file: rows sorted by date, numbers only, gaps per `fillMissing`,
 * dates evenly spaced.
 *
 * @throws Error from `loadTable` for a missing file or column, a bad cell or gap; and naming
 *   the argument when there is no date column, fewer than 2 rows, a value is not a finite
 *   number or beyond ±{@link LARGEST_VALUE} (by file line, or row of a Parquet or Arrow
 *   file, and column; by row index for a DataFrame), or the dates are not evenly spaced.
 *   (The window is checked against the rows by the caller, once the default window for a
 *   short series is settled.)
 */
export function loadSeries(source: SeriesSource, data?: DataFrame): SeriesData {
  const columns = [source.target, ...source.features];
  const { frame, place } = data === undefined ? readCsv(source, columns) : { frame: pickColumns(data, source, columns), place: rowIndex };
  const dateColumn = frame.columns.map(String)[0];
  const dates = (frame.column(dateColumn).values as unknown[]).map((d, r) => {
    if (!(d instanceof Date)) throw new Error(`forecaster: ${place(r, dateColumn)} is ${describe(d)}, expected a Date`);
    return d;
  });
  const values: Record<string, number[]> = {};
  for (const name of columns) {
    values[name] = (frame.column(name).values as unknown[]).map((v, r) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`forecaster: ${place(r, name)} is ${describe(v)}, expected a finite number`);
      }
      if (Math.abs(v) > LARGEST_VALUE) {
        throw new Error(
          `forecaster: ${place(r, name)} is ${v}, beyond ±3.4e38, the largest magnitude the network's 32-bit floats hold (TensorFlow.js); correct the value, or rescale the column (in thousands, millions, ...)`,
        );
      }
      return v;
    });
  }
  if (dates.length < 2) {
    throw new Error(
      `forecaster: ${source.csv ?? 'data'} has ${dates.length} row${dates.length === 1 ? '' : 's'}; a forecast needs a series: at least 2 rows for a frequency, and enough for the train, validation and test parts to hold a window each`,
    );
  }
  const frequency = checkRegular(dates, source.csv ?? 'data', dateColumn, values[source.target]);
  const calendar = source.calendarFeatures ? calendarColumns(dates, frequency) : {};
  Object.assign(values, calendar);
  return { dateColumn, dates, target: values[source.target], inputColumns: [...columns, ...Object.keys(calendar)], columns: values, frequency };
}

/** A DataFrame's row: `column 'Temp' row index 3`. */
const rowIndex: RowPlace = (r, column) => `column '${column}' row index ${r}`;

/** The CSV's date column first, then `columns`; and the file line of each row, for messages. */
function readCsv(source: SeriesSource, columns: string[]): { frame: DataFrame; place: RowPlace } {
  const csv = source.csv as string;
  const { frame, lines, resampled, place: unit } = readTable(csv, { columns, ...pickReadOptions(source), ...(source.dateColumn !== undefined ? { dateColumn: source.dateColumn } : {}) });
  const dateColumn = frame.columns.map(String).find((_, c) => frame.dtypes[c] === 'datetime');
  if (dateColumn === undefined) {
    throw new Error(`forecaster: ${csv} has no 'Date' or 'date' column; pass dateColumn to name the column holding the dates`);
  }
  const dates = frame.column(dateColumn).values as unknown as Date[];
  const place: RowPlace = (r, column) =>
    resampled
      ? `${csv}, the slot ${formatDate(dates[r])}${lines[r] > 0 ? ` (its last row is ${unit} ${lines[r]})` : ''}, column '${column}'`
      : `${csv} ${unit} ${lines[r]}, column '${column}'`;
  return { frame, place };
}

/** The user's frame's date column (named, or the first datetime one), then `columns`. */
function pickColumns(data: DataFrame, source: SeriesSource, columns: string[]): DataFrame {
  if (!isDataFrame(data)) throw new Error(`forecaster: data must be a danfojs DataFrame, got ${describe(data)}`);
  const existing = data.columns.map(String);
  const dateColumn = source.dateColumn ?? existing.find((_, c) => data.dtypes[c] === 'datetime');
  if (dateColumn === undefined || !existing.includes(dateColumn)) {
    throw new Error(
      `forecaster: data needs a date column (${dateColumn === undefined ? 'none has dtype datetime' : `'${dateColumn}' is not a column`}); the columns are ${JSON.stringify(existing)}`,
    );
  }
  for (const name of columns) {
    if (!existing.includes(name)) throw new Error(`forecaster: column '${name}' is not in data; the columns are ${JSON.stringify(existing)}`);
  }
  const picked: Record<string, unknown[]> = {};
  for (const name of [dateColumn, ...columns]) picked[name] = data.column(name).values as unknown[];
  return new DataFrame(picked);
}

/**
 * The series' frequency; dates that are not evenly spaced in calendar units are an error
 * naming the first gap and the options that resample: summing and filling with zeros for
 * counts (whole numbers, none negative: a slot without a row had none), averaging and
 * interpolating otherwise (a temperature missing for a day was not 0).
 */
function checkRegular(dates: Date[], source: string, dateColumn: string, target: number[]): Frequency {
  const check = detectFrequency(dates.map((d) => d.getTime()));
  if (check.frequency !== undefined && check.firstIrregular === undefined) return check.frequency;
  const i = check.firstIrregular ?? 1;
  const usual = check.frequency === undefined ? 'no calendar unit fits' : `${describeFrequency(check.frequency)} for most rows`;
  const unit = check.frequency?.unit ?? 'day';
  const counts = target.every((v) => Number.isInteger(v) && v >= 0);
  const resample = counts
    ? `aggregate: 'sum' | 'mean' | 'last' and fillMissing: 'zero' | 'ffill' | 'interpolate' (--frequency ${unit} --aggregate sum --fill-missing zero)`
    : `aggregate: 'mean' | 'last' and fillMissing: 'interpolate' | 'ffill' (--frequency ${unit} --aggregate mean --fill-missing interpolate; sum and zero suit counts, which these values are not)`;
  throw new Error(
    `forecaster: ${source}: the dates in column '${dateColumn}' are not evenly spaced (${usual}): ${formatDate(dates[i - 1])} is followed by ${formatDate(dates[i])}; resample with frequency: '${unit}', ${resample}`,
  );
}

/**
 * The first `end` rows of a series as a DataFrame: the date column (datetime), then the
 * input columns.
 *
 * @example
 * frameOf(series, 100).shape; // => [100, 1 + series.inputColumns.length]
 */
export function frameOf(series: SeriesData, end: number = series.target.length): DataFrame {
  const data: Record<string, unknown[]> = { [series.dateColumn]: series.dates.slice(0, end) };
  for (const name of series.inputColumns) data[name] = series.columns[name].slice(0, end);
  return new DataFrame(data);
}
