/**
 * Many series in one table, the long format statsforecast, neuralforecast, Darts and GluonTS
 * expect: an id column (or several) naming the series, a time column (dates in any form
 * `loadCsv` reads, or integer steps when there are no timestamps, as in M4), a value column.
 * Series may differ in length, start and end; each is checked and put on a regular grid.
 */
import { DataFrame } from 'danfojs-node';
import type { CsvVisitor } from './csv';
import { addSteps, describeFrequency, detectFrequency, formatDate, parseDate, type Frequency } from './calendar';
import { fillGaps } from './missing';
import type { ReadOptions } from './read-options';
import { resample } from './resample';
import { openTableFile } from './table-file';
import { expectColumnKind, expectRows, type TypedTable } from './typed-table';
import { isMissingText, parseNumberText } from './values';

/** How the time column is read: dates, or integer steps (1, 2, 3, ...). */
export type TimeKind = 'date' | 'step';

/** Options of {@link loadPanel}: the three columns, and how rows are read. */
export interface PanelOptions extends ReadOptions {
  /** The column naming each series, or several columns whose values together name it (joined by `/`). */
  id: string | string[];
  /** The column to forecast. */
  target: string;
  /** The time column. Default: the first of `ds`, `Date`, `date`, `time`, `timestamp`, `step` the file has. */
  time?: string;
  /**
   * `'date'` or `'step'`. Default: steps when every time is an integer and not every one is
   * a four-digit year (M4's `1, 2, 3, ...`), else dates.
   */
  timeKind?: TimeKind;
}

/** One series of a panel, on a regular grid, oldest first. */
export interface PanelSeries {
  id: string;
  /** Each value's time: milliseconds since 1970 (UTC) for dates, the step number for steps. */
  times: number[];
  /** The target's values (gaps filled as `fillMissing` says, or none were allowed). */
  values: number[];
}

/** Many series read from a long table. */
export interface Panel {
  idColumns: string[];
  timeColumn: string;
  target: string;
  timeKind: TimeKind;
  /** The dates' frequency (`undefined` for steps). */
  frequency?: Frequency;
  /** The series, in the order their ids first appear. */
  series: PanelSeries[];
}

const TIME_COLUMNS = ['ds', 'Date', 'date', 'time', 'timestamp', 'step'];

/** One series' rows as read, before sorting and checking. */
interface RawSeries {
  id: string;
  times: string[];
  values: number[];
  lines: number[];
}

/**
 * Reads a long-format table (one row per series and time) into a {@link Panel}: rows grouped
 * by id, sorted by time, each series checked and put on its regular grid. The file is only
 * read, never written. CSV, Parquet and Arrow IPC (Feather v2) files are told apart by their
 * first bytes and read as `loadTable` reads them; in Parquet and Arrow the schema's types
 * count: a date or timestamp column is read as dates (and is the time column when none of
 * the usual names is there), the target must hold numbers, and places are named by row.
 *
 * @param path the file: CSV (as `loadCsv` reads: `,` `;` or tab, quotes, a header line),
 *   Parquet or Arrow IPC.
 * @param options the id, time and target columns, and the reading options (`fillMissing`,
 *   `dateFormat`, `decimal`, `frequency` with `aggregate`, `where`).
 * @returns the panel.
 * @throws Error naming the file, line (row, in Parquet and Arrow) and column: a column that
 *   is not in the header, an empty id, a time that is not a date or step, a value that is
 *   not a number, a missing value (without `fillMissing`), two rows with the same id and
 *   time, a gap in a series' grid (without `fillMissing`), dates of no common frequency
 *   (without `frequency`); naming the schema's type of a target that is not numbers; naming
 *   the format of a binary file grulab does not read.
 * @example
 * const panel = loadPanel('m4-hourly-long.csv', { id: 'unique_id', time: 'ds', target: 'y' });
 * panel.series.length; // => 374
 * panel.timeKind; // => 'step'
 */
