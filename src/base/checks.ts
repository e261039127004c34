/**
 * Argument checks shared by every module, so that each rule is written once and every
 * message reads the same: "caller: name must be ..., got value".
 */
import { describe } from './describe';

/**
 * Throws unless `value` is an integer of at least 1 (a count: units, epochs, folds, days).
 *
 * @param caller the public function the user called, first in the message.
 * @param name the argument's name as the user wrote it (`'units'`, `'units[1]'`).
 * @param value what was received; numbers are shown as they are, anything else described.
 * @returns `value`, typed as a number.
 * @throws Error "caller: name must be a positive integer, got value".
 * @example
 * checkPositiveInteger('gru', 'units', 50); // => 50
 * checkPositiveInteger('gru', 'units', 2.5); // throws "gru: units must be a positive integer, got 2.5"
 */
export function checkPositiveInteger(caller: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${caller}: ${name} must be a positive integer, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

/**
 * Checks that `timeStep` is a positive integer smaller than `length`.
 *
 * @param timeStep the window length to check.
 * @param length the series length.
 * @param caller the function name the message starts with.
 * @throws Error in the style "createDataset: timeStep must be a positive integer smaller
 *   than the series length (8000), got 9000".
 * @example
 * checkTimeStep(100, 8000, 'createDataset'); // => undefined (no error)
 * checkTimeStep(0, 8000, 'createDataset'); // throws '... smaller than the series length (8000), got 0'
 */
export function checkTimeStep(timeStep: number, length: number, caller: string): void {
  if (!Number.isInteger(timeStep) || timeStep < 1 || timeStep >= length) {
    throw new Error(`${caller}: timeStep must be a positive integer smaller than the series length (${length}), got ${timeStep}`);
  }
}
