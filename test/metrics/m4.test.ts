// M4's measures: hand-computed values, the checks on their arguments, and M4's own figures
// where the shipped files allow (Naive2 and seasonal naive over the 374 hourly and 319
// weekly series here, next to the published full-set figures; 40 series of each are held
// out, so only a sane neighbourhood is asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { coverage, mase, msis, owa, smape } from '../../src/metrics/m4';
import { naive2Forecast } from '../../src/baselines/naive2';
import { naiveIntervalForecast, seasonalNaiveIntervalForecast } from '../../src/baselines/lag-walk';
import { readM4Pairs, readM4PublishedResults } from '../../src/data/m4';

const DATA = join(__dirname, '..', '..', 'datasets', 'm4');

test('sMAPE, MASE, OWA, MSIS and coverage on hand-computed cases', () => {
  // 200/2 * (10/210 + 20/380)
  assert.equal(smape([100, 200], [110, 180]), 100 * (10 / 210 + 20 / 380));
  assert.equal(smape([5], [5]), 0);
  assert.equal(smape([0, 4], [0, 4]), 0, 'a step with y = f = 0 is no error');
  assert.equal(smape([1], [-1]), 200, 'the largest sMAPE');
  // scale: |3-1|, |2-3|, |5-2| -> 2; with m = 2: |2-1|, |5-3| -> 1.5
  assert.equal(mase([6, 8], [5, 5], [1, 3, 2, 5], 1), 1);
  assert.equal(mase([6, 8], [5, 5], [1, 3, 2, 5], 2), 2 / 1.5);
  assert.equal(owa({ smape: 9, mase: 1 }, { smape: 18, mase: 2 }), 0.5);
  // ES-RNN on M4 hourly, from its published sMAPE and MASE: the published OWA 0.440
  assert.equal(owa({ smape: 9.328, mase: 0.893 }, { smape: 18.383, mase: 2.395 }).toFixed(3), '0.440');
  // width 4 each; the second value 8 above the upper bound costs 2/0.05 * 8 = 320
  assert.equal(msis([10, 20], [8, 8], [12, 12], [1, 3, 2, 5], 1), (4 + 4 + 320) / 2 / 2);
  // 80 % interval: a = 0.2, penalty 2/0.2 per unit below the lower bound
  assert.equal(msis([5], [6], [8], [1, 3, 2, 5], 1, 80), (2 + 10 * 1) / 2);
  assert.equal(coverage([1, 5, 9], [0, 0, 0], [4, 6, 8]), 2 / 3);
  assert.equal(coverage([4, 0], [0, 0], [4, 6]), 1, 'bounds are inside');
});

test('the measures name a bad argument', () => {
  assert.throws(() => smape([1, 2], [1]), /smape: forecast must have as many values as actual \(2\), got 1/);
  assert.throws(() => smape([], []), /smape: actual must hold at least one value, got none/);
  assert.throws(() => mase([1], [1], [1, 2], 2), /mase: training must be longer than period \(2\), got 2 values/);
  assert.throws(() => msis([1], [0], [2], [1, 2, 3], 0), /msis: period must be a positive integer, got 0/);
  assert.throws(() => msis([1], [0], [2], [1, 2], 1, 100), /msis: level must be a percentage strictly between 0 and 100, got 100/);
  assert.throws(() => coverage([1, 2], [0, 0], [3]), /coverage: upper must have as many values as actual \(2\), got 1/);
});

test('Naive2 and seasonal naive over the shipped M4 series sit next to the published figures', () => {
  const published = readM4PublishedResults(join(DATA, 'published-results.csv'));
  const figure = (method: string, frequency: string) => published.find((r) => r.method === method && r.frequency === frequency);
  for (const [frequency, horizon, period] of [['Hourly', 48, 24], ['Weekly', 13, 1]] as const) {
    const pairs = readM4Pairs(join(DATA, `${frequency}-train.csv`), join(DATA, `${frequency}-test.csv`));
    const mean = (method: (v: number[]) => number[], measure: 'smape' | 'mase'): number =>
      pairs.reduce((sum, { train, test: held }) => sum + (measure === 'smape' ? smape(held, method(train)) : mase(held, method(train), train, period)), 0) / pairs.length;
    const naive2 = (v: number[]) => naive2Forecast(v, { horizon, period }).mean;
    const snaive = (v: number[]) => seasonalNaiveIntervalForecast(v, { horizon, period }).mean;
    const naive = (v: number[]) => naiveIntervalForecast(v, { horizon }).mean;
    const ours = { smape: mean(naive2, 'smape'), mase: mean(naive2, 'mase') };
    const paper = figure('Naive2', frequency);
    console.log(`# ${frequency}: Naive2 over ${pairs.length} series sMAPE ${ours.smape.toFixed(3)}, MASE ${ours.mase.toFixed(3)}; published for the full set ${paper?.smape}, ${paper?.mase}`);
    assert.ok(paper?.smape !== undefined && paper.mase !== undefined);
    assert.ok(Math.abs(ours.smape / paper.smape - 1) < 0.15, `Naive2 sMAPE ${ours.smape} far from ${paper.smape}`);
    assert.ok(Math.abs(ours.mase / paper.mase - 1) < 0.15, `Naive2 MASE ${ours.mase} far from ${paper.mase}`);
    const sn = { smape: mean(snaive, 'smape'), mase: mean(snaive, 'mase') };
    const snPaper = figure('Seasonal naive', frequency);
    const snOwa = owa(sn, ours);
    console.log(`# ${frequency}: seasonal naive sMAPE ${sn.smape.toFixed(3)}, MASE ${sn.mase.toFixed(3)}, OWA ${snOwa.toFixed(3)}; published ${snPaper?.smape}, ${snPaper?.mase}, ${snPaper?.owa}`);
    assert.ok(snPaper?.owa !== undefined && Math.abs(snOwa - snPaper.owa) < 0.1, `seasonal naive OWA ${snOwa}`);
    if (frequency === 'Weekly') {
      // M4 scored weekly data with m = 1: Naive2 is the naive forecast there
      assert.equal(mean(naive, 'smape'), ours.smape);
    }
  }
});

test('the published results table reads, and names a bad cell', () => {
  const rows = readM4PublishedResults(join(DATA, 'published-results.csv'));
  assert.equal(rows.length, 34);
  const naive2 = rows.find((r) => r.method === 'Naive2' && r.frequency === 'Hourly');
  assert.deepEqual([naive2?.smape, naive2?.mase, naive2?.owa, naive2?.msis], [18.383, 2.395, 1, undefined]);
  assert.equal(rows.find((r) => r.method === 'ETS' && r.frequency === 'Hourly')?.msis, 17.487);
  for (const row of rows) assert.ok(row.frequency === 'Hourly' || row.frequency === 'Weekly');
});
