/**
 * A table read from a typed columnar file (Parquet, Arrow IPC / Feather v2): its columns
 * with the kind of values the file's schema gives them, handed to the same visitor the CSV
 * reader feeds, so that every loading rule (dates, `where`, gaps, sorting, resampling) and
 * every message is shared.
 */
import type { CsvVisitor } from './csv';

/** What a column holds, from the file's schema. */
export type ColumnKind = 'number' | 'date' | 'text' | 'boolean' | 'other';

/** One column of a {@link TypedTable}. */
export interface TypedColumn {
  name: string;
  kind: ColumnKind;
  /** The schema's own name for the type, for messages (`DOUBLE`, `TIMESTAMP(MILLIS)`, `Utf8`). */
  type: string;
  /** The value of row `r` (0-based): a number, bigint, Date, string, boolean, or null / undefined when missing. */
  value(r: number): unknown;
}

/** A typed file's table. */
export interface TypedTable {
  /** The format's name, for messages: `'Parquet'`, `'Arrow IPC file (Feather v2)'`, `'Arrow IPC stream'`. */
  format: string;
  columns: TypedColumn[];
  rowCount: number;
}

/**
 * One value as the text the CSV path would have read: numbers in their shortest exact form,
 * dates as ISO 8601 UTC, missing values empty. Text keeps one set of rules for both paths
 * (the `where` comparisons, the gap handling, the date and number checks).
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/**
 * Feeds a typed table to a CSV visitor: the column names as the header, then each row's
 * values as texts, with the 1-based row number where the CSV path gives a line number.
 */
export function visitTypedTable(table: TypedTable, visitor: CsvVisitor): void {
  visitor.header(table.columns.map((column) => column.name));
  const fields = new Array<string>(table.columns.length);
  for (let r = 0; r < table.rowCount; r++) {
    for (let c = 0; c < table.columns.length; c++) fields[c] = valueText(table.columns[c].value(r));
    visitor.row(fields, r + 1);
  }
}
