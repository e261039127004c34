/**
 * Converting the numeric inputs grulab accepts (plain arrays, danfojs Series/DataFrame) to
 * columns of float64 numbers and back.
 *
 * Hand-written instead of going through `frame.tensor`: danfojs builds float32 tensors,
 * which would turn 19.2 into 19.200000762939453. Its `values` arrays are plain JavaScript
 * numbers (float64), so we read those.
 */
import { DataFrame, Series } from 'danfojs-node';
import { describe } from '../base/describe';

/** Numbers in any of the shapes grulab's data functions accept. */
export type NumericData = number[] | number[][] | Series | DataFrame;

/**
 * `true` for a danfojs DataFrame. Checked by shape, not `instanceof`: danfojs-node's
 * `DataFrame` subclasses danfojs-base's, and methods such as `loc`, `iloc` and `column`
 * return the base classes, so `df.loc(...) instanceof DataFrame` is `false`.
 */
export function isDataFrame(value: unknown): value is DataFrame {
  return isNDFrame(value) && (value as { $isSeries: boolean }).$isSeries === false;
}

/** `true` for a danfojs Series (see {@link isDataFrame} for why not `instanceof`). */
export function isSeries(value: unknown): value is Series {
  return isNDFrame(value) && (value as { $isSeries: boolean }).$isSeries === true;
}

function isNDFrame(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $isSeries?: unknown }).$isSeries === 'boolean' &&
    Array.isArray((value as { columns?: unknown }).columns)
  );
}

/** Numeric data as columns, with what is needed to give results back in the same shape. */
export interface Columns {
  kind: 'vector' | 'matrix' | 'series' | 'frame';
  /** One array per column (float64). */
  columns: Float64Array[];
  /** Column names (from the DataFrame/Series), else `undefined`. */
  names?: string[];
  /** Row labels of a Series/DataFrame, kept for the result. */
  index?: (string | number)[];
}

/**
 * Splits numeric data into float64 columns.
 *
 * @throws Error naming `what`, the row and column, when a value is not a number, when the
 *   rows of a `number[][]` differ in length, or when a DataFrame column is not numeric.
 */
export function toColumns(data: NumericData, what: string): Columns {
  if (isDataFrame(data)) {
    const names = data.columns.map(String);
    const columns = names.map((name) => numericColumn(data.column(name).values as unknown[], `${what} column '${name}'`));
    return { kind: 'frame', columns, names, index: data.index.slice() };
  }
  if (isSeries(data)) {
    const name = String(data.columns[0] ?? '0');
    return { kind: 'series', columns: [numericColumn(data.values as unknown[], what)], names: [name], index: data.index.slice() };
  }
  if (!Array.isArray(data)) {
    throw new Error(`${what} must be number[], number[][], a danfojs Series or DataFrame, got ${describe(data)}`);
  }
  if (data.length > 0 && Array.isArray(data[0])) {
    const rows = data as number[][];
    const width = rows[0].length;
    const columns = Array.from({ length: width }, () => new Float64Array(rows.length));
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== width) {
        throw new Error(`${what}: row index ${r} has ${Array.isArray(row) ? row.length : describe(row)} values, expected ${width} like row index 0`);
      }
      row.forEach((value, c) => {
        columns[c][r] = checkNumber(value, `${what} row index ${r}, column ${c}`);
      });
    });
    return { kind: 'matrix', columns };
  }
  return { kind: 'vector', columns: [numericColumn(data as unknown[], what)] };
}

/** Builds a result shaped like `template` from float64 columns. */
export function fromColumns(columns: Float64Array[], template: Columns): NumericData {
  switch (template.kind) {
    case 'vector':
      return Array.from(columns[0]);
    case 'matrix':
      return Array.from({ length: columns[0]?.length ?? 0 }, (_, r) => columns.map((column) => column[r]));
    case 'series':
      return new Series(Array.from(columns[0]), { index: template.index, columns: template.names });
    case 'frame': {
      const data: Record<string, number[]> = {};
      (template.names as string[]).forEach((name, c) => {
        data[name] = Array.from(columns[c]);
      });
      return new DataFrame(data, { index: template.index });
    }
  }
}

function numericColumn(values: unknown[], what: string): Float64Array {
  const column = new Float64Array(values.length);
  values.forEach((value, r) => {
    column[r] = checkNumber(value, `${what} row index ${r}`);
  });
  return column;
}

function checkNumber(value: unknown, where: string): number {
  if (typeof value !== 'number') {
    throw new Error(`${where}: expected a number, got ${describe(value)}`);
  }
  return value;
}