export function loadPanel(path: string, options: PanelOptions): Panel {
  const where = `loadPanel: ${path}`;
  const idColumns = Array.isArray(options.id) ? options.id : [options.id];
  if (idColumns.length === 0 || idColumns.some((c) => typeof c !== 'string' || c === '')) {
    throw new Error(`loadPanel: id must name the column (or columns) naming each series, got ${JSON.stringify(options.id)}`);
  }
  if (typeof options.target !== 'string' || options.target === '') {
    throw new Error(`loadPanel: target must name the column to forecast, got ${JSON.stringify(options.target)}`);
  }
  const file = openTableFile(path, 'loadPanel');
  const read = file.typed === undefined ? options : typedPanelOptions(file.typed, { ...options, id: idColumns }, where);
  return file.inRows(() => readPanel(file.read, read, idColumns, where));
}

/**
 * A typed file's defaults and checks: the time column found by its schema type when none
 * of the usual names is there, a date-typed time column read as dates (`dateFormat`
 * concerns text only), the target holding numbers; `decimal` left out (CSV text only).
 */
function typedPanelOptions(table: TypedTable, options: PanelOptions & { id: string[] }, where: string): PanelOptions {
  expectRows(table, where);
  const names = table.columns.map((c) => c.name);
  const time = options.time ?? TIME_COLUMNS.find((name) => names.includes(name)) ?? table.columns.find((c) => c.kind === 'date')?.name;
  const timeType = time === undefined ? undefined : expectColumnKind(table, time, ['date', 'number', 'text'], 'time column', 'dates, timestamps, integer steps or text', where);
  expectColumnKind(table, options.target, ['number'], 'target', 'numbers', where);
  for (const id of options.id) expectColumnKind(table, id, ['text', 'number', 'boolean', 'date'], 'id column', 'text or numbers', where);
  const { decimal: _decimal, ...rest } = options;
  const dates = timeType?.kind === 'date' ? { timeKind: options.timeKind ?? 'date', dateFormat: undefined } : {};
  return { ...rest, ...(time !== undefined ? { time } : {}), ...dates };
}

/** The rows `read` hands over, grouped by series and made a panel. */
function readPanel(read: (visitor: CsvVisitor) => void, options: PanelOptions, idColumns: string[], where: string): Panel {
  const groups = new Map<string, RawSeries>();
  let timeColumn = '';
  let idx = { time: -1, target: -1, ids: [] as number[] };
  let keep: ((fields: string[]) => boolean) | undefined;
  read({
    header(names) {
      const missing = (name: string): Error => new Error(`${where}: column '${name}' is not in the file; the columns are ${names.map((n) => `'${n}'`).join(', ')}`);
      for (const name of [...idColumns, options.target]) if (!names.includes(name)) throw missing(name);
      if (options.time !== undefined && !names.includes(options.time)) throw missing(options.time);
      const found = options.time ?? TIME_COLUMNS.find((name) => names.includes(name));
      if (found === undefined) throw new Error(`${where}: no time column (looked for ${TIME_COLUMNS.map((n) => `'${n}'`).join(', ')}); pass time to name it (--time)`);
      timeColumn = found;
      idx = { time: names.indexOf(found), target: names.indexOf(options.target), ids: idColumns.map((c) => names.indexOf(c)) };
      if (options.where !== undefined) {
        const conditions = Object.entries(options.where).map(([column, value]) => {
          if (!names.includes(column)) throw missing(column);
          return [names.indexOf(column), String(value).trim()] as const;
        });
        keep = (fields) => conditions.every(([c, value]) => fields[c].trim() === value);
      }
    },
    row(fields, line) {
      if (keep !== undefined && !keep(fields)) return;
      const parts = idx.ids.map((c) => fields[c].trim());
      const empty = parts.findIndex((p) => p === '');
      if (empty >= 0) throw new Error(`${where} line ${line}, column '${idColumns[empty]}': the id is empty; every row must name its series`);
      const id = parts.join('/');
      const text = fields[idx.target];
      let value = NaN;
      if (!isMissingText(text)) {
        const parsed = parseNumberText(text, options.decimal);
        if (parsed === undefined) throw new Error(`${where} line ${line}, column '${options.target}' (series '${id}'): '${text}' is not a number`);
        value = parsed;
      } else if (options.fillMissing === undefined) {
        throw new Error(`${where} line ${line}, column '${options.target}' (series '${id}') ${text.trim() === '' ? 'is empty' : `is '${text}'`} (a missing value); pass fillMissing: 'drop' | 'ffill' | 'interpolate' | 'zero' (--fill-missing)`);
      }
      let group = groups.get(id);
      if (group === undefined) groups.set(id, (group = { id, times: [], values: [], lines: [] }));
      group.times.push(fields[idx.time].trim());
      group.values.push(value);
      group.lines.push(line);
    },
  });
  if (groups.size === 0) throw new Error(`${where}: no row matches where ${JSON.stringify(options.where)}`);
  return panelOf([...groups.values()], { ...options, idColumns, timeColumn }, where);
}

