/**
 * danfojs DataFrames and Series as tables in a notebook, the way pandas shows its frames in
 * Jupyter: an HTML table (the first and last 5 rows of a long frame, with a `...` row
 * between) and the shape under it, while `text/plain` keeps danfojs's own text table for
 * terminals, logs and `printedText`.
 *
 * The ways a frame reaches a notebook output, all covered once {@link installTableDisplay}
 * ran (done when this module loads, so whenever grulab is loaded): `df.print()`, and a cell
 * whose last expression is a frame (tslab prints that value with `console.log`, which asks
 * `util.inspect`; Deno's kernel asks the value's `Symbol.for('Jupyter.display')` method).
 */
import * as util from 'node:util';
import { DataFrame, Series } from 'danfojs-node';
import { openDisplay } from './notebook-display';

/**
 * danfojs-node's `DataFrame` and `Series` extend danfojs's base classes, and operations
 * (`head`, `loc`, a column) return instances of the base classes: checks and display hooks
 * go on those, so they cover every frame.
 */
type Constructor = abstract new (...args: never[]) => unknown;
const BaseDataFrame = Object.getPrototypeOf(DataFrame.prototype).constructor as Constructor;
const BaseSeries = Object.getPrototypeOf(Series.prototype).constructor as Constructor;
const isSeries = (x: unknown): x is Series => x instanceof BaseSeries;
const isFrame = (x: unknown): x is DataFrame => x instanceof BaseDataFrame;

/** Options of {@link tableHtml}. */
export interface TableHtmlOptions {
  /** Frames with more rows are cut to their head and tail (pandas `display.max_rows`). Default `60`. */
  maxRows?: number;
  /** Rows shown at each end of a cut frame (pandas `display.min_rows` / 2). Default `5`. */
  headTail?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c]);

/** One cell as pandas shows it: dates without a midnight time, numbers to 6 significant digits. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return 'NaN';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'NaT';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

interface Grid {
  header: string[];
  index: unknown[];
  rows: unknown[][];
  footer: string;
}

function gridOf(frame: DataFrame | Series): Grid {
  if (isSeries(frame)) {
    const name = frame.columns[0];
    const rows = (frame.values as unknown[]).map((v) => [v]);
    return { header: [String(name ?? '')], index: frame.index, rows, footer: `Name: ${String(name)}, Length: ${rows.length}, dtype: ${frame.dtype}` };
  }
  const [rowCount, columnCount] = frame.shape;
  return {
    header: frame.columns.map(String), index: frame.index, rows: frame.values as unknown[][],
    footer: `${rowCount.toLocaleString('en-US')} rows × ${columnCount} columns`,
  };
}

/**
 * A DataFrame or Series as an HTML table, pandas-style: index in bold, the first and last
 * `headTail` rows of a frame longer than `maxRows`, and its shape below.
 *
 * @param frame - a danfojs DataFrame or Series.
 * @param options - see {@link TableHtmlOptions}.
 * @throws TypeError when `frame` is neither a DataFrame nor a Series.
 * @example
 * tableHtml(new DataFrame({ Temp: [20.7, 17.9] }));
 * // => '<div class="grulab-table">...<p>2 rows × 1 columns</p></div>'
 */
