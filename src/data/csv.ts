/**
 * Reads CSV text row by row, handing each row and its line number in the file to a
 * visitor as the parser meets it, so no row's text is kept once it has been converted.
 *
 * Built on papaparse (the parser danfojs's own `readCSV` uses). We call it directly rather
 * than through danfojs because `readCSV` returns a DataFrame whose rows no longer know
 * which line of the file they came from, and every error we raise must name that line.
 */
import { readFileSync, statSync } from 'node:fs';
import Papa from 'papaparse';
import { detectFileFormat } from './file-format';

/** Receives a CSV file's header, then its data rows one at a time, in file order. */
export interface CsvVisitor {
  /**
   * Called once, before any row, with the column names from the first non-blank line
   * (trimmed, none empty, none repeated).
   */
  header(names: string[]): void;
  /**
   * Called for each data row that has as many fields as the header. `fields` are the row's
   * texts; they are not kept, so copy what must outlive the call.
   *
   * @param line line number in the file as an editor shows it (the header is line 1).
   */
  row(fields: string[], line: number): void;
}

/** What is left of a CSV file once its rows have been visited. */
export interface CsvSummary {
  /** Path the table was read from (for error messages). */
  path: string;
  /** Column names from the first line. */
  header: string[];
  /** Number of data rows; blank lines are skipped (pandas' `skip_blank_lines`). */
  rowCount: number;
  /** The field separator read off the header line: `,`, `;` or a tab. */
  separator: CsvSeparator;
}

/** The field separators a CSV file may use (Excel in many European locales writes `;`). */
export type CsvSeparator = ',' | ';' | '\t';

/**
 * The separator of a CSV text: the one of tab, `;` and `,` that the header line (the first
 * non-blank line) holds most often outside quotes; `,` when it holds none.
 *
 * Hand-written rather than papaparse's guess, which weighs every row: a decimal-comma file
 * (`1,5;2,5`) must not be taken for comma-separated, and the header alone decides that.
 *
 * @example
 * detectSeparator('Date;Temp\n2010-01-01;1,5\n'); // => ';'
 */
export function detectSeparator(text: string): CsvSeparator {
  const header = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  const counts: Record<CsvSeparator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  if (counts['\t'] > 0 && counts['\t'] >= counts[';'] && counts['\t'] >= counts[',']) return '\t';
  return counts[';'] > counts[','] ? ';' : ',';
}

/**
 * Reads a CSV file from disk (read-only) and passes its header and rows to `visitor`.
 *
 * @param path the CSV file.
 * @param caller the function name error messages start with.
 * @param visitor receives the header and the rows; see {@link parseCsvText} for its errors.
 * @throws Error when the file is missing, is a directory, is empty, has only a header, has
 *   an empty or repeated column name, has a row with the wrong number of fields, or has an
 *   unterminated quote: the message names the path and the line.
 * @example
 * readCsvFile('datasets/daily-temperature.csv', 'loadCsv', visitor).rowCount; // => 8000
 */
export function readCsvFile(path: string, caller: string, visitor: CsvVisitor): CsvSummary {
  const content = readDataFile(path, caller);
  const format = detectFileFormat(content.subarray(0, 4096));
  if (format.kind !== 'csv') throw new Error(notCsvText(path, caller, format.name, format.hint));
  return parseCsvText(content.toString('utf8'), path, caller, visitor);
}

/** The message for a binary file given where CSV text is expected. */
export function notCsvText(path: string, caller: string, name: string, hint: string | undefined): string {
  const what = hint === undefined ? 'loadTable reads Parquet and Arrow IPC files (grulab forecast takes them too)' : hint;
  return `${caller}: ${path} is ${name}, not CSV text; ${what}`;
}

/**
 * A data file's bytes (read-only).
 *
 * @throws Error naming the path when the file is missing, is a directory or cannot be read.
 */
