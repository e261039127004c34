/**
 * The same notebook run twice with the same seed prints the same numbers. Lines that
 * report timings (milliseconds, seconds, elapsed, per-epoch speed) are set aside, since
 * clocks differ between runs; everything else, losses and predictions included, must be
 * identical to the character.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printedText, runRunner } from './helpers/notebooks';

const TIMING = /\b(ms|seconds?|elapsed|ETA|per epoch|speed|faster|slower)\b|\d\s*s\b|×/i;

function untimed(text: string): string[] {
  return text.split('\n').filter((line) => !TIMING.test(line));
}

test('notebook 01 run twice with its seed prints identical numbers', { timeout: 10 * 60_000 }, () => {
  const args = ['01', '-p', 'timingEpochs=5', '-p', 'sweepSeeds=2', '-p', 'compareSeeds=2'];
  const [first, second] = [runRunner(args), runRunner(args)];
  for (const run of [first, second]) assert.equal(run.status, 0, run.stderr);
  const [a, b] = [first, second].map((run) => untimed(printedText(run.read('01-gru-basics.ipynb'))));
  assert.ok(a.some((line) => line.startsWith('Predictions: [')), 'the comparison covers the predictions');
  assert.ok(a.length > 40, `enough printed lines to compare (${a.length})`);
  assert.deepEqual(b, a);
});