export function tableHtml(frame: DataFrame | Series, options: TableHtmlOptions = {}): string {
  if (!isFrame(frame) && !isSeries(frame)) {
    throw new TypeError(`tableHtml: frame must be a danfojs DataFrame or Series, got ${util.inspect(frame, { depth: 0 }).slice(0, 60)}`);
  }
  const maxRows = options.maxRows ?? 60;
  const headTail = options.headTail ?? 5;
  const grid = gridOf(frame);
  const row = (label: unknown, values: unknown[]): string =>
    `<tr><th>${escapeHtml(formatCell(label))}</th>${values.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join('')}</tr>`;
  const n = grid.rows.length;
  const cut = n > maxRows;
  const shown = cut ? [...Array(headTail).keys(), -1, ...Array.from({ length: headTail }, (_, k) => n - headTail + k)] : [...Array(n).keys()];
  const body = shown.map((i) => (i < 0 ? `<tr><th>...</th>${grid.header.map(() => '<td>...</td>').join('')}</tr>` : row(grid.index[i], grid.rows[i]))).join('\n');
  return `<div class="grulab-table">
<style scoped>
.grulab-table table.dataframe { border-collapse: collapse; border: none; font-size: 12px; }
.grulab-table table.dataframe th, .grulab-table table.dataframe td { padding: 4px 8px; text-align: right; border: none; }
.grulab-table table.dataframe thead th { border-bottom: 1px solid #888; }
.grulab-table table.dataframe tbody tr:nth-child(odd) { background: rgba(0, 0, 0, 0.04); }
</style>
<table border="1" class="dataframe">
<thead><tr style="text-align: right;"><th></th>${grid.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<p>${escapeHtml(grid.footer)}</p>
</div>`;
}

/**
 * Shows a DataFrame or Series in the current notebook cell as a table (HTML, with danfojs's
 * text table as `text/plain`); outside a notebook prints the text table.
 *
 * @param frame - a danfojs DataFrame or Series.
 * @throws TypeError when `frame` is neither.
 * @example
 * import { showTable } from "grulab/internals";
 * showTable(df.head(5)); // an HTML table in the cell output
 */
export function showTable(frame: DataFrame | Series, options: TableHtmlOptions = {}): void {
  const html = tableHtml(frame, options);
  const out = openDisplay(false, '');
  if (!out) {
    console.log(frame.toString());
    return;
  }
  out.send({ 'text/html': html, 'text/plain': frame.toString() });
}

let installed = false;

/** The method Deno's kernel calls on a cell's last value for its MIME bundle (`Deno.jupyter.$display`). */
const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/**
 * Makes danfojs frames display as tables in notebooks (tslab's and Deno's): `print()` and a cell's last
 * expression show {@link showTable}'s output there; elsewhere `print()` is unchanged and
 * `console.log(frame)` prints danfojs's text table instead of the object's internals.
 * Idempotent; grulab calls it when loaded.
 */
export function installTableDisplay(): void {
  if (installed) return;
  installed = true;
  for (const proto of [BaseDataFrame.prototype, BaseSeries.prototype] as Array<{ print(): void; toString(): string }>) {
    const textPrint = proto.print;
    proto.print = function print(this: DataFrame | Series): void {
      if (openDisplay(false, '') === undefined) return textPrint.call(this);
      showTable(this);
    };
    Object.defineProperty(proto, util.inspect.custom, {
      configurable: true,
      value(this: DataFrame | Series, depth: number, inspectOptions: util.InspectOptionsStylized): string {
        // Only the frame being logged itself (tslab's last-expression value), not one nested in another value.
        const topLevel = depth === (inspectOptions.depth ?? 2);
        if (!topLevel || openDisplay(false, '') === undefined) return this.toString();
        showTable(this);
        swallowNextNewline();
        return '';
      },
    });
    Object.defineProperty(proto, JUPYTER_DISPLAY, {
      configurable: true,
      value(this: DataFrame | Series): Record<string, string> {
        return { 'text/html': tableHtml(this), 'text/plain': this.toString() };
      },
    });
  }
}

/**
 * The table is already shown: `console.log` would now write an empty line ('' + newline)
 * as a stream output. Drop that one write, if it comes in the same tick.
 */
function swallowNextNewline(): void {
  const stdout = process.stdout;
  const write = stdout.write;
  const restore = (): void => { if (stdout.write === swallow) stdout.write = write; };
  const swallow = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    restore();
    if (chunk === '\n') return true;
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stdout.write;
  stdout.write = swallow;
  process.nextTick(restore);
}

installTableDisplay();
