/**
 * `loadCsv`: a CSV time series as a danfojs DataFrame, checked cell by cell; the row rules
 * (`loadRows`) that `loadTable` applies to every format.
 */
import { DataFrame } from 'danfojs-node';
import { FREQUENCY_UNITS, formatDate, parseDate, type Frequency } from './calendar';
import { readCsvFile, type CsvVisitor } from './csv';
import { explainDuplicate, RowFilter } from './long-format';
import { FILL_MISSING_MODES, fillGaps } from './missing';
import { AGGREGATES, resample } from './resample';
import { isMissingText, parseNumberText } from './values';
import type { ReadOptions } from './read-options';

/** Options of {@link loadCsv}: which columns, and how to read the rows ({@link ReadOptions}). */
export interface LoadCsvOptions extends ReadOptions {
  /**
   * The column holding dates. Default: a column named `Date` or `date` if the header has
   * one (the lesson's `parse_dates=['Date']`), else none. `null` means "no date column":
   * rows stay in file order.
   */
  dateColumn?: string | null;
  /** The numeric columns to load, in this order. Default: every column except the date column. */
  columns?: string[];
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
 *   and text of a value that is not a number or too large for one (`1e309`), an empty or
 *   NaN value (without `fillMissing`),
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
  return loadRows(`loadCsv: ${path}`, options, (visitor) => readCsvFile(path, 'loadCsv', visitor)).frame;
}

/** What {@link loadRows} returns: `loadCsv`'s frame, and where each of its rows came from. */
export interface CsvTable {
  frame: DataFrame;
  /**
   * The file line of each row of `frame` (the header is line 1; a typed file's row, from 1);
   * after resampling, the line of the slot's last row, `0` for a slot no row fell in.
   */
  lines: number[];
  /** Whether the rows are `frequency` slots rather than the file's rows. */
  resampled: boolean;
}

/**
 * The rows `read` hands to a visitor, checked, sorted, resampled and filled as {@link loadCsv}
 * says, with the file line of each row kept so that a later check of the values (the
 * forecaster's) can name the line as these messages do; `loadTable` feeds it Parquet and
 * Arrow rows too.
 */
export function loadRows(where: string, options: LoadCsvOptions, read: (visitor: CsvVisitor) => void): CsvTable {
  const frequency = checkOptions(options);
  const rows = new RowConverter(options, where);
  read(rows);
  rows.filter?.checkSomeKept();
  const { columns, dateColumn } = rows;

  // Rows in date order: `order[i]` is the file-order index of the i-th row (`undefined`: file order).
  const duplicatesAllowed = frequency !== undefined; // resampling combines rows of one slot
  const order = dateColumn === undefined ? undefined : dateOrder(rows, dateColumn, where, read, duplicatesAllowed);
  const reorder = (values: number[]): number[] => (order === undefined ? values : order.map((r) => values[r]));
  let numeric = rows.numeric.map(reorder);
  let times = dateColumn === undefined ? [] : reorder(rows.times);
  let lines = reorder(rows.lines);
  if (frequency !== undefined) {
    const grid = resample({ times, columns: numeric, lines }, frequency, options.aggregate, where);
    ({ times, lines } = grid);
    numeric = grid.columns;
  }
  if (options.fillMissing === undefined) {
    if (frequency !== undefined) reportEmptySlot(numeric, times, columns, where);
    reportFirstGap(rows.firstGap, columns, where);
  } else {
    const filled = fillGaps({ names: columns, columns: numeric, lines }, options.fillMissing, where);
    numeric = filled.columns;
    times = dateColumn === undefined ? [] : filled.keep.map((r) => times[r]);
    lines = filled.keep.map((r) => lines[r]);
  }

  const data: Record<string, unknown[]> = {};
  if (dateColumn !== undefined) data[dateColumn] = times.map((time) => new Date(time));
  columns.forEach((name, k) => {
    data[name] = numeric[k];
  });
  return { frame: new DataFrame(data), lines, resampled: frequency !== undefined };
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
  /** The `where` conditions, when given; set by {@link header}. */
  filter: RowFilter | undefined;
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
    if (this.options.where !== undefined) this.filter = new RowFilter(names, this.options.where, this.where);
  }

  row(fields: string[], line: number): void {
    const { where, columns, options } = this;
    if (this.filter !== undefined && !this.filter.accepts(fields)) return;
    if (this.dateIndex >= 0) {
      const text = fields[this.dateIndex];
      const parsed = parseDate(text, options.dateFormat);
      if (!('time' in parsed)) throw new Error(`${where} line ${line}, column '${this.dateColumn}': ${dateFaultText(text, parsed.fault, options.dateFormat)}`);
      this.times.push(parsed.time);
    }
    for (let k = 0; k < columns.length; k++) {
      const text = fields[this.numberIndices[k]];
      let value: number | undefined;
      if (isMissingText(text)) {
        value = NaN;
        this.firstGap ??= { line, k, text };
      } else {
        value = parseNumberText(text, options.decimal);
        if (value === undefined) {
          const hint =
            options.decimal !== ',' && /^[+-]?\d+,\d+$/.test(text.trim())
              ? "; pass decimal: ',' (--decimal ,) for decimal commas"
              : options.columns === undefined
                ? '; pass columns: [...] to load only the numeric columns'
                : '';
          throw new Error(`${where} line ${line}, column '${columns[k]}': '${text}' is not a number${hint}`);
        }
        if (!Number.isFinite(value)) {
          // `1e309` reads as Infinity: past the largest 64-bit float, so no arithmetic with it means anything
          throw new Error(`${where} line ${line}, column '${columns[k]}': '${text.trim()}' is too large for a number (beyond ±${Number.MAX_VALUE.toPrecision(3)}, the largest a 64-bit float holds)`);
        }
      }
      this.numeric[k].push(value);
    }
    this.lines.push(line);
  }
}

