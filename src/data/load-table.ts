/**
 * `loadTable`: a table file of any format grulab reads (CSV text, Parquet, Arrow IPC) as
 * `loadCsv` loads a CSV, with the date column and the loaded columns defaulting to what the
 * file's schema says.
 */
import type { DataFrame } from 'danfojs-node';
import { loadRows, type CsvTable, type LoadCsvOptions } from './load';
import { openTableFile } from './table-file';
import { expectColumnKind, expectRows, type TypedTable } from './typed-table';

/**
 * Loads a table file into a danfojs DataFrame, as {@link loadCsv} does, whatever its format:
 * CSV text, Parquet (snappy, gzip, zstd, brotli or lz4 pages) or Arrow IPC (Feather v2, as
 * pandas' `to_feather`, Polars' `write_ipc` and DuckDB write it; LZ4 or ZSTD compressed;
 * or an IPC stream), told by its first bytes, not its name. In Parquet and Arrow files the
 * schema gives the types: the date column defaults to the first date or timestamp column
 * (else `Date`/`date`), and the loaded columns to the numeric ones; timestamps are read as
 * UTC. The options are {@link loadCsv}'s (`decimal` concerns CSV text only; `dateFormat`
 * only a date column stored as text).
 *
 * Porting note: pandas' `pd.read_parquet` / `pd.read_feather`, with `read_csv`'s checks.
 *
 * @param path the file (read-only).
 * @param options see {@link LoadCsvOptions}; default `{}`.
 * @returns a DataFrame with the date column first, then the numeric columns, in date order.
 * @throws Error as {@link loadCsv} does, naming **rows** (counted from 1 in file order)
 *   where the format has no lines; naming the format of a binary file that is none of these
 *   (gzip, Excel, ...); naming a column whose schema type is not numbers or dates.
 * @example
 * const df = loadTable('prices.parquet', { where: { symbol: 'AAPL' } });
 * df.columns; // => ['date', 'price']
 */
export function loadTable(path: string, options: LoadCsvOptions = {}): DataFrame {
  return readTable(path, options).frame;
}

/** What {@link readTable} returns: the frame, each row's line (or row, in a typed file), and the format. */
export interface TableRows extends CsvTable {
  /** `'line'` for CSV text, `'row'` for Parquet and Arrow (rows counted from 1 in file order). */
  place: 'line' | 'row';
}

/**
 * {@link loadTable}, also telling where each row of the frame came from, so that a later
 * check of the values (the forecaster's) can name the line or row as `loadTable`'s own
 * messages do.
 *
 * @throws as {@link loadTable}.
 */
export function readTable(path: string, options: LoadCsvOptions = {}): TableRows {
  const file = openTableFile(path, 'loadTable');
  const where = `loadTable: ${path}`;
  const { typed } = file;
  if (typed === undefined) return { ...loadRows(where, options, file.read), place: 'line' };
  return { ...file.inRows(() => loadRows(where, typedOptions(typed, options, where), file.read)), place: 'row' };
}

/**
 * A typed file's defaults and checks: the date column and the loaded columns from the
 * schema's types, `decimal` and (for a date-typed column) `dateFormat` left out.
 */
function typedOptions(table: TypedTable, options: LoadCsvOptions, where: string): LoadCsvOptions {
  expectRows(table, where);
  const names = table.columns.map((column) => column.name);
  const dateColumn =
    options.dateColumn === undefined
      ? (table.columns.find((column) => column.kind === 'date')?.name ?? names.find((name) => name === 'Date' || name === 'date'))
      : options.dateColumn;
  const dateKind = dateColumn === null || dateColumn === undefined ? undefined : expectColumnKind(table, dateColumn, ['date', 'text'], 'dateColumn', 'dates, timestamps or text', where);
  const columns = options.columns ?? table.columns.filter((column) => column.kind === 'number' && column.name !== dateColumn).map((column) => column.name);
  if (options.columns === undefined && columns.length === 0) {
    throw new Error(`${where}: no numeric columns besides the date column; the schema has ${table.columns.map((c) => `'${c.name}' (${c.type})`).join(', ')}`);
  }
  for (const name of columns) expectColumnKind(table, name, ['number'], 'column', 'numbers', where);
  const { decimal: _decimal, ...rest } = options;
  return { ...rest, dateColumn: dateColumn ?? null, columns, ...(dateKind?.kind === 'date' ? { dateFormat: undefined } : {}) };
}
