/**
 * Calendar features: where a date sits in the cycles its frequency can show (hour of day,
 * day of week, day of year, month of year), as sine and cosine so that the cycle's end
 * meets its start (23:00 is next to 00:00).
 */
import type { Frequency } from './calendar';

const DAY_MS = 86_400_000;

/** One cycle: its name and the position (0 to 1) of a date in it. */
interface Cycle {
  name: string;
  phase: (date: Date) => number;
}

const HOUR_OF_DAY: Cycle = { name: 'hour', phase: (d) => (d.getUTCHours() + d.getUTCMinutes() / 60) / 24 };
const DAY_OF_WEEK: Cycle = { name: 'weekday', phase: (d) => d.getUTCDay() / 7 };
const DAY_OF_YEAR: Cycle = { name: 'yearday', phase: (d) => (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS / 365.25 };
const MONTH_OF_YEAR: Cycle = { name: 'month', phase: (d) => d.getUTCMonth() / 12 };

/** The cycles worth feeding for each frequency (a yearly series has none). */
function cyclesFor(frequency: Frequency): Cycle[] {
  switch (frequency.unit) {
    case 'minute':
    case 'hour':
      return [HOUR_OF_DAY, DAY_OF_WEEK];
    case 'day':
      return [DAY_OF_WEEK, DAY_OF_YEAR];
    case 'week':
      return [DAY_OF_YEAR];
    case 'month':
    case 'quarter':
      return [MONTH_OF_YEAR];
    case 'year':
      return [];
  }
}

/**
 * The calendar columns for `dates`: `calendar_<cycle>_sin` and `_cos` for each cycle of the frequency.
 *
 * @example
 * Object.keys(calendarColumns(dates, { unit: 'month', step: 1 })); // => ['calendar_month_sin', 'calendar_month_cos']
 */
export function calendarColumns(dates: ReadonlyArray<Date>, frequency: Frequency): Record<string, number[]> {
  const columns: Record<string, number[]> = {};
  for (const cycle of cyclesFor(frequency)) {
    const phases = dates.map((d) => 2 * Math.PI * cycle.phase(d));
    columns[`calendar_${cycle.name}_sin`] = phases.map(Math.sin);
    columns[`calendar_${cycle.name}_cos`] = phases.map(Math.cos);
  }
  return columns;
}
