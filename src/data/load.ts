/**
 * `loadCsv`: a CSV time series as a danfojs DataFrame, checked cell by cell.
 */
import { DataFrame } from 'danfojs-node';
import { readCsvFile, type CsvTable } from './csv';
import { FILL_MISSING_MODES, fillGaps, type FillMissing } from './missing';
import { formatDate, isMissingText, parseDateTime, parseNumberText } from './values';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /**
   * The column holding dates. Default: a column named `Date` or `date` if the header has
   * one (the lesson's `parse_dates=['Date']`), else none. `null` means "no date column":
   * rows stay in file order.
   */
  dateColumn?: string | null;
  /** The numeric columns to load, in this order. Default: every column except the date column. */
  columns?: string[];
  /**
   * What to do with an empty or `NaN` cell (also `NA`, `N/A`, `null`). Default: throw an
   * error naming its line and column. `'drop'` removes the row, `'ffill'` repeats the value
   * above, `'interpolate'` draws a straight line between the values around the gap. Gaps are
   * filled after the rows are sorted by date.
   */
  fillMissing?: FillMissing;
}

interface ParsedRow {
  line: number;
  time: number;
  numbers: number[];
}

/**
 * Loads a CSV file into a danfojs DataFrame: dates parsed to `Date` (UTC), rows sorted by
 * date (oldest first), the chosen columns as numbers. The file is only read, never
 * written.
 *
 * Messages name places by **file line**, counted from 1 with the header as line 1 (what an
 * editor shows). Unsorted dates are sorted (a stable sort: the file's order is not an
 * error, as a file appended from several sources often has it); two rows with the same
 * date are an error, since a time series has one value per time.
 *
 * @param path the CSV file: comma-separated, first line a header; UTF-8 with or without a
 *   byte order mark; `\n` or `\r\n` line endings; blank lines are skipped.
 * @param options see {@link LoadCsvOptions}; default `{}`.
 * @returns a DataFrame with the date column first (dtype `datetime`, when there is one),
 *   then the numeric columns, indexed `0..rows-1` in date order.
 * @throws Error naming the path when the file is missing, empty or has only a header; the
 *   column and the existing columns when a column is not in the header; the line, column
 *   and text of a value that is not a number, an empty or NaN value (without `fillMissing`),
 *   a date that cannot be parsed, or a date that appears twice (both lines).
 * @example
 * const df = loadCsv('datasets/daily-temperature.csv');
 * df.shape; // => [8000, 2]
 * df.columns; // => ['Date', 'Temp']
 * Porting note: the lesson's `pd.read_csv(..., index_col='Date')` makes the dates the
 * index; here they stay a column (danfojs indexes are plain labels), and the index is the
 * row position.
 *
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function loadCsv(path: string, options: LoadCsvOptions = {}): DataFrame {
  const where = `loadCsv: ${path}`;
  checkOptions(options);
  const table = readCsvFile(path, 'loadCsv');
  const dateColumn = resolveDateColumn(table, options.dateColumn, where);
  const columns = resolveColumns(table, options.columns, dateColumn, where);
  const dateIndex = dateColumn === undefined ? -1 : table.header.indexOf(dateColumn);
  const numberIndices = columns.map((name) => table.header.indexOf(name));

  const rows: ParsedRow[] = table.rows.map(({ line, fields }, r) => {
    let time = r;
    if (dateIndex >= 0) {
      const text = fields[dateIndex];
      const parsed = parseDateTime(text);
      if (parsed === undefined) {
        throw new Error(
          `${where} line ${line}, column '${dateColumn}': '${text}' is not a date (expected YYYY-MM-DD or an ISO 8601 date-time such as 2010-01-31T06:00)`,
        );
      }
      time = parsed;
    }
    const numbers = numberIndices.map((c, k) => {
      const text = fields[c];
      if (isMissingText(text)) return NaN;
      const value = parseNumberText(text);
      if (value === undefined) {
        const hint = options.columns === undefined ? '; pass columns: [...] to load only the numeric columns' : '';
        throw new Error(`${where} line ${line}, column '${columns[k]}': '${text}' is not a number${hint}`);
      }
      return value;
    });
    return { line, time, numbers };
  });

  if (dateIndex >= 0) sortByDate(rows, dateColumn as string, where);

  let numeric = columns.map((_, k) => rows.map((row) => row.numbers[k]));
  let kept = rows;
  const lines = rows.map((row) => row.line);
  if (options.fillMissing === undefined) {
    reportFirstGap(numeric, columns, rows, table, numberIndices, where);
  } else {
    const filled = fillGaps({ names: columns, columns: numeric, lines }, options.fillMissing, where);
    numeric = filled.columns;
    kept = filled.keep.map((r) => rows[r]);
  }

  const data: Record<string, unknown[]> = {};
  if (dateIndex >= 0) data[dateColumn as string] = kept.map((row) => new Date(row.time));
  columns.forEach((name, k) => {
    data[name] = numeric[k];
  });
  return new DataFrame(data);
}

function checkOptions(options: LoadCsvOptions): void {
  const mode = options.fillMissing;
  if (mode !== undefined && !FILL_MISSING_MODES.includes(mode)) {
    throw new Error(`loadCsv: fillMissing must be one of ${FILL_MISSING_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(mode)}'`);
  }
}

function listColumns(table: CsvTable): string {
  return table.header.map((name) => `'${name}'`).join(', ');
}

function resolveDateColumn(table: CsvTable, requested: string | null | undefined, where: string): string | undefined {
  if (requested === null) return undefined;
  if (requested === undefined) return table.header.find((name) => name === 'Date' || name === 'date');
  if (!table.header.includes(requested)) {
    throw new Error(`${where}: dateColumn '${requested}' is not a column; the columns are ${listColumns(table)}`);
  }
  return requested;
}

function resolveColumns(table: CsvTable, requested: string[] | undefined, dateColumn: string | undefined, where: string): string[] {
  if (requested === undefined) {
    const all = table.header.filter((name) => name !== dateColumn);
    if (all.length === 0) throw new Error(`${where}: no numeric columns besides the date column '${dateColumn}'`);
    return all;
  }
  if (requested.length === 0) throw new Error(`${where}: columns is empty; name at least one of ${listColumns(table)}`);
  for (const name of requested) {
    if (!table.header.includes(name)) {
      throw new Error(`${where}: column '${name}' is not in the file; the columns are ${listColumns(table)}`);
    }
  }
  const unique = requested.filter((name, i) => requested.indexOf(name) === i && name !== dateColumn);
  if (unique.length === 0) throw new Error(`${where}: columns names only the date column '${dateColumn}'`);
  return unique;
}

/** Stable sort by time; equal times (duplicated dates) are an error naming both lines. */
function sortByDate(rows: ParsedRow[], dateColumn: string, where: string): void {
  rows.sort((a, b) => a.time - b.time); // Array.prototype.sort is stable (ES2019)
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].time === rows[r - 1].time) {
      const [first, second] = [rows[r - 1].line, rows[r].line].sort((a, b) => a - b);
      throw new Error(
        `${where}: lines ${first} and ${second} have the same date ${formatDate(new Date(rows[r].time))} in column '${dateColumn}'; a time series needs one row per date`,
      );
    }
  }
}

/** Without `fillMissing`, the first gap in file order is an error. */
function reportFirstGap(
  numeric: number[][],
  columns: string[],
  rows: ParsedRow[],
  table: CsvTable,
  numberIndices: number[],
  where: string,
): void {
  let best: { line: number; k: number } | undefined;
  numeric.forEach((column, k) =>
    column.forEach((value, r) => {
      if (Number.isNaN(value) && (best === undefined || rows[r].line < best.line)) best = { line: rows[r].line, k };
    }),
  );
  if (best === undefined) return;
  const { line, k } = best;
  const text = (table.rows.find((row) => row.line === line) as { fields: string[] }).fields[numberIndices[k]];
  const shown = text.trim() === '' ? 'is empty' : `is '${text}'`;
  throw new Error(
    `${where} line ${line}, column '${columns[k]}' ${shown} (a missing value); pass fillMissing: 'drop' | 'ffill' | 'interpolate' to handle gaps`,
  );
}
