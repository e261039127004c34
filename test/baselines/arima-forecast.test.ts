// The `arima` method (the `arima` package's AutoARIMA): the forecasts of models with no AR
// or MA term computed by hand (the package's own are broken: shown here, so that a fixed
// package release is noticed), the seasonal switch, nothing printed from worker threads,
// and R's auto.arima on 80 weekly M4 series (test/fixtures/baselines/r-arima-weekly.jsonl,
// made by r_baselines.R; two of them run live).
//
// The package is ctsa's AutoARIMA, not R's, so it is held to R's numbers only where both
// chose the same model; elsewhere to R's accuracy. Tolerances are the figures measured when
// the fixture was made, with some room: orders as R on at least 14 of the 80 (17 measured);
// there, forecasts within 2e-3 of R's (8.5e-4 measured) and 80 / 95 % bounds within 3e-2
// (1.6e-2); sMAPE over the 80 within 6 % of R's (3.3 % higher measured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ARIMA = require('arima');
import { arimaForecast } from '../../src/baselines/arima-forecast';
import { arimaLabel, differencingForecast } from '../../src/baselines/auto-arima';
import { type BaselineForecast } from '../../src/baselines/baseline-forecast';
import { runBaselines } from '../../src/baselines/run-baselines';
import { readM4File, readM4Pairs } from '../../src/data/m4';
import { smape } from '../../src/metrics/m4';
import { fixturePath, projectRoot } from '../helpers/paths';
import { rSkip, runR } from '../helpers/rscript';

interface RArima {
  id: string;
  arima: { order: number[]; constant: boolean; sigma2: number; mean: number[]; lower80: number[]; upper80: number[]; lower95: number[]; upper95: number[] };
}

const DATA = join(projectRoot, 'datasets', 'm4');
const weekly = new Map(readM4Pairs(join(DATA, 'Weekly-train.csv'), join(DATA, 'Weekly-test.csv')).map((p) => [p.id, p]));
const trainOf = (id: string): number[] => (weekly.get(id) as { train: number[] }).train;
const parse = (text: string): RArima[] => text.trim().split('\n').map((line) => JSON.parse(line) as RArima);
const z95 = 1.959963984540054;

/** Largest relative difference from R's value at any step. */
const rel = (ours: number[], theirs: number[]): number => Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]) / Math.abs(theirs[i])));
/** R's weekly (non-seasonal) model as our label, and whether it has a constant (a mean without differencing, a drift with it). */
const rModel = (r: RArima): string => {
  const [p, d, q] = r.arima.order;
  return `${arimaLabel({ p, d, q, P: 0, D: 0, Q: 0, s: 0 })}${r.arima.constant ? ' with a constant' : ''}`;
};
const ourModel = (f: BaselineForecast): string => `${f.method}${f.details?.mean !== 0 ? ' with a constant' : ''}`;

/** Compares our forecasts of R's series with R's; returns what the tests print and check. */
const compare = (rSeries: RArima[], ours: (BaselineForecast | undefined)[]) => {
  let same = 0;
  let meanDiff = 0;
  let boundDiff = 0;
  let where = '';
  let smapeOurs = 0;
  let smapeR = 0;
  rSeries.forEach((r, k) => {
    const f = ours[k];
    assert.ok(f !== undefined, `${r.id}: no forecast`);
    const held = (weekly.get(r.id) as { test: number[] }).test;
    smapeOurs += smape(held, f.mean);
    smapeR += smape(held, r.arima.mean);
    if (ourModel(f) !== rModel(r)) return;
    same++;
    const m = rel(f.mean, r.arima.mean);
    const [i80, i95] = f.intervals;
    const b = Math.max(rel(i80.lower, r.arima.lower80), rel(i80.upper, r.arima.upper80), rel(i95.lower, r.arima.lower95), rel(i95.upper, r.arima.upper95));
    if (m > meanDiff) [meanDiff, where] = [m, r.id];
    boundDiff = Math.max(boundDiff, b);
    assert.ok(m < 2e-3 && b < 3e-2, `${r.id} ${f.method}: relative difference from R ${m} (forecasts), ${b} (bounds)`);
  });
  return { same, meanDiff, boundDiff, where, ratio: smapeOurs / smapeR };
};

