/**
 * Filling the gaps (`NaN`) in numeric columns: drop the row, carry the last value forward,
 * interpolate linearly between neighbours, or put 0 (pandas' `dropna`, `ffill`,
 * `interpolate`, `fillna(0)`; 0 is the right fill for counts: no event recorded).
 */

/** How {@link loadCsv} treats an empty or `NaN` cell (or an empty slot after resampling). */
export type FillMissing = 'drop' | 'ffill' | 'interpolate' | 'zero';

/** The ways of filling gaps, for validating options. */
export const FILL_MISSING_MODES: readonly FillMissing[] = ['drop', 'ffill', 'interpolate', 'zero'];

/** Numeric columns that may hold `NaN`, plus what errors need to name a cell. */
export interface GapTable {
  /** Column names, parallel to `columns`. */
  names: string[];
  /** One array per column, one entry per row; `NaN` marks a gap. */
  columns: number[][];
  /** File line of each row (for messages). */
  lines: number[];
}

/**
 * Fills the gaps in copies of the columns and returns them with the indices of the rows
 * kept (every row, except for `'drop'`).
 *
 * - `'drop'`: removes each row with a gap in any column.
 * - `'ffill'`: takes the previous row's value; a gap in the first row is an error.
 * - `'zero'`: 0 (counts: an hour with no row had no events).
 * - `'interpolate'`: a straight line between the nearest values before and after, by row
 *   position (pandas' `interpolate()` default, `method='linear'`); a gap at the start or the
 *   end has only one neighbour and is an error.
 *
 * @throws Error naming the file, line and column of a gap that cannot be filled.
 */
export function fillGaps(table: GapTable, mode: FillMissing, where: string): { columns: number[][]; keep: number[] } {
  const rowCount = table.lines.length;
  if (mode === 'drop') {
    const keep: number[] = [];
    for (let r = 0; r < rowCount; r++) {
      if (table.columns.every((column) => !Number.isNaN(column[r]))) keep.push(r);
    }
    if (keep.length === 0) {
      throw new Error(`${where}: fillMissing 'drop' removed every row (each row has an empty or NaN value)`);
    }
    return { columns: table.columns.map((column) => keep.map((r) => column[r])), keep };
  }
  const columns = table.columns.map((column, c) => {
    const filled = column.slice();
    if (mode === 'zero') return filled.map((value) => (Number.isNaN(value) ? 0 : value));
    const name = table.names[c];
    const cannot = (r: number, why: string): Error =>
      new Error(`${where} line ${table.lines[r]}, column '${name}': cannot ${mode} the missing value, ${why}; use fillMissing: 'drop' to remove such rows`);
    for (let r = 0; r < rowCount; r++) {
      if (!Number.isNaN(filled[r])) continue;
      if (r === 0) throw cannot(r, 'it is in the first row and has no earlier value');
      if (mode === 'ffill') {
        filled[r] = filled[r - 1];
        continue;
      }
      let next = r + 1;
      while (next < rowCount && Number.isNaN(filled[next])) next++;
      if (next === rowCount) throw cannot(r, 'no value follows it');
      const before = filled[r - 1];
      const after = filled[next];
      const span = next - (r - 1);
      for (let k = r; k < next; k++) filled[k] = before + ((after - before) * (k - (r - 1))) / span;
      r = next;
    }
    return filled;
  });
  return { columns, keep: Array.from({ length: rowCount }, (_, r) => r) };
}
