// The methods' own behaviour: hand-computed lag walks, the two forms of the seasonality
// test at their length limits, ETS's names and refusals, a constant series, argument
// errors; and R live on a short seasonal series (2.5 seasons: thetaf adjusts it, M4's test
// does not, and ETS starts its seasonal states from a Fourier regression).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lagWalk, naiveIntervalForecast, seasonalNaiveIntervalForecast } from '../../src/baselines/lag-walk';
import { naive2Forecast } from '../../src/baselines/naive2';
import { seasonalityTest } from '../../src/baselines/seasonality-test';
import { thetaForecast } from '../../src/baselines/theta';
import { etsForecast } from '../../src/baselines/ets-forecast';
import { selectEts } from '../../src/baselines/ets-select';
import { etsLabel, parseEtsSpec } from '../../src/baselines/ets-model';
import { isConstant } from '../../src/baselines/series-checks';
import { rSkip, runR } from '../helpers/rscript';

/**
 * A cycle of period `m` with one high step per season (so its autocorrelation is high at
 * lag `m` and low below it, as the test's statistic needs) on a level of 100, with a
 * deterministic wobble.
 */
const cycle = (n: number, m = 24): number[] => Array.from({ length: n }, (_, t) => 100 + (t % m === 0 ? 80 : 0) + 3 * Math.sin(t * 1.7) + 0.05 * t);
const close = (a: number[], b: number[], tol: number): void => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol * Math.abs(b[i]), `${i}: ${v} vs ${b[i]}`));

test('lag walks: the last value (or season) repeated, R\'s variance growing by whole lags', () => {
  // differences 1, 2 -> mse 2.5; se = sqrt(2.5 * step)
  assert.deepEqual(lagWalk([1, 2, 4], 1, 2), { mean: [4, 4], se: [Math.sqrt(2.5), Math.sqrt(5)] });
  const s = seasonalNaiveIntervalForecast([1, 5, 2, 6, 3, 8], { horizon: 5, period: 2, levels: [95] });
  assert.deepEqual(s.mean, [3, 8, 3, 8, 3]);
  // lag-2 differences 1, 1, 1, 2 -> mse 7/4; steps 1, 1, 2, 2, 3
  const z = 1.959963984540054;
  close(s.intervals[0].upper.map((u, i) => u - s.mean[i]), [1, 1, 2, 2, 3].map((k) => z * Math.sqrt((7 / 4) * k)), 1e-14);
  assert.equal(naiveIntervalForecast([3, 3, 3], { horizon: 2, levels: [80] }).intervals[0].lower[1], 3);
  // Naive2 without a season is the naive forecast
  assert.deepEqual(naive2Forecast([1, 2, 4], { horizon: 2, levels: [80] }), { ...naiveIntervalForecast([1, 2, 4], { horizon: 2, levels: [80] }), method: 'Naive2' });
});

test('the seasonality test: M4 needs 3 seasons and 10 log10(n) lags, thetaf more than 2 seasons', () => {
  assert.equal(seasonalityTest(cycle(11, 4), 4, 'm4'), false);
  assert.equal(seasonalityTest(cycle(12, 4), 4, 'm4'), true);
  // M4's test reads R's default acf, lags up to 10 log10(n): for m = 24 that is n >= 252
  assert.equal(seasonalityTest(cycle(251), 24, 'm4'), false);
  assert.equal(seasonalityTest(cycle(252), 24, 'm4'), true);
  assert.equal(seasonalityTest(cycle(48), 24, 'thetaf'), false);
  assert.equal(seasonalityTest(cycle(49), 24, 'thetaf'), true);
  assert.equal(seasonalityTest(cycle(200), 1), false);
  assert.equal(seasonalityTest(new Array(300).fill(7), 24, 'm4'), false, 'a constant series');
  assert.equal(seasonalityTest(new Array(300).fill(7), 24, 'thetaf'), false);
  assert.throws(() => seasonalityTest(cycle(100), 0), /seasonalityTest: period must be a positive integer, got 0/);
  assert.throws(() => seasonalityTest(cycle(100), 24, 'x' as never), /rule must be 'm4' or 'thetaf', got "x"/);
  assert.equal(naive2Forecast(cycle(251), { horizon: 4, period: 24 }).seasonallyAdjusted, false);
  assert.equal(naive2Forecast(cycle(252), { horizon: 4, period: 24 }).seasonallyAdjusted, true);
});

