/**
 * Reads CSV text into header + rows, keeping each row's line number in the file.
 *
 * Built on papaparse (the parser danfojs's own `readCSV` uses). We call it directly rather
 * than through danfojs because `readCSV` returns a DataFrame whose rows no longer know
 * which line of the file they came from, and every error we raise must name that line.
 */
import { readFileSync, statSync } from 'node:fs';
import Papa from 'papaparse';

/** One data row of a CSV file, with the 1-based line of the file it starts on. */
export interface CsvRow {
  /** Line number in the file as an editor shows it (the header is line 1). */
  line: number;
  /** The row's fields, as text. */
  fields: string[];
}

/** A parsed CSV file: its header and data rows. */
export interface CsvTable {
  /** Path the table was read from (for error messages). */
  path: string;
  /** Column names from the first line. */
  header: string[];
  /** Data rows in file order; blank lines are skipped (pandas' `skip_blank_lines`). */
  rows: CsvRow[];
}


/**
 * Reads a CSV file from disk (read-only) and splits it into header and rows.
 *
 * @throws Error when the file is missing, is a directory, is empty, has only a header, has
 *   an empty or repeated column name, has a row with the wrong number of fields, or has an
 *   unterminated quote: the message names the path and the line.
 * @example
 * readCsvFile('datasets/daily-temperature.csv', 'loadCsv').rows[0]; // => { line: 2, fields: ['2010-01-01', '6.56'] }
 */
export function readCsvFile(path: string, caller: string): CsvTable {
  let text: string;
  try {
    if (statSync(path).isDirectory()) {
      throw new Error(`${caller}: ${path} is a directory, expected a CSV file`);
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${caller}: file not found: ${path}`);
    if (err instanceof Error && err.message.startsWith(caller)) throw err;
    throw new Error(`${caller}: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseCsvText(text, path, caller);
}

/**
 * Parses CSV text (comma-separated, `"` quoting, `\n`, `\r\n` or `\r` line endings, an
 * optional UTF-8 byte order mark).
 *
 * @param text the file's content.
 * @param path shown in error messages.
 * @param caller the function name error messages start with.
 * @throws Error as {@link readCsvFile} does, except for reading.
 * @example
 * parseCsvText('\ufeffDate,Temp\r\n2010-01-01,1.5\r\n', 'mem.csv', 'loadCsv').header; // => ['Date', 'Temp']
 */
export function parseCsvText(text: string, path: string, caller: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM (Excel writes one)
  if (text.trim() === '') {
    throw new Error(`${caller}: ${path} is empty, expected a header line such as 'Date,Temp' and data rows`);
  }
  const lineOf = lineCounter(text);
  const records: CsvRow[] = [];
  let start = 0;
  let failure: string | undefined;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    step: (result) => {
      const line = lineOf(start);
      start = result.meta.cursor;
      if (failure !== undefined) return;
      if (result.errors.length > 0) {
        failure = `${caller}: ${path} line ${line}: ${result.errors[0].message}`;
        return;
      }
      const fields = result.data;
      if (fields.length === 1 && fields[0].trim() === '') return; // blank line
      records.push({ line, fields });
    },
  });
  if (failure !== undefined) throw new Error(failure);
  const [headerRow, ...rows] = records;
  const header = headerRow.fields.map((name) => name.trim());
  header.forEach((name, i) => {
    if (name === '') {
      throw new Error(`${caller}: ${path} line ${headerRow.line}: column ${i + 1} of the header has no name`);
    }
    const first = header.indexOf(name);
    if (first !== i) {
      throw new Error(
        `${caller}: ${path} line ${headerRow.line}: column name '${name}' appears twice (columns ${first + 1} and ${i + 1})`,
      );
    }
  });
  if (rows.length === 0) {
    throw new Error(`${caller}: ${path} has a header (${header.join(',')}) but no data rows`);
  }
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw new Error(
        `${caller}: ${path} line ${row.line} has ${row.fields.length} fields, expected ${header.length} (${header.join(',')}): '${row.fields.join(',')}'`,
      );
    }
  }
  return { path, header, rows };
}

/**
 * Returns a function from a character offset to its 1-based line number. Offsets only
 * grow (papaparse reports rows in order), so one forward scan serves all rows.
 */
function lineCounter(text: string): (offset: number) => number {
  // A file with no '\n' at all may still use old Mac '\r' line endings.
  const breakChar = text.includes('\n') ? '\n' : '\r';
  let scanned = 0;
  let line = 1;
  return (offset: number) => {
    for (; scanned < offset; scanned++) if (text[scanned] === breakChar) line++;
    return line;
  };
}