test('models without AR or MA terms: forecasts and variances by hand, where the package returns memory', () => {
  const rw = { p: 0, d: 1, q: 0, P: 0, D: 0, Q: 0, s: 0 };
  assert.deepEqual(differencingForecast([1, 3, 2], rw, 2, 0, 3), { mean: [2, 2, 2], variance: [2, 4, 6] });
  // (1 - B)^2: straight-line extrapolation, psi weights 1, 2, 3
  assert.deepEqual(differencingForecast([1, 2, 4], { ...rw, d: 2 }, 1, 0, 3), { mean: [6, 8, 10], variance: [1, 5, 14] });
  // (1 - B^4): the last season repeated, the variance growing by whole seasons
  const seasonal = differencingForecast([9, 1, 2, 3, 4], { ...rw, d: 0, D: 1, s: 4 }, 3, 0, 6);
  assert.deepEqual(seasonal, { mean: [1, 2, 3, 4, 1, 2], variance: [3, 3, 3, 3, 6, 6] });
  assert.deepEqual(differencingForecast([5, 7], { ...rw, d: 0 }, 2, 6, 2), { mean: [6, 6], variance: [2, 2] });
  assert.throws(() => differencingForecast([1, 2, 3], { ...rw, D: 1, s: 4 }, 1, 0, 2), /differencingForecast: history must hold at least 5 values for ARIMA\(0,1,0\)\(0,1,0\)\[4\], got 3/);

  // W19: the search picks the random walk; the package's own forecast of it is not one
  const w19 = trainOf('W19');
  const own = new ARIMA({ auto: true, P: 0, D: 0, Q: 0, s: 0, verbose: false }).fit(w19);
  const [broken] = own.predict(3);
  own.destroy();
  assert.ok(Math.abs(broken[0]) < 1e-300, `the package now forecasts ${broken[0]} for W19's random walk: its predict may be fixed, and differencingForecast no longer needed`);
  const f = arimaForecast(w19, { horizon: 13, levels: [95] });
  assert.equal(f.method, 'ARIMA(0,1,0)');
  assert.deepEqual(f.mean, new Array(13).fill(w19[w19.length - 1]));
  const sigma2 = f.details?.sigma2 as number;
  assert.equal(sigma2, 6.88575e6); // as the package's summary prints it
  f.intervals[0].upper.forEach((u, h) => assert.ok(Math.abs(u - f.mean[h] - z95 * Math.sqrt(sigma2 * (h + 1))) < 1e-9 * u, `step ${h + 1}`));
});

