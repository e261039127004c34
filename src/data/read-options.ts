/**
 * How a file's rows are read: the options that `loadCsv`, the forecaster and
 * `grulab forecast` share, declared once here with their documentation and the command
 * line's flags, so a new option is added in one place and reaches all three.
 */
import { FREQUENCY_UNITS, type Frequency, type FrequencyUnit } from './calendar';
import type { WhereFilter } from './long-format';
import { FILL_MISSING_MODES, type FillMissing } from './missing';
import { AGGREGATES, type Aggregate } from './resample';

/** The reading options shared by {@link LoadCsvOptions}, `ForecasterOptions` and the command line. */
export interface ReadOptions {
  /**
   * What to do with an empty or `NaN` cell (also `NA`, `N/A`, `null`). Default: throw an
   * error naming its line and column. `'drop'` removes the row, `'ffill'` repeats the value
   * above, `'interpolate'` draws a straight line between the values around the gap, `'zero'`
   * writes 0 (the right fill for counts). Gaps are filled after the rows are sorted by date.
   */
  fillMissing?: FillMissing;
  /**
   * Keep only the rows whose columns hold these values (a long-format table with several
   * series, e.g. `{ location: 'Seattle' }`). Values are compared as trimmed text. Default: every row.
   */
  where?: WhereFilter;
  /**
   * The dates' pattern in Luxon tokens, e.g. `'MM/dd/yyyy'` or `'dd.MM.yyyy HH:mm'`.
   * Default: ISO 8601, `YYYY/MM/DD hh:mm[:ss]`, `YYYY-MM`, integer years and English month
   * names (`Jan 1 2000`) are read; `01/02/2020` is ambiguous and needs this option.
   */
  dateFormat?: string;
  /** The decimal mark of the numbers: `'.'` (default) or `','` (`19,5`, in a `;`-separated file). */
  decimal?: '.' | ',';
  /**
   * Resample onto this regular grid (pandas' `resample`): `'hour'`, `'day'`, ... or
   * `{ unit: 'minute', step: 15 }`. Rows in one slot are combined by `aggregate`; slots with
   * no row are missing values, filled by `fillMissing`. Default: rows as they are.
   */
  frequency?: FrequencyUnit | Frequency;
  /** How rows sharing a `frequency` slot are combined: `'sum'`, `'mean'` or `'last'`. Needed when a slot holds several rows. */
  aggregate?: Aggregate;
}

/** The names of the {@link ReadOptions}, in the order `--help` lists them. */
export const READ_OPTION_NAMES = ['dateFormat', 'where', 'frequency', 'aggregate', 'decimal', 'fillMissing'] as const satisfies readonly (keyof ReadOptions)[];

/** How the command line spells one reading option. */
export interface ReadOptionFlag {
  /** The flag with its argument, as commander takes it: `'--fill-missing <mode>'`. */
  flag: string;
  /** The `--help` text. */
  help: string;
  /** The values it accepts, when they are a fixed list. */
  choices?: readonly string[];
  /** Whether it may be given several times (each occurrence adds to the value). */
  repeatable?: boolean;
}

/** The command line's flags for the {@link ReadOptions} (`grulab forecast --help` prints these). */
export const READ_OPTION_FLAGS: Readonly<Record<(typeof READ_OPTION_NAMES)[number], ReadOptionFlag>> = {
  dateFormat: {
    flag: '--date-format <pattern>',
    help: "the dates' pattern in Luxon tokens, e.g. MM/dd/yyyy or 'dd.MM.yyyy HH:mm' (default: ISO 8601, 2015/01/31 06:00, 2015-01, 1880, Jan 31 2015, January 31, 2015, 31 Jan 2015)",
  },
  where: {
    flag: '--where <column=value>',
    help: 'keep the rows where column holds value (a long-format table with several series); repeat for more columns',
    repeatable: true,
  },
  frequency: { flag: '--frequency <unit>', help: 'resample onto this regular grid (default: the detected frequency; irregular dates are an error)', choices: FREQUENCY_UNITS },
  aggregate: { flag: '--aggregate <how>', help: 'how rows in one --frequency slot are combined: sum (counts), mean or last', choices: AGGREGATES },
  decimal: { flag: '--decimal <mark>', help: "decimal mark of the numbers: '.' or ',' (';' and tab separators are detected)", choices: ['.', ','] },
  fillMissing: {
    flag: '--fill-missing <mode>',
    help: 'how to fill empty or NaN cells and empty --frequency slots; zero suits counts (default: they are an error)',
    choices: FILL_MISSING_MODES,
  },
};

/**
 * The reading options set in `options` (those left `undefined` are left out), to pass on.
 *
 * @example
 * pickReadOptions({ fillMissing: 'ffill', target: 'Temp' }); // => { fillMissing: 'ffill' }
 */
export function pickReadOptions(options: ReadOptions): ReadOptions {
  const picked: Record<string, unknown> = {};
  for (const name of READ_OPTION_NAMES) if (options[name] !== undefined) picked[name] = options[name];
  return picked as ReadOptions;
}
