// compareSamples: the centres, intervals, "won in k of n" and the sentence. Expected numbers are
// worked by hand: mean and sample standard deviation (n - 1), quartiles interpolated linearly
// between order statistics (numpy.quantile's default), e.g. [115, 117, 129, 138, 141] has
// quartiles 117 and 138.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSamples } from '../../src/index';

test('two samples whose intervals are apart: the leader, its wins, and a sentence that ranks them', () => {
  const c = compareSamples({ GRU: [0.21, 0.25, 0.22, 0.24, 0.23], LSTM: [0.38, 0.45, 0.41, 0.36, 0.45] }, { metric: 'held-out MAE' });
  assert.equal(c.leader, 'GRU');
  assert.deepEqual(c.ranking, ['GRU', 'LSTM']);
  assert.equal(c.verdict, 'apart');
  assert.deepEqual(c.pairs, [{ better: 'GRU', worse: 'LSTM', wins: 5, of: 5, overlap: false }]);
  const [gru, lstm] = c.samples;
  assert.ok(Math.abs(gru.center - 0.23) < 1e-12 && Math.abs(gru.spread - Math.sqrt(0.001 / 4)) < 1e-12);
  assert.ok(Math.abs(lstm.center - 0.41) < 1e-12);
  assert.equal(c.sentence,
    'held-out MAE, mean ± standard deviation over 5 seeds: GRU 0.230 ± 0.0158, LSTM 0.410 ± 0.0406; '
    + 'GRU has the lower held-out MAE in 5 of 5 seeds, and the intervals do not overlap.');
});

test('overlapping intervals are "within noise", whatever the centres say', () => {
  const c = compareSamples(
    { GRU: [131, 140, 128, 133, 150], LSTM: [115, 138, 129, 141, 117] },
    { metric: 'ms per epoch', center: 'median', over: 'repeats', phrase: 'is faster' },
  );
  assert.equal(c.leader, 'LSTM');
  assert.equal(c.verdict, 'within noise');
  assert.deepEqual(c.samples.map((s) => [s.center, s.low, s.high]), [[133, 131, 140], [129, 117, 138]]);
  assert.deepEqual(c.pairs[0], { better: 'LSTM', worse: 'GRU', wins: 3, of: 5, overlap: true });
  assert.equal(c.sentence,
    'ms per epoch, median [interquartile range] over 5 repeats: GRU 133 [131, 140], LSTM 129 [117, 138]; '
    + 'LSTM is faster in 3 of 5 repeats, but the intervals overlap: within noise.');
});

test("'higher' is better for scores, and a constant sample (a deterministic baseline) is a point interval", () => {
  const c = compareSamples({ baseline: [0.9, 0.9, 0.9], GRU: [0.95, 0.97, 0.96] }, { metric: 'F1', better: 'higher', digits: 2 });
  assert.equal(c.leader, 'GRU');
  assert.equal(c.verdict, 'apart');
  assert.match(c.sentence, /: baseline 0\.90 ± 0\.00, GRU 0\.96 ± 0\.01; GRU has the higher F1 in 3 of 3 seeds, and the intervals do not overlap\.$/);
  // A baseline inside the model's interval is within noise of it.
  const close = compareSamples({ GRU: [2.05, 2.15, 2.10], naive: [2.12, 2.12, 2.12] }, { metric: 'MAE' });
  assert.equal(close.leader, 'GRU');
  assert.equal(close.verdict, 'within noise');
  assert.equal(close.pairs[0].wins, 2);
});

test('three samples: the leader against each other one', () => {
  const c = compareSamples({ A: [1, 2, 3], B: [2, 3, 4], C: [10, 11, 12] }, { metric: 'loss' });
  assert.deepEqual(c.ranking, ['A', 'B', 'C']);
  assert.equal(c.verdict, 'within noise');
  assert.deepEqual(c.pairs.map((p) => [p.worse, p.overlap]), [['B', true], ['C', false]]);
  assert.match(c.sentence, /A has the lower loss: against B in 3 of 3 seeds \(intervals overlap: within noise\); against C in 3 of 3 seeds \(intervals apart\)\.$/);
});

test('one value each: no spread, so no ranking', () => {
  const c = compareSamples({ A: [1], B: [2] }, { metric: 'loss' });
  assert.equal(c.verdict, 'no spread');
  assert.match(c.sentence, /one value each: no spread to judge a difference by\.$/);
});

