/**
 * Dates for Plotly. Plotly reads date strings `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`
 * and has no time zones, so dates are written in UTC. Date strings are read, and the next
 * date is placed, by the library's one calendar module (`data/calendar.ts`).
 */
import { nextDates, parseDateTime } from '../data/calendar';

/** A date as the figure builders accept it: a `Date` or a string `Date.parse` reads. */
export type DateLike = Date | string;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * `date` as a Plotly date string in UTC: `YYYY-MM-DD` at midnight, else with the time.
 *
 * @param date - any valid `Date`.
 * @example
 * formatPlotlyDate(new Date(Date.UTC(2010, 0, 31, 6, 30))); // => '2010-01-31 06:30:00'
 */
export function formatPlotlyDate(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const ms = date.getUTCMilliseconds();
  if (date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && ms === 0) {
    return day;
  }
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return ms === 0 ? `${day} ${time}` : `${day} ${time}.${pad(ms, 3)}`;
}

/** Milliseconds since the epoch of a date-like value, or NaN when it is not a date. */
function toTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return parseDateTime(value) ?? NaN; // a bare date-time is UTC, matching formatPlotlyDate
  return NaN;
}

/**
 * The dates as Plotly date strings.
 *
 * @param fn - name of the calling function, for error messages.
 * @param arg - name of the argument, for error messages.
 * @throws when an entry is neither a valid `Date` nor a date string.
 */
export function toPlotlyDates(fn: string, arg: string, dates: ReadonlyArray<DateLike>): string[] {
  if (!Array.isArray(dates)) {
    throw new TypeError(`${fn}: ${arg} must be an array of Date objects or date strings, got ${String(dates)}`);
  }
  return dates.map((d, i) => {
    const t = toTime(d);
    if (Number.isNaN(t)) {
      throw new TypeError(`${fn}: ${arg}[${i}] must be a Date or a date string like '2010-01-31', got ${JSON.stringify(d)}`);
    }
    return formatPlotlyDate(new Date(t));
  });
}

/**
 * The date one step after the last one, by the data's frequency (calendar months for
 * monthly data; see `nextDates`).
 *
 * @throws when `dates` has fewer than two entries.
 */
export function nextDate(fn: string, dates: ReadonlyArray<DateLike>): Date {
  if (dates.length < 2) {
    throw new RangeError(`${fn}: need at least 2 dates to place the next-step forecast, got ${dates.length}`);
  }
  return nextDates(dates.map((d, i) => toDate(fn, `dates[${i}]`, d)), 1)[0];
}

/** A date-like value as a `Date`. @throws when it is not a valid date. */
export function toDate(fn: string, arg: string, value: DateLike): Date {
  const t = toTime(value);
  if (Number.isNaN(t)) {
    throw new TypeError(`${fn}: ${arg} must be a Date or a date string like '2010-01-31', got ${JSON.stringify(value)}`);
  }
  return new Date(t);
}
