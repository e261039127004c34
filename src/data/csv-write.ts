/**
 * Writing CSV text that every reader parses back to the same cells and that no spreadsheet
 * runs as a formula: papaparse's `unparse` (the parser `loadCsv` uses), with RFC 4180's
 * quoting and OWASP's CSV-injection defence.
 */
import Papa from 'papaparse';

/** A CSV cell: text, or a number written in its shortest round-trip form (`0.1`, `-3.25`, `NaN`). */
export type CsvCell = string | number;

/**
 * Formats a header and rows as CSV text.
 *
 * - Quoting as RFC 4180: a cell holding a comma, a double quote, a line break, or a leading
 *   or trailing space is enclosed in double quotes, its quotes doubled (`a,b` → `"a,b"`).
 * - Formulas neutralised as OWASP's CSV-injection advice says: a text cell that starts with
 *   `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` and is quoted, so a
 *   spreadsheet shows it as text (`=HYPERLINK(...)` → `"'=HYPERLINK(...)"`). Number cells are
 *   written as numbers, so `-3.5` stays `-3.5`.
 * - Lines end with `\n` (as pandas' `to_csv`; RFC 4180 readers accept it).
 *
 * @param header the column names.
 * @param rows the rows, each with one cell per column.
 * @returns the text, ending with a line break.
 * @throws Error naming the row (1-based, after the header) whose cell count differs from the header's.
 * @example
 * csvText(['date', 'a,b'], [['2024-01-01', 1.5]]);
 * // => 'date,"a,b"\n2024-01-01,1.5\n'
 * csvText(['date', '=HYPERLINK("x")'], []);
 * // => `date,"'=HYPERLINK(""x"")"\n`
 */
export function csvText(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new Error(`csvText: row ${i + 1} has ${row.length} cells, expected ${header.length} (one per header column)`);
    }
  });
  const text = Papa.unparse(
    { fields: [...header], data: rows.map((row) => [...row]) },
    { newline: '\n', escapeFormulae: true, quotes: false },
  );
  return text.endsWith('\n') ? text : `${text}\n`; // with no rows, unparse already ends the header line
}
