/**
 * Strict parsing of the text in one CSV cell: numbers, dates and "missing" markers.
 *
 * Hand-written because JavaScript's own converters are too lenient for data checks:
 * `Number('')` is 0, `Number('0x1A')` is 26, and `Date.parse('1')` is a date in 2001.
 */

/** Texts that mean "no value here" (compared case-insensitively, after trimming). */
export const MISSING_MARKERS: readonly string[] = ['', 'nan', 'na', 'n/a', 'null'];

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `true` when the cell holds one of {@link MISSING_MARKERS}. */
export function isMissingText(text: string): boolean {
  return MISSING_MARKERS.includes(text.trim().toLowerCase());
}

/**
 * Parses a decimal number such as `19.2`, `-3`, `1e-3`; returns `undefined` for anything
 * else (including `Infinity`, hexadecimal and thousands separators).
 */
export function parseNumberText(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : undefined;
}

const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date (`2010-01-31`) or date-time (`2010-01-31T06:00`,
 * `2010-01-31 06:00:00`, optionally with `Z` or `+01:00`) to a `Date`. A date-time
 * without a zone is read as UTC, so every machine gets the same instants (pandas keeps
 * such times "naive"; UTC is the JavaScript equivalent). Returns `undefined` when the
 * text is not such a date or names a day that does not exist (`2010-02-30`).
 */
export function parseDateText(text: string): Date | undefined {
  const time = parseDateTime(text);
  return time === undefined ? undefined : new Date(time);
}

/** {@link parseDateText} as milliseconds since 1970 (no `Date` object: loading calls it per row). */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined; // e.g. 2010-02-30
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - zoneOffsetMs(match[8]);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Formats a date as the file shows it when it has no time part (`2010-01-31`), else ISO. */
export function formatDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
