/**
 * The one reading path of the table loaders (`loadTable`, `loadPanel`): a file's bytes,
 * its format told by its first bytes, and its rows handed to the CSV visitor whatever the
 * format (CSV text, Parquet, Arrow IPC), so that every loader keeps one set of rules and
 * messages for both text and typed files.
 */
import { notCsvText, parseCsvText, readDataFile, type CsvVisitor } from './csv';
import { readArrowTable } from './arrow-table';
import { detectFileFormat } from './file-format';
import { readParquetTable } from './parquet-table';
import { visitTypedTable, type TypedTable } from './typed-table';

/** A table file opened by {@link openTableFile}. */
export interface TableFile {
  /** The format's name for messages: `'CSV'`, `'Parquet'`, `'Arrow IPC file (Feather v2)'`, `'Arrow IPC stream'`. */
  format: string;
  /** The file's columns with their schema types, for Parquet and Arrow; `undefined` for CSV text. */
  typed?: TypedTable;
  /**
   * Passes the header and every row to `visitor` (callable again: a message that needs a
   * second look reads the rows once more). Rows are numbered by file line in CSV text, by
   * row (from 1) in a typed file.
   */
  read(visitor: CsvVisitor): void;
  /**
   * Runs `load`, so that its messages name a typed file's places as rows: the rules shared
   * with CSV say `line N`, which a file without lines rewords as `row N` with a note saying
   * so. CSV text passes through as it is.
   */
  inRows<T>(load: () => T): T;
}

/**
 * Opens a table file: reads it (read-only) and tells its format by its first bytes, not
 * its name.
 *
 * @param path the file.
 * @param caller the function name messages start with (`'loadPanel'`).
 * @returns the file, to read.
 * @throws Error naming the path when the file is missing, a directory or unreadable, when
 *   it is a binary file of another format (named, with what to do: gzip, Excel, ...), or
 *   when the Parquet or Arrow reader cannot read it.
 * @example
 * openTableFile('weather.parquet', 'loadPanel').format; // => 'Parquet'
 */
export function openTableFile(path: string, caller: string): TableFile {
  const content = readDataFile(path, caller);
  const format = detectFileFormat(content.subarray(0, 4096));
  const where = `${caller}: ${path}`;
  if (format.kind === 'csv') {
    return {
      format: 'CSV',
      read: (visitor) => void parseCsvText(content.toString('utf8'), path, caller, visitor),
      inRows: (load) => load(),
    };
  }
  if (format.kind === 'other') {
    throw new Error(notCsvText(path, caller, format.name, format.hint).replace(', not CSV text;', ', not a table grulab reads (CSV, Parquet, Arrow IPC);'));
  }
  const typed = format.kind === 'parquet' ? readParquetTable(content, where) : readArrowTable(content, format.format ?? format.name, where);
  return {
    format: typed.format,
    typed,
    read: (visitor) => visitTypedTable(typed, visitor),
    inRows: (load) => inRows(typed.format, load),
  };
}

/** Runs `load`, rewording `line N` / `lines N and M` in its message as rows of `format`. */
function inRows<T>(format: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof Error) || !/\blines? \d/.test(err.message)) throw err;
    err.message = `${err.message.replace(/\blines (\d+) and (\d+)/g, 'rows $1 and $2').replace(/\bline (\d+)/g, 'row $1')} (rows counted from 1 in file order: ${format} has no lines)`;
    throw err;
  }
}
