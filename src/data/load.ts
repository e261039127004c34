/**
 * `loadCsv`: a CSV time series as a danfojs DataFrame, checked cell by cell.
 */
import { DataFrame } from 'danfojs-node';
import { readCsvFile, type CsvVisitor } from './csv';
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
  const rows = new RowConverter(options, where);
  readCsvFile(path, 'loadCsv', rows);
  const { columns, dateColumn } = rows;

  // Rows in date order: `order[i]` is the file-order index of the i-th row (`undefined`: file order).
  const order = dateColumn === undefined ? undefined : dateOrder(rows.times, rows.lines, dateColumn, where);
  const reorder = (values: number[]): number[] => (order === undefined ? values : order.map((r) => values[r]));
  let numeric = rows.numeric.map(reorder);
  let times = dateColumn === undefined ? [] : reorder(rows.times);
  if (options.fillMissing === undefined) {
    reportFirstGap(rows.firstGap, columns, where);
  } else {
    const filled = fillGaps({ names: columns, columns: numeric, lines: reorder(rows.lines) }, options.fillMissing, where);
    numeric = filled.columns;
    times = dateColumn === undefined ? [] : filled.keep.map((r) => times[r]);
  }

  const data: Record<string, unknown[]> = {};
  if (dateColumn !== undefined) data[dateColumn] = times.map((time) => new Date(time));
  columns.forEach((name, k) => {
    data[name] = numeric[k];
  });
  return new DataFrame(data);
}

/** The first empty or NaN cell in file order, with its text for the message. */
interface Gap {
  line: number;
  /** Index into the loaded columns. */
  k: number;
  text: string;
}

/**
 * Converts each CSV row as the parser delivers it into one number array per column, so
 * that no row's field texts outlive the row (a 50 MB file's texts take hundreds of MB).
 */
class RowConverter implements CsvVisitor {
  /** The date column, or `undefined` for none; set by {@link header}. */
  dateColumn: string | undefined;
  /** The numeric columns loaded, in output order; set by {@link header}. */
  columns: string[] = [];
  /** File line of each row, in file order. */
  readonly lines: number[] = [];
  /** Each row's date as milliseconds since 1970 (empty without a date column). */
  readonly times: number[] = [];
  /** One array per loaded column, one value per row; `NaN` marks a gap. */
  numeric: number[][] = [];
  /** The first gap met, kept for the error raised without `fillMissing`. */
  firstGap: Gap | undefined;
  private dateIndex = -1;
  private numberIndices: number[] = [];

  constructor(
    private readonly options: LoadCsvOptions,
    private readonly where: string,
  ) {}

  header(names: string[]): void {
    this.dateColumn = resolveDateColumn(names, this.options.dateColumn, this.where);
    this.columns = resolveColumns(names, this.options.columns, this.dateColumn, this.where);
    this.dateIndex = this.dateColumn === undefined ? -1 : names.indexOf(this.dateColumn);
    this.numberIndices = this.columns.map((name) => names.indexOf(name));
    this.numeric = this.columns.map(() => []);
  }

  row(fields: string[], line: number): void {
    const { where, columns } = this;
    if (this.dateIndex >= 0) {
      const text = fields[this.dateIndex];
      const time = parseDateTime(text);
      if (time === undefined) {
        throw new Error(
          `${where} line ${line}, column '${this.dateColumn}': '${text}' is not a date (expected YYYY-MM-DD or an ISO 8601 date-time such as 2010-01-31T06:00)`,
        );
      }
      this.times.push(time);
    }
    for (let k = 0; k < columns.length; k++) {
      const text = fields[this.numberIndices[k]];
      let value: number | undefined;
      if (isMissingText(text)) {
        value = NaN;
        this.firstGap ??= { line, k, text };
      } else {
        value = parseNumberText(text);
        if (value === undefined) {
          const hint = this.options.columns === undefined ? '; pass columns: [...] to load only the numeric columns' : '';
          throw new Error(`${where} line ${line}, column '${columns[k]}': '${text}' is not a number${hint}`);
        }
      }
      this.numeric[k].push(value);
    }
    this.lines.push(line);
  }
}

function checkOptions(options: LoadCsvOptions): void {
  const mode = options.fillMissing;
  if (mode !== undefined && !FILL_MISSING_MODES.includes(mode)) {
    throw new Error(`loadCsv: fillMissing must be one of ${FILL_MISSING_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(mode)}'`);
  }
}

function listColumns(header: string[]): string {
  return header.map((name) => `'${name}'`).join(', ');
}

function resolveDateColumn(header: string[], requested: string | null | undefined, where: string): string | undefined {
  if (requested === null) return undefined;
  if (requested === undefined) return header.find((name) => name === 'Date' || name === 'date');
  if (!header.includes(requested)) {
    throw new Error(`${where}: dateColumn '${requested}' is not a column; the columns are ${listColumns(header)}`);
  }
  return requested;
}

function resolveColumns(header: string[], requested: string[] | undefined, dateColumn: string | undefined, where: string): string[] {
  if (requested === undefined) {
    const all = header.filter((name) => name !== dateColumn);
    if (all.length === 0) throw new Error(`${where}: no numeric columns besides the date column '${dateColumn}'`);
    return all;
  }
  if (requested.length === 0) throw new Error(`${where}: columns is empty; name at least one of ${listColumns(header)}`);
  for (const name of requested) {
    if (!header.includes(name)) {
      throw new Error(`${where}: column '${name}' is not in the file; the columns are ${listColumns(header)}`);
    }
  }
  const unique = requested.filter((name, i) => requested.indexOf(name) === i && name !== dateColumn);
  if (unique.length === 0) throw new Error(`${where}: columns names only the date column '${dateColumn}'`);
  return unique;
}

/**
 * The rows' order by time (a stable sort), or `undefined` when the file is already in that
 * order; equal times (duplicated dates) are an error naming both lines.
 */
function dateOrder(times: number[], lines: number[], dateColumn: string, where: string): number[] | undefined {
  let sorted = true;
  for (let r = 1; r < times.length && sorted; r++) sorted = times[r - 1] <= times[r];
  const order = sorted ? undefined : Array.from(times, (_, r) => r).sort((a, b) => times[a] - times[b]); // stable (ES2019)
  for (let i = 1; i < times.length; i++) {
    const [previous, current] = order === undefined ? [i - 1, i] : [order[i - 1], order[i]];
    if (times[current] === times[previous]) {
      const [first, second] = [lines[previous], lines[current]].sort((a, b) => a - b);
      throw new Error(
        `${where}: lines ${first} and ${second} have the same date ${formatDate(new Date(times[current]))} in column '${dateColumn}'; a time series needs one row per date`,
      );
    }
  }
  return order;
}

/** Without `fillMissing`, the first gap in file order is an error. */
function reportFirstGap(gap: Gap | undefined, columns: string[], where: string): void {
  if (gap === undefined) return;
  const { line, k, text } = gap;
  const shown = text.trim() === '' ? 'is empty' : `is '${text}'`;
  throw new Error(
    `${where} line ${line}, column '${columns[k]}' ${shown} (a missing value); pass fillMissing: 'drop' | 'ffill' | 'interpolate' to handle gaps`,
  );
}