test('ETS names its forms as R does and refuses what R refuses', () => {
  assert.equal(etsLabel(parseEtsSpec('MAdN')), 'ETS(M,Ad,N)');
  assert.deepEqual(parseEtsSpec('ETS(A,N,A)'), { error: 'A', trend: 'N', damped: false, season: 'A' });
  assert.throws(() => parseEtsSpec('MMN'), /parseEtsSpec: expected a form such as 'MAdN' or 'ETS\(M,Ad,N\)' \(trend N or A\), got 'MMN'/);
  const y = cycle(120);
  assert.throws(() => selectEts(y, { model: 'ZZA', period: 1 }), /a seasonal model needs period > 1, got period 1 and model 'ZZA'/);
  assert.throws(() => selectEts(y, { model: 'ZZM', period: 25 }), /selectEts: seasonal ETS handles periods up to 24, got 25/);
  assert.equal(selectEts(y, { period: 25 }).spec.season, 'N', 'a period above 24 drops the season, as R does');
  assert.throws(() => selectEts(y.map((v) => v - 150), { model: 'MNN' }), /multiplicative errors need positive data/);
  assert.throws(() => selectEts(y, { model: 'ANM', period: 24 }), /forbidden model combination 'ANM'/);
  assert.throws(() => selectEts(y.slice(0, 6)), /the series is too short \(6 observations\)/);
  assert.throws(() => selectEts(y, { model: 'XYZ' }), /model must be three letters/);
});

test('ETS on a constant series is R\'s: simple smoothing, flat forecast, zero-width intervals', () => {
  assert.equal(isConstant([5, 5, 5.00000001]), true);
  assert.equal(isConstant([5, 5, 6]), false);
  const f = etsForecast(new Array(30).fill(4.5), { horizon: 3, levels: [95] });
  assert.equal(f.method, 'ETS(A,N,N)');
  assert.deepEqual(f.mean, [4.5, 4.5, 4.5]);
  assert.deepEqual(f.intervals[0].upper, [4.5, 4.5, 4.5]);
  assert.throws(() => etsForecast([1, 2, Number.NaN, 4], { horizon: 2 }), /etsForecast: values\[2\] must be a finite number, got number NaN/);
  assert.throws(() => thetaForecast([1, 2, 3], { horizon: 2 }), /thetaForecast: values must hold at least 7 observations, got 3/);
  assert.throws(() => naive2Forecast([1, 2, 3], { horizon: 2.5 }), /naive2Forecast: horizon must be a positive integer, got 2.5/);
  assert.throws(() => naive2Forecast([1, 2, 3], { horizon: 2, levels: [95, 120] }), /naive2Forecast: levels\[1\] must be a percentage strictly between 0 and 100, got number 120/);
});

const skip = rSkip('short seasonal series against R');

test('a series of 2.5 seasons: thetaf and ets as R has them', { skip, timeout: 300_000 }, () => {
  const y = cycle(60).map((v) => Math.round(v * 1000) / 1000);
  const out = runR([
    '-e',
    `suppressMessages(library(forecast)); y <- ts(c(${y.join(',')}), frequency = 24)
     th <- thetaf(y, h = 30, level = 95); fit <- ets(y); fc <- forecast(fit, h = 30, level = 95)
     cat(sprintf("%.17g", c(th$mean, th$upper)), "\\n"); cat(fit$method, "\\n"); cat(sprintf("%.17g", c(fc$mean, fc$upper)), "\\n")`,
  ]);
  const [thetaLine, method, etsLine] = out.trim().split('\n').map((l) => l.trim());
  const rTheta = thetaLine.split(/\s+/).map(Number);
  const theta = thetaForecast(y, { horizon: 30, period: 24, levels: [95] });
  assert.equal(theta.seasonallyAdjusted, true, 'thetaf adjusts 2.5 seasons');
  close([...theta.mean, ...theta.intervals[0].upper], rTheta, 1e-6);
  const ets = etsForecast(y, { horizon: 30, period: 24, levels: [95] });
  assert.equal(ets.method, method);
  const rEts = etsLine.split(/\s+/).map(Number);
  close([...ets.mean, ...ets.intervals[0].upper], rEts, 1e-4);
  console.log(`# 60 hourly values: thetaf and ETS (${method}) as R`);
});