export function readDataFile(path: string, caller: string): Buffer {
  try {
    if (statSync(path).isDirectory()) {
      throw new Error(`${caller}: ${path} is a directory, expected a data file`);
    }
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${caller}: file not found: ${path}`);
    if (err instanceof Error && err.message.startsWith(caller)) throw err;
    throw new Error(`${caller}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * Parses CSV text (separated by `,`, `;` or tabs as {@link detectSeparator} finds, `"` quoting, `\n`, `\r\n` or `\r` line endings, an
 * optional UTF-8 byte order mark), passing the header and each data row to `visitor`.
 *
 * The file's own faults come first: an error thrown by the visitor is held, the rest of the
 * text is still checked, and the visitor's error is thrown only if the text is a well-formed
 * table. So a malformed file is reported as such, wherever its fault lies.
 *
 * @param text the file's content.
 * @param path shown in error messages.
 * @param caller the function name error messages start with.
 * @param visitor receives the header and the rows; after it throws it is not called again.
 * @throws Error as {@link readCsvFile} does, except for reading; else the visitor's first error.
 * @example
 * parseCsvText('\ufeffDate,Temp\r\n2010-01-01,1.5\r\n', 'mem.csv', 'loadCsv', visitor).header; // => ['Date', 'Temp']
 */
export function parseCsvText(text: string, path: string, caller: string, visitor: CsvVisitor): CsvSummary {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM (Excel writes one)
  if (text.trim() === '') {
    throw new Error(`${caller}: ${path} is empty, expected a header line such as 'Date,Temp' and data rows`);
  }
  const separator = detectSeparator(text);
  const lineOf = lineCounter(text);
  let header: string[] | undefined;
  let rowCount = 0;
  let start = 0;
  // Faults in the order they are reported, whichever row they were met on.
  let parseFault: string | undefined; // papaparse's own (quotes)
  let headerFault: string | undefined;
  let fieldCountFault: string | undefined;
  let visitorFault: { error: unknown } | undefined;
  const visit = (call: () => void): void => {
    if (visitorFault !== undefined || headerFault !== undefined || fieldCountFault !== undefined) return;
    try {
      call();
    } catch (error) {
      visitorFault = { error };
    }
  };
  Papa.parse<string[]>(text, {
    delimiter: separator,
    step: (result) => {
      const line = lineOf(start);
      start = result.meta.cursor;
      if (parseFault !== undefined) return;
      if (result.errors.length > 0) {
        parseFault = `${caller}: ${path} line ${line}: ${result.errors[0].message}`;
        return;
      }
      const fields = result.data;
      if (fields.length === 1 && fields[0].trim() === '') return; // blank line
      if (header === undefined) {
        const names = fields.map((name) => name.trim());
        header = names;
        headerFault = checkHeader(names, `${caller}: ${path} line ${line}`);
        visit(() => visitor.header(names));
        return;
      }
      rowCount++;
      if (fields.length !== header.length) {
        fieldCountFault ??= `${caller}: ${path} line ${line} has ${fields.length} fields, expected ${header.length} (${header.join(separator)}): '${fields.join(separator)}'`;
        return;
      }
      visit(() => visitor.row(fields, line));
    },
  });
  if (parseFault !== undefined) throw new Error(parseFault);
  // Only a quoted empty field (`""`) can leave no header in non-blank text.
  if (header === undefined) throw new Error(`${caller}: ${path} has no header line, expected one such as 'Date,Temp'`);
  if (headerFault !== undefined) throw new Error(headerFault);
  if (rowCount === 0) throw new Error(`${caller}: ${path} has a header (${header.join(',')}) but no data rows`);
  if (fieldCountFault !== undefined) throw new Error(fieldCountFault);
  if (visitorFault !== undefined) throw visitorFault.error;
  return { path, header, rowCount, separator };
}

/** The fault of a header with an empty or repeated name, or `undefined` when it has none. */
function checkHeader(header: string[], where: string): string | undefined {
  for (let i = 0; i < header.length; i++) {
    const name = header[i];
    if (name === '') return `${where}: column ${i + 1} of the header has no name`;
    const first = header.indexOf(name);
    if (first !== i) return `${where}: column name '${name}' appears twice (columns ${first + 1} and ${i + 1})`;
  }
  return undefined;
}

/**
 * Returns a function from a character offset to its 1-based line number. Offsets only
 * grow (papaparse reports rows in order), so one forward scan serves all rows.
 */
function lineCounter(text: string): (offset: number) => number {
  // A file with no '\n' at all may still use old Mac '\r' line endings.
  const breakCode = text.includes('\n') ? 0x0a : 0x0d;
  let scanned = 0;
  let line = 1;
  return (offset: number) => {
    for (; scanned < offset; scanned++) if (text.charCodeAt(scanned) === breakCode) line++;
    return line;
  };
}
