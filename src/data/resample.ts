/**
 * Resampling rows onto a regular calendar grid (pandas' `df.resample('h').sum()`): rows
 * in the same slot are aggregated, slots without a row are left empty (`NaN`) for
 * `fillMissing` to fill.
 *
 * Hand-written over danfojs, which has no `resample`; the slots come from the calendar
 * module (Luxon), so months and years are calendar months and years.
 */
import { addSteps, describeFrequency, formatDate, slotStart, type Frequency } from './calendar';

/** How rows in one slot become one value: their sum, their mean, or the last one. */
export type Aggregate = 'sum' | 'mean' | 'last';

/** The aggregations, for validating options. */
export const AGGREGATES: readonly Aggregate[] = ['sum', 'mean', 'last'];

/** Rows in time order: a time and one value per column for each. */
export interface TimedColumns {
  times: number[];
  /** `[column][row]`; `NaN` is a missing value (skipped by the aggregation). */
  columns: number[][];
  /** The file line of each row, for messages. */
  lines: number[];
}

/**
 * Aggregates sorted rows into the slots of `frequency`, from the first row's slot to the
 * last row's: one output row per slot, `NaN` where a slot has no value.
 *
 * @param rows sorted by time.
 * @param frequency the grid, e.g. `{ unit: 'hour', step: 1 }`.
 * @param aggregate `'sum'`, `'mean'` or `'last'`; missing values are skipped (a slot whose
 *   values are all missing is empty). `undefined`: each slot may hold one row at most.
 * @param where prefix of error messages.
 * @returns the slots' start times and aggregated columns; `lines` holds the line of each slot's last row (0 for an empty slot).
 * @throws Error when the grid would exceed 10 million slots (a frequency far finer than the
 *   data), or naming the lines of a slot with several rows when `aggregate` is `undefined`.
 * @example
 * resample({ times: [0, 1_800_000, 7_200_000], columns: [[1, 2, 5]], lines: [2, 3, 4] }, { unit: 'hour', step: 1 }, 'sum', 'x').columns; // => [[3, NaN, 5]]
 */
export function resample(rows: TimedColumns, frequency: Frequency, aggregate: Aggregate | undefined, where: string): TimedColumns {
  const { times, columns } = rows;
  const out: TimedColumns = { times: [], columns: columns.map(() => []), lines: [] };
  if (times.length === 0) return out;
  let slot = slotStart(times[0], frequency);
  let r = 0;
  while (r < times.length) {
    if (out.times.length >= 10_000_000) {
      throw new Error(`${where}: resampling ${describeFrequency(frequency)} makes over 10 million rows; choose a coarser frequency`);
    }
    const next = addSteps(slot, frequency, 1);
    const sums = columns.map(() => 0);
    const counts = columns.map(() => 0);
    const lasts = columns.map(() => NaN);
    let line = 0;
    const first = r;
    for (; r < times.length && times[r] < next; r++) {
      if (aggregate === undefined && r > first) {
        throw new Error(
          `${where}: lines ${rows.lines[first]} and ${rows.lines[r]} fall in the same ${describeFrequency(frequency)} slot ${formatDate(new Date(slot))}; pass aggregate: 'sum', 'mean' or 'last' (--aggregate) to combine them`,
        );
      }
      line = rows.lines[r];
      columns.forEach((column, c) => {
        const value = column[r];
        if (Number.isNaN(value)) return;
        sums[c] += value;
        counts[c]++;
        lasts[c] = value;
      });
    }
    out.times.push(slot);
    out.lines.push(line);
    columns.forEach((_, c) => {
      const value = counts[c] === 0 ? NaN : aggregate === 'sum' ? sums[c] : aggregate === 'mean' ? sums[c] / counts[c] : lasts[c];
      out.columns[c].push(value);
    });
    slot = next;
  }
  return out;
}
