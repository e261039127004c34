/**
 * Long-format tables (several series stacked in one file, told apart by a column such as
 * `location` or `symbol`): keeping the rows of one series (`where`), and explaining
 * duplicated dates by the columns that separate them.
 */
import type { CsvVisitor } from './csv';

/** Keeps the rows whose columns hold these values (compared as trimmed text), e.g. `{ location: 'Seattle' }`. */
export type WhereFilter = Record<string, string | number>;

/** The values kept of a column for a message, at most this many. */
const SHOWN_VALUES = 12;

/**
 * Checks `where` rows one at a time, remembering what a message needs when no row matches.
 */
export class RowFilter {
  private readonly conditions: { name: string; index: number; value: string; matches: number; seen: Set<string> }[];
  /** Rows that met every condition. */
  kept = 0;

  /**
   * @param header the file's column names.
   * @param where the conditions.
   * @param prefix what error messages start with (`loadCsv: path`).
   * @throws Error naming the column and the columns there are when a `where` column is not in the header.
   */
  constructor(header: string[], where: WhereFilter, private readonly prefix: string) {
    this.conditions = Object.entries(where).map(([name, value]) => {
      const index = header.indexOf(name);
      if (index < 0) {
        throw new Error(`${prefix}: where column '${name}' is not in the file; the columns are ${header.map((h) => `'${h}'`).join(', ')}`);
      }
      return { name, index, value: String(value).trim(), matches: 0, seen: new Set<string>() };
    });
  }

  /** `true` when the row meets every condition. */
  accepts(fields: string[]): boolean {
    let all = true;
    for (const condition of this.conditions) {
      const text = fields[condition.index].trim();
      if (condition.seen.size < SHOWN_VALUES) condition.seen.add(text);
      if (text === condition.value) condition.matches++;
      else all = false;
    }
    if (all) this.kept++;
    return all;
  }

  /**
   * @throws Error naming the value and the values the column holds when no row met the conditions.
   */
  checkSomeKept(): void {
    if (this.kept > 0) return;
    const missing = this.conditions.find((c) => c.matches === 0);
    if (missing !== undefined) {
      const values = [...missing.seen].map((v) => `'${v}'`).join(', ');
      throw new Error(`${this.prefix}: no row has ${missing.name} = '${missing.value}'; column '${missing.name}' holds ${values}${missing.seen.size >= SHOWN_VALUES ? ', ...' : ''}`);
    }
    const all = this.conditions.map((c) => `${c.name} = '${c.value}'`).join(' and ');
    throw new Error(`${this.prefix}: no row has ${all} at once (each holds on some rows)`);
  }
}

/**
 * The message for two rows with the same date: when other columns tell the file's rows
 * apart (a long-format table), names them and the `where` that keeps one series.
 *
 * A separating column is one that holds text (not numbers) at the two lines and that, with
 * the date, identifies every row of the file (the date and `location`, not the date and
 * `weather`, which repeats across cities).
 *
 * @param read reads the file again (only on this error path) to find those columns, passing its rows to a visitor.
 * @param lines the two rows' places (file lines; row numbers in a typed file).
 * @param dateColumn the date column.
 * @param skip the loaded numeric columns.
 */
export function explainDuplicate(read: (visitor: CsvVisitor) => void, lines: [number, number], dateColumn: string, skip: string[]): string {
  let header: string[] = [];
  const rows: string[][] = [];
  const pair = new Map<number, string[]>();
  try {
    read({
      header: (names) => {
        header = names;
      },
      row: (fields, line) => {
        rows.push(fields.map((f) => f.trim()));
        if (line === lines[0] || line === lines[1]) pair.set(line, fields.map((f) => f.trim()));
      },
    });
  } catch {
    return ''; // the file changed since; the plain message stands
  }
  const [a, b] = [pair.get(lines[0]), pair.get(lines[1])];
  if (a === undefined || b === undefined) return '';
  const d = header.indexOf(dateColumn);
  const isNumber = (text: string): boolean => text !== '' && Number.isFinite(Number(text));
  const separating = header.filter((name, c) => {
    if (name === dateColumn || skip.includes(name) || a[c] === b[c] || (isNumber(a[c]) && isNumber(b[c]))) return false;
    const keys = new Set(rows.map((row) => `${row[d]}\u0000${row[c]}`));
    return keys.size === rows.length;
  });
  if (separating.length === 0) return '';
  const first = separating[0];
  const c = header.indexOf(first);
  const differ = separating.map((name) => `'${name}'`).join(', ');
  const value = a[c];
  const cli = /\s/.test(value) ? `--where "${first}=${value}"` : `--where ${first}=${value}`;
  return `; the rows differ in column${separating.length > 1 ? 's' : ''} ${differ} ('${value}' and '${b[c]}'): several series in one table (long format); keep one with where: { ${first}: '${value}' } (${cli})`;
}