/**
 * A {@link Panel} from a long-format danfojs DataFrame (one row per series and time), checked
 * as {@link loadPanel} checks a file; messages name rows by their 0-based index.
 *
 * @throws Error as `loadPanel`, and naming a column the frame does not have.
 * @example
 * panelFromFrame(df, { id: 'unique_id', time: 'ds', target: 'y' }).series.length; // => the ids in df
 */
export function panelFromFrame(frame: DataFrame, options: PanelOptions): Panel {
  const where = 'forecaster: data';
  const columns = frame.columns.map(String);
  const idColumns = Array.isArray(options.id) ? options.id : [options.id];
  const timeColumn = options.time ?? TIME_COLUMNS.find((name) => columns.includes(name));
  for (const name of [...idColumns, options.target, ...(timeColumn !== undefined ? [timeColumn] : [])]) {
    if (!columns.includes(name)) throw new Error(`${where}: column '${name}' is not in the frame; the columns are ${columns.map((n) => `'${n}'`).join(', ')}`);
  }
  if (timeColumn === undefined) throw new Error(`${where}: no time column (looked for ${TIME_COLUMNS.map((n) => `'${n}'`).join(', ')}); pass time to name it`);
  const ids = idColumns.map((c) => frame.column(c).values as unknown[]);
  const times = frame.column(timeColumn).values as unknown[];
  const values = frame.column(options.target).values as unknown[];
  const groups = new Map<string, RawSeries>();
  for (let r = 0; r < times.length; r++) {
    const id = ids.map((column) => String(column[r] ?? '').trim()).join('/');
    if (ids.some((column) => column[r] === null || column[r] === undefined || String(column[r]).trim() === '')) throw new Error(`${where} row ${r}: the id is empty; every row must name its series`);
    const v = values[r];
    const value = typeof v === 'number' ? v : NaN;
    if (!Number.isFinite(value) && options.fillMissing === undefined) {
      throw new Error(`${where} row ${r}, column '${options.target}' (series '${id}'): ${JSON.stringify(v)} is not a finite number; pass fillMissing to fill missing values`);
    }
    const t = times[r];
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = { id, times: [], values: [], lines: [] }));
    group.times.push(t instanceof Date ? t.toISOString() : String(t).trim());
    group.values.push(Number.isFinite(value) ? value : NaN);
    group.lines.push(r);
  }
  if (groups.size === 0) throw new Error(`${where}: the frame has no rows`);
  return panelOf([...groups.values()], { ...options, idColumns, timeColumn }, where);
}

/**
 * A {@link Panel} from series given as arrays of values on integer steps `1, 2, ...` (M4's
 * wide files, or series built in code).
 *
 * @example
 * panelFromValues([{ id: 'a', values: [1, 2, 3] }]).series[0].times; // => [1, 2, 3]
 */
