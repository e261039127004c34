/**
 * Conformal widths as statsforecast's ConformalIntervals take them: the ceil((n + 1) · level)-th
 * smallest held-out score per step; steps pooled (scaled by √step) when a step has too few;
 * and on exchangeable errors, intervals that cover about as often as they say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/index';
import { conformalIntervals, conformalWidths } from '../../../src/internals';

test('the width of a step is the ceil((n + 1) · level)-th smallest score of that step', () => {
  const scores = Array.from({ length: 19 }, (_, i) => [i + 1, 2 * (i + 1)]);
  const widths = conformalWidths(scores, [50, 95]);
  assert.deepEqual(widths[50], [10, 20]); // ceil(20 · 0.5) = 10th
  assert.deepEqual(widths[95], [19, 38]); // ceil(20 · 0.95) = 19th
});

test('too few scores for a level: the steps pooled by √step; none at all: Infinity; bad input named', () => {
  const widths = conformalWidths([[1, Math.SQRT2 * 2], [2, Math.SQRT2 * 4], [3, Math.SQRT2 * 6]], [50, 95]);
  assert.deepEqual(widths[50], [2, Math.SQRT2 * 4]); // each step has enough scores for 50 %: its own 2nd smallest
  // 6 pooled scores (1, 2, 3, 2, 4, 6 over √step: 1, 2, 2, 3, 4, 6), ceil(7 · 0.95) = 7 > 6: no width
  assert.deepEqual(widths[95], [Infinity, Infinity]);
  // 10 windows: too few for 95 % at one step (ceil(11 · 0.95) = 11), enough pooled (20 scores, the 20th)
  const ten = Array.from({ length: 10 }, (_, i) => [i + 1, Math.SQRT2 * (i + 1)]);
  assert.deepEqual(conformalWidths(ten, [95])[95], [10, 10 * Math.SQRT2]);
  assert.throws(() => conformalWidths([], [80]), /no held-out errors/);
  assert.throws(() => conformalWidths([[1], [1, 2]], [80]), /every row must have 1 steps/);
  assert.throws(() => conformalWidths([[1]], [100]), /levels must be percentages in \(0, 100\), got 100/);
});

test('on exchangeable errors, 80 % and 95 % intervals cover within 2 points of their level', () => {
  const rng = createRng(3);
  const normal = (): number => rng.normal();
  const scores = Array.from({ length: 400 }, () => [Math.abs(normal()), Math.abs(2 * normal())]);
  const widths = conformalWidths(scores, [80, 95]);
  const hits: Record<number, number> = { 80: 0, 95: 0 };
  const trials = 4000;
  for (let t = 0; t < trials; t++) {
    const actual = [normal(), 2 * normal()];
    for (const band of conformalIntervals([0, 0], 1, widths, [80, 95], false)) {
      hits[band.level] += actual.filter((a, h) => band.lower[h] <= a && a <= band.upper[h]).length;
    }
  }
  for (const level of [80, 95]) assert.ok(Math.abs((100 * hits[level]) / (2 * trials) - level) < 2, `${level} %: covered ${(100 * hits[level]) / (2 * trials)} %`);
});
