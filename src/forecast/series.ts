/**
 * Getting the forecaster's series: from a CSV through `loadCsv`, or from a DataFrame the
 * user built; and the dates that follow the last one.
 */
import { DataFrame } from 'danfojs-node';
import { describeFrequency, detectFrequency, formatDate, type Frequency } from '../data/calendar';
import { loadCsv, type LoadCsvOptions } from '../data/load';
import { describe } from '../base/describe';
import { isDataFrame } from '../data/columns';
import { calendarColumns } from '../data/calendar-features';
import type { SeriesData } from './training-run';
import type { ForecasterConfig } from './options';

/**
 * Loads the date, target and feature columns (from `config.csv`, or from `data`), checked
 * as `loadCsv` checks a file: rows sorted by date, numbers only, gaps per `fillMissing`.
 *
 * @throws Error from `loadCsv` for a missing file or column, a bad cell or gap; and naming
 *   the argument when there is no date column. (The window is checked against the rows by
 *   the caller, once the default window for a short series is settled.)
 */
export function loadSeries(config: ForecasterConfig, data?: DataFrame): SeriesData {
  const columns = [config.target, ...config.features];
  let frame: DataFrame;
  let dateColumn: string | undefined;
  if (data === undefined) {
    const csv = config.csv as string;
    const csvOptions: LoadCsvOptions = { columns };
    for (const key of ['dateColumn', 'fillMissing', 'where', 'dateFormat', 'decimal', 'frequency', 'aggregate'] as const) {
      if (config[key] !== undefined) (csvOptions as Record<string, unknown>)[key] = config[key];
    }
    frame = loadCsv(csv, csvOptions);
    dateColumn = frame.columns.map(String).find((_, c) => frame.dtypes[c] === 'datetime');
    if (dateColumn === undefined) {
      throw new Error(`forecaster: ${csv} has no 'Date' or 'date' column; pass dateColumn to name the column holding the dates`);
    }
  } else {
    if (!isDataFrame(data)) throw new Error(`forecaster: data must be a danfojs DataFrame, got ${describe(data)}`);
    const existing = data.columns.map(String);
    dateColumn = config.dateColumn ?? existing.find((_, c) => data.dtypes[c] === 'datetime');
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
    frame = new DataFrame(picked);
  }
  const dates = (frame.column(dateColumn).values as unknown[]).map((d, r) => {
    if (!(d instanceof Date)) throw new Error(`forecaster: column '${dateColumn}' row index ${r} is ${describe(d)}, expected a Date`);
    return d;
  });
  const target = (frame.column(config.target).values as unknown[]).map((v, r) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`forecaster: column '${config.target}' row index ${r} is ${describe(v)}, expected a finite number`);
    }
    return v;
  });
  const frequency = checkRegular(dates, config.csv ?? 'data', dateColumn);
  let inputColumns = columns;
  if (config.calendarFeatures) {
    const extra = calendarColumns(dates, frequency);
    if (Object.keys(extra).length > 0) {
      const all: Record<string, unknown[]> = {};
      for (const name of frame.columns.map(String)) all[name] = frame.column(name).values as unknown[];
      Object.assign(all, extra);
      frame = new DataFrame(all);
      inputColumns = [...columns, ...Object.keys(extra)];
    }
  }
  return { frame, dateColumn, dates, target, inputColumns, frequency };
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

/** The first `end` rows of a series' frame (a new frame; the date column stays datetime). */
export function headFrame(series: SeriesData, end: number): DataFrame {
  const data: Record<string, unknown[]> = {};
  for (const name of [series.dateColumn, ...series.inputColumns]) data[name] = (series.frame.column(name).values as unknown[]).slice(0, end);
  return new DataFrame(data);
}