export function panelFromValues(list: ReadonlyArray<{ id: string; values: ArrayLike<number> }>, names: { target?: string; time?: string; id?: string } = {}): Panel {
  const series = list.map(({ id, values }) => {
    const copy = Array.from(values);
    const bad = copy.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`panelFromValues: series '${id}' value ${bad + 1} is ${copy[bad]}, expected a finite number`);
    return { id, times: copy.map((_, i) => i + 1), values: copy };
  });
  return { idColumns: [names.id ?? 'unique_id'], timeColumn: names.time ?? 'ds', target: names.target ?? 'y', timeKind: 'step', series };
}

/**
 * The panel as one long DataFrame: the id column(s), the time column (dates, or step
 * numbers) and the target, series after series.
 *
 * @example
 * panelFrame(panel).columns; // => ['unique_id', 'ds', 'y']
 */
export function panelFrame(panel: Panel): DataFrame {
  const id: string[] = [];
  const time: Array<Date | number> = [];
  const value: number[] = [];
  for (const s of panel.series) {
    s.times.forEach((t, i) => {
      id.push(s.id);
      time.push(panel.timeKind === 'date' ? new Date(t) : t);
      value.push(s.values[i]);
    });
  }
  return new DataFrame({ [panel.idColumns.join('/')]: id, [panel.timeColumn]: time, [panel.target]: value });
}

/** Whether the time texts are integer steps (and not four-digit years, which `parseDate` reads as dates). */
function looksLikeSteps(groups: RawSeries[]): boolean {
  let allYears = true;
  for (const g of groups) {
    for (const t of g.times) {
      if (!/^[+-]?\d+$/.test(t)) return false;
      const n = Number(t);
      if (!(n >= 1000 && n <= 9999)) allYears = false;
    }
  }
  return !allYears;
}

interface PanelContext extends ReadOptions {
  idColumns: string[];
  timeColumn: string;
  target: string;
  timeKind?: TimeKind;
}

/** Parses, sorts, checks and regularises every series. */
function panelOf(groups: RawSeries[], o: PanelContext, where: string): Panel {
  const timeKind: TimeKind = o.timeKind ?? (looksLikeSteps(groups) ? 'step' : 'date');
  const parsed = groups.map((g) => {
    const times = g.times.map((text, r) => {
      if (timeKind === 'step') {
        const n = Number(text);
        if (text === '' || !Number.isInteger(n)) throw new Error(`${where} line ${g.lines[r]}, column '${o.timeColumn}' (series '${g.id}'): '${text}' is not an integer step`);
        return n;
      }
      const date = parseDate(text, o.dateFormat);
      if (!('time' in date)) {
        const hint = date.fault === 'ambiguous' ? "is ambiguous (day/month or month/day?); pass dateFormat: 'MM/dd/yyyy' or 'dd/MM/yyyy' (--date-format)" : 'is not a date';
        throw new Error(`${where} line ${g.lines[r]}, column '${o.timeColumn}' (series '${g.id}'): '${text}' ${hint}`);
      }
      return date.time;
    });
    const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
    return { id: g.id, times: order.map((i) => times[i]), values: order.map((i) => g.values[i]), lines: order.map((i) => g.lines[i]) };
  });
  const frequency = timeKind === 'date' ? panelFrequency(parsed, o, where) : undefined;
  const series = parsed.map((s) => regularise(s, timeKind, frequency, o, where));
  return { idColumns: o.idColumns, timeColumn: o.timeColumn, target: o.target, timeKind, ...(frequency !== undefined ? { frequency } : {}), series };
}

