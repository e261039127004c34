/**
 * Strict parsing of the text in one CSV cell: numbers and "missing" markers (dates: `calendar.ts`).
 *
 * Hand-written because JavaScript's own converters are too lenient for data checks:
 * `Number('')` is 0 and `Number('0x1A')` is 26.
 */

/** Texts that mean "no value here" (compared case-insensitively, after trimming). */
export const MISSING_MARKERS: readonly string[] = ['', 'nan', 'na', 'n/a', 'null'];

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `true` when the cell holds one of {@link MISSING_MARKERS}. */
export function isMissingText(text: string): boolean {
  return MISSING_MARKERS.includes(text.trim().toLowerCase());
}

/**
 * Parses a decimal number such as `19.2`, `-3`, `1e-3` (or `19,2` with `decimal: ','`);
 * returns `undefined` for anything else (including `Infinity`, hexadecimal and thousands
 * separators).
 */
export function parseNumberText(text: string, decimal: '.' | ',' = '.'): number | undefined {
  let trimmed = text.trim();
  if (decimal === ',') {
    if (trimmed.includes('.')) return undefined; // `1.5` in a decimal-comma file is a typo or a thousands mark
    trimmed = trimmed.replace(',', '.');
  }
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : undefined;
}
