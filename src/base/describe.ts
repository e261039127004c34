/**
 * How error messages name the value they received: one helper, so every message in grulab
 * says "got the text 'abc'" or "got number NaN" the same way.
 */

/**
 * A short description of a value for error messages.
 *
 * @example
 * describe('abc'); // => "the text 'abc'"
 * describe(NaN);   // => 'number NaN'
 */
export function describe(value: unknown): string {
  if (value instanceof Date) return `the date ${value.toISOString()}`;
  if (typeof value === 'string') return `the text '${value}'`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