/** What a date cell that could not be read is told. */
function dateFaultText(text: string, fault: 'not-a-date' | 'ambiguous', format: string | undefined): string {
  if (format !== undefined) return `'${text}' does not match dateFormat '${format}' (--date-format)`;
  if (fault === 'ambiguous') {
    return `'${text}' is ambiguous (day/month or month/day?); pass dateFormat: 'MM/dd/yyyy' or 'dd/MM/yyyy' (--date-format on the command line)`;
  }
  return `'${text}' is not a date (expected ISO 8601 such as 2010-01-31 or 2010-01-31T06:00, 2010/01/31 06:00, 2010-01, 1880, Jan 31 2010, or a dateFormat such as 'dd.MM.yyyy' (--date-format))`;
}

const quoteAll = (values: readonly string[]): string => values.map((m) => `'${m}'`).join(', ');

/** Checks the options; returns the resampling grid, if any. */
function checkOptions(options: LoadCsvOptions): Frequency | undefined {
  const mode = options.fillMissing;
  if (mode !== undefined && !FILL_MISSING_MODES.includes(mode)) {
    throw new Error(`loadCsv: fillMissing must be one of ${quoteAll(FILL_MISSING_MODES)}, got '${String(mode)}'`);
  }
  if (options.decimal !== undefined && options.decimal !== '.' && options.decimal !== ',') {
    throw new Error(`loadCsv: decimal must be '.' or ',', got '${String(options.decimal)}'`);
  }
  if (options.aggregate !== undefined && !AGGREGATES.includes(options.aggregate)) {
    throw new Error(`loadCsv: aggregate must be one of ${quoteAll(AGGREGATES)}, got '${String(options.aggregate)}'`);
  }
  const f = options.frequency;
  if (f === undefined) {
    if (options.aggregate !== undefined) throw new Error(`loadCsv: aggregate '${options.aggregate}' needs a frequency to resample to (one of ${quoteAll(FREQUENCY_UNITS)})`);
    return undefined;
  }
  const frequency = typeof f === 'string' ? { unit: f, step: 1 } : f;
  if (frequency === null || typeof frequency !== 'object' || !FREQUENCY_UNITS.includes(frequency.unit) || !Number.isInteger(frequency.step) || frequency.step < 1) {
    throw new Error(`loadCsv: frequency must be one of ${quoteAll(FREQUENCY_UNITS)} or { unit, step } with a positive integer step, got ${JSON.stringify(f)}`);
  }
  if (options.dateColumn === null) throw new Error('loadCsv: frequency needs a date column, got dateColumn: null');
  return frequency;
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
 * order; equal times (duplicated dates) are an error naming both lines, and the columns
 * that tell the two rows apart (a long-format table), unless `duplicatesAllowed`.
 */
function dateOrder(rows: RowConverter, dateColumn: string, where: string, read: (visitor: CsvVisitor) => void, duplicatesAllowed: boolean): number[] | undefined {
  const { times, lines } = rows;
  let sorted = true;
  for (let r = 1; r < times.length && sorted; r++) sorted = times[r - 1] <= times[r];
  const order = sorted ? undefined : Array.from(times, (_, r) => r).sort((a, b) => times[a] - times[b]); // stable (ES2019)
  if (duplicatesAllowed) return order;
  for (let i = 1; i < times.length; i++) {
    const [previous, current] = order === undefined ? [i - 1, i] : [order[i - 1], order[i]];
    if (times[current] === times[previous]) {
      const [first, second] = [lines[previous], lines[current]].sort((a, b) => a - b);
      const why = explainDuplicate(read, [first, second], dateColumn, rows.columns);
      throw new Error(
        `${where}: lines ${first} and ${second} have the same date ${formatDate(new Date(times[current]))} in column '${dateColumn}'; a time series needs one row per date${why}`,
      );
    }
  }
  return order;
}

/** After resampling without `fillMissing`, the first empty slot is an error naming its date. */
function reportEmptySlot(columns: number[][], times: number[], names: string[], where: string): void {
  for (let r = 0; r < times.length; r++) {
    const k = columns.findIndex((column) => Number.isNaN(column[r]));
    if (k >= 0) {
      throw new Error(
        `${where}: after resampling, ${formatDate(new Date(times[r]))} has no value in column '${names[k]}'; pass fillMissing: 'zero' (counts), 'ffill', 'interpolate' or 'drop' (--fill-missing)`,
      );
    }
  }
}

/** Without `fillMissing`, the first gap in file order is an error. */
function reportFirstGap(gap: Gap | undefined, columns: string[], where: string): void {
  if (gap === undefined) return;
  const { line, k, text } = gap;
  const shown = text.trim() === '' ? 'is empty' : `is '${text}'`;
  throw new Error(
    `${where} line ${line}, column '${columns[k]}' ${shown} (a missing value); pass fillMissing: 'drop' | 'ffill' | 'interpolate' | 'zero' to handle gaps`,
  );
}
