/**
 * The forecaster's series, the one place it is made: from a file through `loadTable` (CSV, Parquet, Arrow), or from
 * a DataFrame the user built; checked once (dates regular, numbers finite), with its
 * frequency and, when asked, its calendar features.
 */
import { DataFrame } from 'danfojs-node';
import { describeFrequency, detectFrequency, formatDate, type Frequency } from '../data/calendar';
import { calendarColumns } from '../data/calendar-features';
import { loadTable } from '../data/load-table';
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

/** What {@link loadSeries} reads: where the data is, which columns, how rows are read. */
export type SeriesSource = ReadOptions & Pick<ForecasterConfig, 'csv' | 'dateColumn' | 'target' | 'features' | 'calendarFeatures'>;

/**
 * Loads the date, target and feature columns (from `source.csv`, or from `data`), checked
 * as `loadCsv` checks a file: rows sorted by date, numbers only, gaps per `fillMissing`,
 * dates evenly spaced.
 *
 * @throws Error from `loadTable` for a missing file or column, a bad cell or gap; and naming
 *   the argument when there is no date column, a value is not a finite number, or the
 *   dates are not evenly spaced. (The window is checked against the rows by the caller,
 *   once the default window for a short series is settled.)
 */
export function loadSeries(source: SeriesSource, data?: DataFrame): SeriesData {
  const columns = [source.target, ...source.features];
  const frame = data === undefined ? readCsv(source, columns) : pickColumns(data, source, columns);
  const dateColumn = frame.columns.map(String)[0];
  const dates = (frame.column(dateColumn).values as unknown[]).map((d, r) => {
    if (!(d instanceof Date)) throw new Error(`forecaster: column '${dateColumn}' row index ${r} is ${describe(d)}, expected a Date`);
    return d;
  });
  const values: Record<string, number[]> = {};
  for (const name of columns) {
    values[name] = (frame.column(name).values as unknown[]).map((v, r) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`forecaster: column '${name}' row index ${r} is ${describe(v)}, expected a finite number`);
      }
      return v;
    });
  }
  const frequency = checkRegular(dates, source.csv ?? 'data', dateColumn);
  const calendar = source.calendarFeatures ? calendarColumns(dates, frequency) : {};
  Object.assign(values, calendar);
  return { dateColumn, dates, target: values[source.target], inputColumns: [...columns, ...Object.keys(calendar)], columns: values, frequency };
}

/** The CSV's date column first, then `columns`. */
function readCsv(source: SeriesSource, columns: string[]): DataFrame {
  const csv = source.csv as string;
  const frame = loadTable(csv, { columns, ...pickReadOptions(source), ...(source.dateColumn !== undefined ? { dateColumn: source.dateColumn } : {}) });
  const dateColumn = frame.columns.map(String).find((_, c) => frame.dtypes[c] === 'datetime');
  if (dateColumn === undefined) {
    throw new Error(`forecaster: ${csv} has no 'Date' or 'date' column; pass dateColumn to name the column holding the dates`);
  }
  return frame;
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
 * naming the first gap and the options that resample.
 */
function checkRegular(dates: Date[], source: string, dateColumn: string): Frequency {
  const check = detectFrequency(dates.map((d) => d.getTime()));
  if (check.frequency !== undefined && check.firstIrregular === undefined) return check.frequency;
  const i = check.firstIrregular ?? 1;
  const usual = check.frequency === undefined ? 'no calendar unit fits' : `${describeFrequency(check.frequency)} for most rows`;
  const unit = check.frequency?.unit ?? 'day';
  throw new Error(
    `forecaster: ${source}: the dates in column '${dateColumn}' are not evenly spaced (${usual}): ${formatDate(dates[i - 1])} is followed by ${formatDate(dates[i])}; resample with frequency: '${unit}', aggregate: 'sum' | 'mean' | 'last' and fillMissing: 'zero' | 'ffill' | 'interpolate' (--frequency ${unit} --aggregate sum --fill-missing zero)`,
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