test('seasonal only for periods 2 to 24 with three seasons; bad series refused', () => {
  const h2 = readM4File(join(DATA, 'Hourly-train.csv'))[0].values;
  const seasonal = arimaForecast(h2.slice(-240), { horizon: 48, period: 24, levels: [80, 95] });
  assert.match(seasonal.method, /^ARIMA\(\d,\d,\d\)\(\d,\d,\d\)\[24\]$/);
  assert.equal(seasonal.mean.length, 48);
  assert.deepEqual(seasonal.intervals.map((i) => i.level), [80, 95]);
  const width = seasonal.intervals[1].upper.map((u, h) => u - seasonal.intervals[1].lower[h]);
  assert.ok(width[47] > width[0] && width.every((w) => w > 0), `95 % widths ${width[0]} ... ${width[47]}`);
  assert.doesNotMatch(arimaForecast(h2.slice(-71), { horizon: 4, period: 24 }).method, /\[/, 'under three seasons');
  assert.doesNotMatch(arimaForecast(h2.slice(-240), { horizon: 4, period: 25 }).method, /\[/, 'a period above 24');
  assert.deepEqual(arimaForecast(h2.slice(-240), { horizon: 4, period: 24 }).intervals, []);
  assert.throws(() => arimaForecast(h2.slice(0, 19), { horizon: 4 }), /arimaForecast: values must hold at least 20 observations, got 19/);
  assert.throws(() => arimaForecast([...h2.slice(0, 30), NaN], { horizon: 4 }), /arimaForecast: values\[30\] must be a finite number, got number NaN/);
});

test('nothing is printed, on worker threads or on the calling thread', { timeout: 300_000 }, () => {
  // A child process runs the method both ways and hands its answer back on a fourth pipe.
  const code = `
    const { runBaselines } = require(${JSON.stringify(join(projectRoot, 'src', 'baselines', 'run-baselines'))});
    const series = ${JSON.stringify(['W19', 'W296'].map(trainOf))};
    (async () => {
      const two = await runBaselines(series, { methods: ['arima'], horizon: 13, levels: [95], threads: 2 });
      const one = await runBaselines(series, { methods: ['arima'], horizon: 13, levels: [95], threads: 0 });
      require('node:fs').writeSync(3, JSON.stringify({ two, one }));
    })();`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 240_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '', 'stdout');
  assert.equal(child.stderr, '', 'stderr');
  const { two, one } = JSON.parse(child.output[3] as unknown as string);
  assert.deepEqual(two, one);
  assert.deepEqual(two.map((s: { forecasts: { arima: BaselineForecast } }) => s.forecasts.arima.method), ['ARIMA(0,1,0)', 'ARIMA(4,0,0)']);
});

test('Weekly: R\'s auto.arima where the models agree, and its accuracy over 80 series (fixture)', { timeout: 900_000 }, async () => {
  const rSeries = parse(readFileSync(fixturePath('baselines', 'r-arima-weekly.jsonl'), 'utf8'));
  const results = await runBaselines(rSeries.map((r) => trainOf(r.id)), { methods: ['arima'], horizon: 13, levels: [80, 95] });
  const c = compare(rSeries, results.map((r) => r.forecasts.arima));
  const n = rSeries.length;
  console.log(
    `# Weekly, ${n} series (${rSeries[0].id} ... ${rSeries[n - 1].id}): the model R's auto.arima chose on ${c.same}; there, forecasts within ${c.meanDiff.toExponential(1)} of R's (${c.where}), ` +
      `bounds ${c.boundDiff.toExponential(1)}; sMAPE ${(100 * (c.ratio - 1)).toFixed(1)} % from R's`,
  );
  assert.ok(c.same >= 14, `the model R chose on ${c.same} of ${n}`);
  assert.ok(Math.abs(c.ratio - 1) < 0.06, `sMAPE ratio to R's ${c.ratio}`);
});

const skip = rSkip('auto.arima run live on M4 series');

test('R run live on W188 and W344 still says what the fixture says, and agrees with ours', { skip, timeout: 300_000 }, () => {
  const ids = ['W188', 'W344'];
  const live = parse(runR([fixturePath('baselines', 'r_baselines.R'), DATA, 'Weekly', ids.join(','), 'arima']));
  const kept = new Map(parse(readFileSync(fixturePath('baselines', 'r-arima-weekly.jsonl'), 'utf8')).map((r) => [r.id, r]));
  for (const r of live) {
    const then = kept.get(r.id) as RArima;
    for (const key of ['mean', 'lower80', 'upper80', 'lower95', 'upper95'] as const) {
      assert.ok(rel(r.arima[key], then.arima[key]) < 1e-10, `${r.id} ${key}: R's live answer differs from the fixture; regenerate it (test/fixtures/baselines/README.md)`);
    }
  }
  const c = compare(live, ids.map((id) => arimaForecast(trainOf(id), { horizon: 13, levels: [80, 95] })));
  assert.equal(c.same, 2, `${ids.map((id, k) => `${id}: R ${rModel(live[k])}`).join(', ')}`);
});
