/**
 * Reading the M4 competition's data as it was published (M4-methods, `Dataset/Train/*.csv`
 * and `Dataset/Test/*.csv`): a wide table, one row per series, the id first (`H1`, `W7`),
 * then the observations in time order, shorter series ending in empty cells; no dates.
 * Read with the same CSV parser as every other grulab table (./csv.ts), so faults are
 * reported by file, line and column.
 */
import { readCsvFile } from './csv';

/** One series of an M4 file. */
export interface M4Series {
  /** The series' id as the file spells it (`'H1'`). */
  id: string;
  /** Observations, oldest first. */
  values: number[];
}

/** One series with its training part and the held-back test part. */
export interface M4Pair {
  id: string;
  train: number[];
  test: number[];
}

/** A long table of many series (column arrays): row `i` is observation `step[i]` (0-based) of series `id[i]`. */
export interface LongSeriesTable {
  id: string[];
  step: number[];
  value: number[];
}

/**
 * Reads an M4 file (train or test) into its series, in file order.
 *
 * @param path a file in M4's wide layout such as `datasets/m4/Hourly-train.csv`.
 * @returns one entry per row.
 * @throws Error naming the file, line and column for a cell that is not a number, a value
 *   after an empty cell (a gap inside a series), an empty or repeated id, or a row without
 *   values; and, as `loadCsv`, for a missing file or a row with the wrong number of fields.
 * @example
 * readM4File('datasets/m4/Weekly-test.csv')[0]; // => { id: 'W1', values: [35397.16, ...] } (13 values)
 */
export function readM4File(path: string): M4Series[] {
  const caller = 'readM4File';
  const out: M4Series[] = [];
  const seen = new Map<string, number>();
  let names: string[] = [];
  readCsvFile(path, caller, {
    header: (header) => {
      names = header;
    },
    row: (fields, line) => {
      const at = (column: number): string => `${caller}: ${path} line ${line}, column ${column + 1} ('${names[column]}')`;
      const id = fields[0].trim();
      if (id === '') throw new Error(`${at(0)}: the series id is empty`);
      const before = seen.get(id);
      if (before !== undefined) throw new Error(`${at(0)}: series id '${id}' appears twice (lines ${before} and ${line})`);
      seen.set(id, line);
      let end = fields.length;
      while (end > 1 && fields[end - 1].trim() === '') end--;
      if (end === 1) throw new Error(`${at(1)}: series '${id}' has no values`);
      const values = new Array<number>(end - 1);
      for (let c = 1; c < end; c++) {
        const text = fields[c].trim();
        if (text === '') throw new Error(`${at(c)}: empty cell inside series '${id}' (values follow it at column ${end}); M4 series have no gaps`);
        const value = Number(text);
        if (!Number.isFinite(value)) throw new Error(`${at(c)}: '${fields[c]}' is not a number`);
        values[c - 1] = value;
      }
      out.push({ id, values });
    },
  });
  return out;
}

/**
 * Reads an M4 training file and its test file and pairs their series by id.
 *
 * @param trainPath e.g. `datasets/m4/Hourly-train.csv`.
 * @param testPath e.g. `datasets/m4/Hourly-test.csv`.
 * @returns one pair per series, in the training file's order.
 * @throws Error as {@link readM4File}, or naming the first id in one file and not the other.
 * @example
 * readM4Pairs('datasets/m4/Hourly-train.csv', 'datasets/m4/Hourly-test.csv').length; // => 374
 */
export function readM4Pairs(trainPath: string, testPath: string): M4Pair[] {
  const train = readM4File(trainPath);
  const test = new Map(readM4File(testPath).map((s) => [s.id, s.values] as const));
  const pairs = train.map(({ id, values }) => {
    const held = test.get(id);
    if (held === undefined) throw new Error(`readM4Pairs: series '${id}' of ${trainPath} is not in ${testPath}`);
    return { id, train: values, test: held };
  });
  if (test.size !== train.length) {
    const ids = new Set(train.map((s) => s.id));
    const extra = [...test.keys()].find((id) => !ids.has(id));
    throw new Error(`readM4Pairs: series '${extra}' of ${testPath} is not in ${trainPath}`);
  }
  return pairs;
}

/**
 * Stacks series into one long table (`id`, `step`, `value` columns), series after series.
 *
 * @param series from {@link readM4File} (or the `train` parts of {@link readM4Pairs}).
 * @example
 * toLongTable([{ id: 'H1', values: [5, 6] }]); // => { id: ['H1', 'H1'], step: [0, 1], value: [5, 6] }
 */
export function toLongTable(series: ReadonlyArray<M4Series>): LongSeriesTable {
  const table: LongSeriesTable = { id: [], step: [], value: [] };
  for (const { id, values } of series) {
    for (let i = 0; i < values.length; i++) {
      table.id.push(id);
      table.step.push(i);
      table.value.push(values[i]);
    }
  }
  return table;
}

/** One row of `datasets/m4/published-results.csv`; a figure the competition did not publish is `undefined`. */
export interface M4PublishedResult {
  method: string;
  frequency: string;
  smape?: number;
  mase?: number;
  owa?: number;
  msis?: number;
  acd?: number;
  source: string;
}

/**
 * Reads the M4 competition's published results table (`datasets/m4/published-results.csv`).
 *
 * @param path the CSV file.
 * @returns its rows in file order.
 * @throws Error naming the file, line and column for a figure that is not a number, or a
 *   header without the expected columns.
 * @example
 * readM4PublishedResults(datasetPath('m4/published-results.csv')).find((r) => r.method === 'Naive2' && r.frequency === 'Hourly')?.smape; // => 18.383
 */
export function readM4PublishedResults(path: string): M4PublishedResult[] {
  const caller = 'readM4PublishedResults';
  const columns = ['method', 'frequency', 'smape', 'mase', 'owa', 'msis', 'acd', 'source'] as const;
  const out: M4PublishedResult[] = [];
  let index: number[] = [];
  readCsvFile(path, caller, {
    header: (names) => {
      index = columns.map((name) => names.indexOf(name));
      const missing = columns.filter((_, i) => index[i] < 0);
      if (missing.length > 0) throw new Error(`${caller}: ${path} line 1: the header lacks ${missing.map((m) => `'${m}'`).join(', ')}; expected ${columns.join(',')}`);
    },
    row: (fields, line) => {
      const figure = (k: number): number | undefined => {
        const text = fields[index[k]].trim();
        if (text === '') return undefined;
        const value = Number(text);
        if (!Number.isFinite(value)) throw new Error(`${caller}: ${path} line ${line}, column '${columns[k]}': '${text}' is not a number`);
        return value;
      };
      out.push({
        method: fields[index[0]].trim(),
        frequency: fields[index[1]].trim(),
        smape: figure(2),
        mase: figure(3),
        owa: figure(4),
        msis: figure(5),
        acd: figure(6),
        source: fields[index[7]].trim(),
      });
    },
  });
  return out;
}
