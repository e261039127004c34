/**
 * Getting the forecaster's series: from a CSV through `loadCsv`, or from a DataFrame the
 * user built; and the dates that follow the last one.
 */
import { DataFrame } from 'danfojs-node';
import { loadCsv } from '../data/load';
import { describe } from '../base/describe';
import { isDataFrame } from '../data/columns';
import { checkTimeStep } from '../data/windows';
import type { SeriesData } from './engine';
import type { ForecasterConfig } from './options';

/**
 * Loads the date, target and feature columns (from `config.csv`, or from `data`), checked
 * as `loadCsv` checks a file: rows sorted by date, numbers only, gaps per `fillMissing`.
 *
 * @throws Error from `loadCsv` for a missing file or column, a bad cell or gap; and naming
 *   the argument when there is no date column or `timeStep` does not fit the rows.
 */
export function loadSeries(config: ForecasterConfig, data?: DataFrame): SeriesData {
  const columns = [config.target, ...config.features];
  let frame: DataFrame;
  let dateColumn: string | undefined;
  if (data === undefined) {
    const csv = config.csv as string;
    frame = loadCsv(csv, { columns, ...(config.dateColumn !== undefined ? { dateColumn: config.dateColumn } : {}), ...(config.fillMissing !== undefined ? { fillMissing: config.fillMissing } : {}) });
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
  checkTimeStep(config.timeStep, target.length, 'forecaster');
  return { frame, dateColumn, dates, target, inputColumns: columns };
}

/** The first `end` rows of a series' frame (a new frame; the date column stays datetime). */
export function headFrame(series: SeriesData, end: number): DataFrame {
  const data: Record<string, unknown[]> = {};
  for (const name of [series.dateColumn, ...series.inputColumns]) data[name] = (series.frame.column(name).values as unknown[]).slice(0, end);
  return new DataFrame(data);
}

const DAY_MS = 86_400_000;

/**
 * The `steps` dates after the last of `dates`: one calendar month apart when the series is
 * monthly (every date on the same day of a later month than the one before; a missing
 * month is allowed), else the median
 * spacing of the dates (one day for daily data).
 *
 * @example
 * nextDates([new Date('2020-01-01'), new Date('2020-02-01')], 2); // => [2020-03-01, 2020-04-01]
 */
export function nextDates(dates: ReadonlyArray<Date>, steps: number): Date[] {
  const last = dates[dates.length - 1];
  const monthly =
    dates.length >= 2 &&
    dates.slice(1).every((d, i) => {
      const prev = dates[i];
      const months = (d.getUTCFullYear() - prev.getUTCFullYear()) * 12 + d.getUTCMonth() - prev.getUTCMonth();
      return months >= 1 && d.getUTCDate() === prev.getUTCDate() && d.getTime() % DAY_MS === prev.getTime() % DAY_MS;
    });
  if (monthly) {
    return Array.from({ length: steps }, (_, k) => {
      const d = new Date(last.getTime());
      d.setUTCMonth(d.getUTCMonth() + k + 1);
      return d;
    });
  }
  const gaps = dates.slice(1).map((d, i) => d.getTime() - dates[i].getTime()).sort((a, b) => a - b);
  const step = gaps.length === 0 ? DAY_MS : gaps[Math.floor(gaps.length / 2)];
  return Array.from({ length: steps }, (_, k) => new Date(last.getTime() + step * (k + 1)));
}