test('ties in a round count for neither sample', () => {
  const c = compareSamples({ A: [1, 2, 3, 4, 5], B: [1, 2, 3, 4, 6] }, { metric: 'loss' });
  assert.equal(c.pairs[0].wins, 1);
});

test('bad input names the argument, the value and what was expected', () => {
  assert.throws(() => compareSamples({ A: [1, 2] }, { metric: 'loss' }), /^Error: compareSamples: samples must name at least two samples to compare, got 1 \(A\)$/);
  assert.throws(() => compareSamples({ A: [1, 2], B: [1] }, { metric: 'loss' }), /^Error: compareSamples: every sample must hold one value per seed, the same number each; got A 2, B 1$/);
  assert.throws(() => compareSamples({ A: [1, NaN], B: [1, 2] }, { metric: 'loss' }), /^Error: compareSamples: samples\["A"\]\[1\] must be a finite number, got NaN$/);
  assert.throws(() => compareSamples({ A: [], B: [] }, { metric: 'loss' }), /samples\["A"\] must hold at least one value, got an empty array/);
  assert.throws(() => compareSamples({ A: [1], B: [2] }, { metric: '' }), /options\.metric must name what the values measure/);
  assert.throws(() => compareSamples({ A: [1], B: [2] }, { metric: 'loss', better: 'smaller' as 'lower' }), /options\.better must be 'lower' or 'higher', got smaller/);
  assert.throws(() => compareSamples({ A: [1], B: [2] }, { metric: 'loss', center: 'mode' as 'mean' }), /options\.center must be 'mean' or 'median', got mode/);
});

test('printed numbers get more digits until their intervals overlap exactly where the exact ones do', () => {
  // Medians 8 and 7.5 with quartiles [8, 8] and [7.25, 7.75]: apart, though with 0 decimals both would print as 8.
  const c = compareSamples({ GRU: [8, 8], LSTM: [7, 8] }, { metric: 'best epoch', center: 'median', digits: 0 });
  assert.equal(c.verdict, 'apart');
  assert.equal(c.samples.map((s) => s.text).join(' | '), '8.0 [8.0, 8.0] | 7.5 [7.3, 7.8]');
});

test('two samples with the same centre are within noise, and the sentence says so', () => {
  const c = compareSamples({ GRU: [3, 3, 3], LSTM: [2, 3, 4] }, { metric: 'best epoch', center: 'median', digits: 1 });
  assert.equal(c.verdict, 'within noise');
  assert.match(c.sentence, /; GRU and LSTM have the same median: within noise\.$/);
});

test('a leader by its centre that is ahead in fewer than half the rounds is said to be so', () => {
  // LSTM's mean is pulled up by one bad seed; the GRU is ahead in 1 of 5 seeds only.
  const c = compareSamples({ GRU: [0.55, 0.53, 0.65, 0.49, 0.49], LSTM: [0.49, 0.31, 0.27, 1.4, 0.26] }, { metric: 'held-out MAE' });
  assert.equal(c.leader, 'GRU');
  assert.equal(c.pairs[0].wins, 1);
  assert.match(c.sentence, /; GRU has the lower held-out MAE by its mean but in only 1 of 5 seeds, and the intervals overlap: within noise\.$/);
});

test('three samples: a leader by its centre that is behind one sample in most rounds is said to be so', () => {
  // c: A ahead of B in 4 of 5 seeds; d: A leads by its mean (one very good seed) but is ahead of B in 2 of 5 only.
  const c = compareSamples({ A: [2, 2, 2, 2, 2], B: [1.9, 2.5, 2.5, 2.5, 2.5], C: [5, 5, 5, 5, 6] }, { metric: 'loss' });
  assert.deepEqual(c.ranking, ['A', 'B', 'C']);
  assert.deepEqual(c.pairs.map((p) => [p.worse, p.wins]), [['B', 4], ['C', 5]]);
  assert.match(c.sentence, /; A has the lower loss: against B in 4 of 5 seeds \(intervals apart\); against C in 5 of 5 seeds \(intervals apart\)\.$/);
  const d = compareSamples({ A: [1.9, 2.5, 2.5, 2.5, 0], B: [2, 2, 2, 2, 2], C: [5, 5, 5, 5, 6] }, { metric: 'loss' });
  assert.equal(d.leader, 'A');
  assert.deepEqual(d.pairs.map((p) => [p.worse, p.wins]), [['B', 2], ['C', 5]]);
  assert.match(d.sentence, /; A has the lower loss by its mean: against B in only 2 of 5 seeds \(intervals overlap: within noise\); against C in 5 of 5 seeds \(intervals apart\)\.$/);
});
