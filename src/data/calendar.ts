/**
 * Dates for the whole library, through one date library (Luxon): reading a date cell, the
 * frequency of a series (yearly ... minutes), and the dates that follow the last one.
 *
 * Every instant is UTC: a date-time written without a zone is read as UTC, so every
 * machine gets the same instants (pandas keeps such times "naive"; UTC is the JavaScript
 * equivalent).
 */
import { DateTime, type DurationLikeObject } from 'luxon';

/** Formats read without options, in Luxon's tokens, tried after ISO 8601 (see {@link parseDate}). */
const KNOWN_FORMATS: readonly string[] = [
  'yyyy/MM/dd', 'yyyy/MM/dd HH:mm', 'yyyy/MM/dd HH:mm:ss', 'yyyy/M/d', 'yyyy/M/d H:mm', 'yyyy/M/d H:mm:ss',
  'MMM d yyyy', 'MMM d, yyyy', 'MMMM d yyyy', 'MMMM d, yyyy', 'd MMM yyyy', 'd MMMM yyyy', 'MMM yyyy', 'MMMM yyyy',
];

/** `01/02/2020`, `1.2.2020`, `01-02-2020`: day and month cannot be told apart. */
const AMBIGUOUS = /^\d{1,2}([/.-])\d{1,2}\1\d{2,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
/** `2010-01-31 06:00`: ISO 8601 with a space for the `T` (what pandas and SQL write). */
const ISO_WITH_SPACE = /^\d{4}-\d{2}-\d{2} \d/;

/** Why a date text could not be read: not a date at all, or one whose day and month are ambiguous. */
export type DateFault = 'not-a-date' | 'ambiguous';

/** A date cell read with {@link parseDate}: the instant in ms since 1970, or the fault. */
export type ParsedDate = { time: number } | { fault: DateFault };

const UTC = { zone: 'utc', locale: 'en-US' } as const;

/**
 * Reads a date text as pandas' `to_datetime` does without options, or with `format`.
 *
 * Without `format`: ISO 8601 dates and date-times (`2010-01-31`, `2010-01-31T06:00`,
 * `2010-01-31 06:00:00`, with `Z` or an offset such as `+01:00`), `YYYY-MM` (a month),
 * integer years (`1880`), `YYYY/MM/DD hh:mm[:ss]`, and English month names (`Jan 1 2000`,
 * `January 1, 2000`, `1 Jan 2000`). `01/02/2020` is ambiguous (January 2 or February 1)
 * and reported so. With `format` (Luxon tokens, e.g. `MM/dd/yyyy`, `dd.MM.yyyy HH:mm`)
 * only that pattern is read.
 *
 * @param text the cell's text (trimmed here).
 * @param format a Luxon format such as `dd.MM.yyyy`; default: the forms above.
 * @returns `{ time }` in ms since 1970 (UTC), or `{ fault }`.
 * @example
 * parseDate('Jan 1 2000'); // => { time: 946684800000 }
 * parseDate('01/02/2020'); // => { fault: 'ambiguous' }
 * parseDate('01/02/2020', 'dd/MM/yyyy'); // => { time: 1580515200000 } (1 February)
 */
export function parseDate(text: string, format?: string): ParsedDate {
  const trimmed = text.trim();
  if (format !== undefined) {
    const parsed = DateTime.fromFormat(trimmed, format, UTC);
    return parsed.isValid ? { time: parsed.toMillis() } : { fault: 'not-a-date' };
  }
  if (trimmed === '') return { fault: 'not-a-date' };
  // Luxon's ISO reader wants the `T`; pandas accepts a space in its place.
  const iso = DateTime.fromISO(ISO_WITH_SPACE.test(trimmed) ? trimmed.replace(' ', 'T') : trimmed, UTC);
  if (iso.isValid && /^\d{4}/.test(trimmed)) return { time: iso.toMillis() };
  if (AMBIGUOUS.test(trimmed)) return { fault: 'ambiguous' };
  for (const known of KNOWN_FORMATS) {
    const parsed = DateTime.fromFormat(trimmed, known, UTC);
    if (parsed.isValid) return { time: parsed.toMillis() };
  }
  return { fault: 'not-a-date' };
}

/**
 * A date text as ms since 1970, or `undefined` when it is not one of the forms
 * {@link parseDate} reads without a format.
 *
 * @example
 * parseDateTime('2010-01-31'); // => 1264896000000
 */
export function parseDateTime(text: string): number | undefined {
  const parsed = parseDate(text);
  return 'time' in parsed ? parsed.time : undefined;
}

/** {@link parseDateTime} as a `Date`, or `undefined`. */
export function parseDateText(text: string): Date | undefined {
  const time = parseDateTime(text);
  return time === undefined ? undefined : new Date(time);
}

/** A date as the file shows it when it has no time part (`2010-01-31`), else ISO 8601 in UTC. */
export function formatDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The calendar units a series can step by. */
export type FrequencyUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute';

/** The units, longest first (for validating options and for `--help`). */
export const FREQUENCY_UNITS: readonly FrequencyUnit[] = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute'];

/** The spacing of a regular series: `step` calendar `unit`s (`{ unit: 'minute', step: 15 }`). */
export interface Frequency {
  unit: FrequencyUnit;
  step: number;
}

const ADJECTIVE: Record<FrequencyUnit, string> = {
  year: 'yearly', quarter: 'quarterly', month: 'monthly', week: 'weekly', day: 'daily', hour: 'hourly', minute: 'every minute',
};

/**
 * A frequency in words: `'monthly'`, `'every 15 minutes'`.
 *
 * @example
 * describeFrequency({ unit: 'minute', step: 15 }); // => 'every 15 minutes'
 */
export function describeFrequency(frequency: Frequency): string {
  return frequency.step === 1 ? ADJECTIVE[frequency.unit] : `every ${frequency.step} ${frequency.unit}s`;
}

/** `time` moved `count` steps of `frequency` (calendar-aware: one month after Jan 31 is Feb 28/29). */
export function addSteps(time: number, frequency: Frequency, count: number): number {
  const amount: DurationLikeObject = { [`${frequency.unit}s`]: frequency.step * count };
  return DateTime.fromMillis(time, UTC).plus(amount).toMillis();
}

/** The start of the `frequency` slot holding `time` (pandas' `resample` bins: `floor`). */
export function slotStart(time: number, frequency: Frequency): number {
  const start = DateTime.fromMillis(time, UTC).startOf(frequency.unit === 'week' ? 'week' : frequency.unit);
  if (frequency.step === 1) return start.toMillis();
  // Multi-unit slots count from the Unix epoch (pandas' default `origin='epoch'` for fixed steps).
  const unitMs = DateTime.fromMillis(0, UTC).plus({ [`${frequency.unit}s`]: 1 }).toMillis();
  const size = unitMs * frequency.step;
  return Math.floor(time / size) * size;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The frequency a spacing in ms suggests, before checking it against the calendar. */
function candidate(spacing: number): Frequency | undefined {
  if (spacing <= 0) return undefined;
  if (spacing >= 365 * DAY && spacing <= 366 * DAY) return { unit: 'year', step: 1 };
  if (spacing >= 89 * DAY && spacing <= 92 * DAY) return { unit: 'quarter', step: 1 };
  if (spacing >= 28 * DAY && spacing <= 31 * DAY) return { unit: 'month', step: 1 };
  if (spacing % (7 * DAY) === 0) return { unit: 'week', step: spacing / (7 * DAY) };
  if (spacing % DAY === 0) return { unit: 'day', step: spacing / DAY };
  if (spacing % HOUR === 0) return { unit: 'hour', step: spacing / HOUR };
  if (spacing % MINUTE === 0) return { unit: 'minute', step: spacing / MINUTE };
  return undefined;
}

/** What {@link detectFrequency} found. */
export interface FrequencyCheck {
  /** The most common spacing as a calendar frequency, when there is one. */
  frequency?: Frequency;
  /** Index of the first date that does not follow its predecessor by one `frequency` step (a gap or an off-grid time), when there is one. */
  firstIrregular?: number;
}

/**
 * Detects the frequency of sorted dates: the most common spacing, read as a calendar unit
 * (so months of 28 to 31 days are one month), and the first date that breaks it.
 *
 * @param times ms since 1970, ascending, at least 2.
 * @returns the frequency (absent when the spacing is no calendar unit) and the first irregular index.
 * @example
 * detectFrequency([Date.UTC(2000, 0), Date.UTC(2000, 1), Date.UTC(2000, 2)]); // => { frequency: { unit: 'month', step: 1 } }
 */
export function detectFrequency(times: ArrayLike<number>): FrequencyCheck {
  if (times.length < 2) return {};
  const counts = new Map<string, { frequency: Frequency; count: number }>();
  for (let i = 1; i < times.length; i++) {
    const found = candidate(times[i] - times[i - 1]);
    if (found === undefined) continue;
    const key = `${found.unit}${found.step}`;
    const entry = counts.get(key) ?? { frequency: found, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { frequency: Frequency; count: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  if (best === undefined) return { firstIrregular: 1 };
  const frequency = best.frequency;
  // Counted from the first date, so month ends stay month ends (Jan 31, Feb 29, Mar 31).
  for (let i = 1; i < times.length; i++) {
    if (addSteps(times[0], frequency, i) !== times[i]) return { frequency, firstIrregular: i };
  }
  return { frequency };
}

/**
 * The `steps` dates after the last of `dates`, one frequency step apart: calendar months
 * for a monthly series, and so on (see {@link detectFrequency}). When the dates have no
 * calendar frequency, the median spacing is used; one date alone is followed daily.
 *
 * @example
 * nextDates([new Date('2020-01-31'), new Date('2020-02-29')], 2); // => [2020-03-31, 2020-04-30]
 */
export function nextDates(dates: ReadonlyArray<Date>, steps: number, frequency?: Frequency): Date[] {
  const times = dates.map((d) => d.getTime());
  const last = times[times.length - 1];
  const found = frequency ?? detectFrequency(times).frequency;
  if (found !== undefined) {
    // From the first date, so a monthly series on the 31st keeps month ends (Jan 31, Feb 29, Mar 31).
    const first = times[0];
    const offset = stepsBetween(first, last, found);
    if (offset !== undefined) return Array.from({ length: steps }, (_, k) => new Date(addSteps(first, found, offset + k + 1)));
    return Array.from({ length: steps }, (_, k) => new Date(addSteps(last, found, k + 1)));
  }
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const step = gaps.length === 0 ? DAY : gaps[Math.floor(gaps.length / 2)];
  return Array.from({ length: steps }, (_, k) => new Date(last + step * (k + 1)));
}

/** How many `frequency` steps lead from `from` exactly to `to`, or `undefined` when none does. */
function stepsBetween(from: number, to: number, frequency: Frequency): number | undefined {
  const unit = `${frequency.unit}s` as 'years';
  const estimate = Math.round(DateTime.fromMillis(to, UTC).diff(DateTime.fromMillis(from, UTC), unit).as(unit) / frequency.step);
  for (const k of [estimate, estimate - 1, estimate + 1]) if (k >= 0 && addSteps(from, frequency, k) === to) return k;
  return undefined;
}