/** The dates' frequency: the one given to resample to, else the one most series show. */
function panelFrequency(series: Array<{ id: string; times: number[] }>, o: PanelContext, where: string): Frequency {
  const f = o.frequency;
  if (f !== undefined) return typeof f === 'string' ? { unit: f, step: 1 } : f;
  const counts = new Map<string, { frequency: Frequency; n: number }>();
  for (const s of series) {
    const found = detectFrequency(s.times).frequency;
    if (found === undefined) continue;
    const key = `${found.unit}/${found.step}`;
    const entry = counts.get(key) ?? { frequency: found, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  if (best === undefined) throw new Error(`${where}: no series has dates of a regular frequency; resample with frequency: 'day' (or another unit) and aggregate (--frequency, --aggregate)`);
  return best.frequency;
}

/** One series on its grid: duplicates refused (or aggregated), empty slots and missing values filled or refused. */
function regularise(
  s: { id: string; times: number[]; values: number[]; lines: number[] },
  timeKind: TimeKind,
  frequency: Frequency | undefined,
  o: PanelContext,
  where: string,
): PanelSeries {
  const shown = (t: number): string => (timeKind === 'date' ? formatDate(new Date(t)) : `step ${t}`);
  const label = `series '${s.id}'`;
  let times = s.times;
  let values = s.values;
  let lines = s.lines;
  if (timeKind === 'date' && o.frequency !== undefined) {
    const grid = resample({ times, columns: [values], lines }, frequency as Frequency, o.aggregate, `${where} (${label})`);
    times = grid.times;
    values = grid.columns[0];
    lines = grid.lines;
  } else {
    for (let i = 1; i < times.length; i++) {
      if (times[i] === times[i - 1]) {
        throw new Error(`${where}: lines ${lines[i - 1]} and ${lines[i]} have the same time ${shown(times[i])} for ${label}; a series needs one row per time (or resample with --frequency and --aggregate)`);
      }
    }
    const slots: number[] = [times[0]];
    const next = (t: number): number => (timeKind === 'step' ? t + 1 : addSteps(t, frequency as Frequency, 1));
    while (slots[slots.length - 1] < times[times.length - 1]) {
      if (slots.length > 10_000_000) throw new Error(`${where}: ${label} would span over 10 million ${timeKind === 'step' ? 'steps' : 'slots'} from ${shown(times[0])} to ${shown(times[times.length - 1])}; check its time column`);
      slots.push(next(slots[slots.length - 1]));
    }
    const at = new Map(times.map((t, i) => [t, i]));
    const onGrid = new Set(slots);
    const offGrid = times.find((t) => !onGrid.has(t));
    if (offGrid !== undefined) {
      throw new Error(`${where}: ${label} has a row at ${shown(offGrid)}, off its ${timeKind === 'step' ? 'steps' : describeFrequency(frequency as Frequency)} grid; resample with frequency and aggregate (--frequency, --aggregate)`);
    }
    if (slots.length > times.length) {
      const gap = slots.findIndex((t) => !at.has(t));
      if (o.fillMissing === undefined) {
        throw new Error(`${where}: ${label} has no row for ${shown(slots[gap])} (after line ${lines[gap - 1]}); pass fillMissing: 'interpolate', 'ffill' or 'zero' (counts) to fill the gaps (--fill-missing)`);
      }
      values = slots.map((t) => (at.has(t) ? values[at.get(t) as number] : NaN));
      lines = slots.map((t, i) => (at.has(t) ? lines[at.get(t) as number] : lines[Math.max(0, i - 1)]));
      times = slots;
    }
  }
  if (values.some(Number.isNaN)) {
    if (o.fillMissing === undefined) {
      const r = values.findIndex(Number.isNaN);
      throw new Error(`${where}: ${label} has no value for ${shown(times[r])}; pass fillMissing (--fill-missing)`);
    }
    const filled = fillGaps({ names: [o.target], columns: [values], lines }, o.fillMissing, `${where} (${label})`);
    const { keep } = filled;
    if (keep.length > 0 && keep[keep.length - 1] - keep[0] + 1 !== keep.length) {
      const r = keep.findIndex((k, i) => i > 0 && k !== keep[i - 1] + 1);
      throw new Error(`${where}: fillMissing 'drop' leaves a gap in ${label} after ${shown(times[keep[r - 1]])}; a series needs every step: use 'interpolate', 'ffill' or 'zero' (--fill-missing)`);
    }
    values = filled.columns[0];
    times = keep.map((r) => times[r]);
  }
  return { id: s.id, times, values };
}
