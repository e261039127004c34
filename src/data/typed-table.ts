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

/**
 * Checks that column `name` of a typed file holds one of `kinds` (a column the file lacks
 * is left to the loader, which names the columns it has).
 *
 * @param role how the message names the column: `'column'`, `'dateColumn'`, `'target'`.
 * @param expected the kinds in words: `'numbers'`.
 * @throws Error naming the column and its type in the file's schema.
 * @returns the column, when the file has it.
 */
export function expectColumnKind(table: TypedTable, name: string, kinds: readonly ColumnKind[], role: string, expected: string, where: string): TypedColumn | undefined {
  const column = table.columns.find((c) => c.name === name);
  if (column !== undefined && !kinds.includes(column.kind)) {
    throw new Error(`${where}: ${role} '${name}' holds ${column.type} values in the file's schema, expected ${expected}`);
  }
  return column;
}

/** Throws for a typed file with a schema but no rows (CSV text has its own message for a header alone). */
export function expectRows(table: TypedTable, where: string): void {
  if (table.rowCount === 0) throw new Error(`${where} has columns (${table.columns.map((c) => c.name).join(', ')}) but no rows`);
}
