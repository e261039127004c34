// grulab's statistical methods against R (forecast 8.20) on named M4 series: the fixtures
// in test/fixtures/baselines/ (42 hourly, 80 weekly series; see its README for the list and
// how to regenerate) and R run live on H2, W1 and W296 so the fixtures cannot drift.
//
// Tolerances, relative to R's value at each step:
// - Naive2, Theta, SES, Holt, Damped, Comb: point forecasts and 80 / 95 % bounds within 1e-6;
// - ETS: the form R picks on most series (at least 90 % of each sample), sMAPE over each
//   sample within 2 % of R's, and where the forms agree, point forecasts and bounds within 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBaselines } from '../../src/baselines/run-baselines';
import { type BaselineForecast } from '../../src/baselines/baseline-forecast';
import { type SeriesBaselines } from '../../src/baselines/baseline-methods';
import { readM4Pairs } from '../../src/data/m4';
import { smape } from '../../src/metrics/m4';
import { rSkip, runR } from '../helpers/rscript';

interface RForecast {
  mean: number[];
  lower80?: number[];
  upper80?: number[];
  lower95?: number[];
  upper95?: number[];
}
interface RSeries {
  id: string;
  n: number;
  naive2?: RForecast & { seasonal: boolean };
  theta?: RForecast & { alpha: number; drift: number };
  ses?: RForecast;
  holt?: RForecast;
  damped?: RForecast;
  comb?: RForecast;
  ets?: RForecast & { method: string; aicc: number; seconds: number };
}

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'baselines');
const SETS = {
  Hourly: { horizon: 48, period: 24, fixture: 'r-forecasts-hourly.jsonl' },
  Weekly: { horizon: 13, period: 1, fixture: 'r-forecasts-weekly.jsonl' },
} as const;
type Frequency = keyof typeof SETS;

const parse = (text: string): RSeries[] => text.trim().split('\n').map((line) => JSON.parse(line) as RSeries);
const pairsOf = (frequency: Frequency) => new Map(readM4Pairs(join(ROOT, 'datasets', 'm4', `${frequency}-train.csv`), join(ROOT, 'datasets', 'm4', `${frequency}-test.csv`)).map((p) => [p.id, p]));

/** Largest relative difference of `ours` from R's at any step. */
const rel = (ours: number[], theirs: number[] | undefined, what: string): number => {
  assert.ok(theirs !== undefined, `${what}: R gave nothing`);
  assert.equal(ours.length, theirs.length, what);
  return Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]) / Math.abs(theirs[i])));
};

/** Largest relative difference of a forecast and its 80 / 95 % bounds from R's. */
const forecastDiff = (ours: BaselineForecast | undefined, theirs: RForecast | undefined, what: string, bounds = true): { mean: number; bounds: number } => {
  assert.ok(ours !== undefined && theirs !== undefined, `${what}: missing`);
  const mean = rel(ours.mean, theirs.mean, `${what} mean`);
  if (!bounds) return { mean, bounds: 0 };
  const [i80, i95] = ours.intervals;
  return {
    mean,
    bounds: Math.max(rel(i80.lower, theirs.lower80, `${what} lower80`), rel(i80.upper, theirs.upper80, `${what} upper80`), rel(i95.lower, theirs.lower95, `${what} lower95`), rel(i95.upper, theirs.upper95, `${what} upper95`)),
  };
};

const ours = async (frequency: Frequency, ids: string[]): Promise<SeriesBaselines[]> => {
  const { horizon, period } = SETS[frequency];
  const pairs = pairsOf(frequency);
  return runBaselines(ids.map((id) => (pairs.get(id) as { train: number[] }).train), { methods: ['naive2', 'theta', 'ses', 'holt', 'damped', 'comb', 'ets'], horizon, period, levels: [80, 95] });
};

/** Compares one set of series with R's forecasts; returns the figures the test prints. */
const compare = (frequency: Frequency, rSeries: RSeries[], results: SeriesBaselines[]) => {
  const pairs = pairsOf(frequency);
  const worst = { exact: 0, exactBounds: 0, etsMean: 0, etsBounds: 0 };
  const where = { exact: '', etsMean: '' };
  let formsAgree = 0;
  let smapeOurs = 0;
  let smapeR = 0;
  const differ: string[] = [];
  rSeries.forEach((r, k) => {
    const f = results[k].forecasts;
    assert.deepEqual(results[k].failures, {}, `${r.id}: failures`);
    const held = (pairs.get(r.id) as { test: number[] }).test;
    for (const method of ['naive2', 'theta', 'ses', 'holt', 'damped', 'comb'] as const) {
      if (r[method] === undefined) continue;
      const d = forecastDiff(f[method], r[method], `${r.id} ${method}`, method !== 'comb');
      if (d.mean > worst.exact) [worst.exact, where.exact] = [d.mean, `${r.id} ${method}`];
      worst.exactBounds = Math.max(worst.exactBounds, d.bounds);
      assert.ok(d.mean < 1e-6 && d.bounds < 1e-6, `${r.id} ${method}: relative difference from R ${d.mean} (forecasts), ${d.bounds} (bounds)`);
    }
    if (r.naive2 !== undefined) assert.equal(f.naive2?.seasonallyAdjusted, r.naive2.seasonal, `${r.id}: Naive2's seasonality test`);
    if (r.ets !== undefined) {
      const ets = f.ets as BaselineForecast;
      smapeOurs += smape(held, ets.mean);
      smapeR += smape(held, r.ets.mean);
      if (ets.method === r.ets.method) {
        formsAgree++;
        const d = forecastDiff(ets, r.ets, `${r.id} ets`);
        if (d.mean > worst.etsMean) [worst.etsMean, where.etsMean] = [d.mean, r.id];
        worst.etsBounds = Math.max(worst.etsBounds, d.bounds);
        assert.ok(d.mean < 1e-4 && d.bounds < 1e-4, `${r.id} ${ets.method}: relative difference from R ${d.mean} (forecasts), ${d.bounds} (bounds)`);
      } else {
        differ.push(`${r.id}: ${ets.method} (AICc ${ets.details?.aicc}) where R has ${r.ets.method} (AICc ${r.ets.aicc})`);
      }
    }
  });
  return { worst, where, formsAgree, smapeOurs: smapeOurs / rSeries.length, smapeR: smapeR / rSeries.length, differ };
};

for (const frequency of ['Hourly', 'Weekly'] as const) {
  test(`${frequency}: Naive2, Theta, SES, Holt, Damped and Comb match R to 1e-6; ETS picks R's forms (fixture)`, { timeout: 900_000 }, async () => {
    const rSeries = parse(readFileSync(join(FIXTURES, SETS[frequency].fixture), 'utf8'));
    const results = await ours(frequency, rSeries.map((r) => r.id));
    const c = compare(frequency, rSeries, results);
    const n = rSeries.length;
    console.log(
      `# ${frequency}, ${n} series (${rSeries[0].id} ... ${rSeries[n - 1].id}): Naive2/Theta/SES/Holt/Damped/Comb largest relative difference from R ${c.worst.exact.toExponential(1)} (${c.where.exact}), bounds ${c.worst.exactBounds.toExponential(1)}; ` +
        `ETS forms as R on ${c.formsAgree} of ${n}, forecasts within ${c.worst.etsMean.toExponential(1)} (${c.where.etsMean}), bounds ${c.worst.etsBounds.toExponential(1)}; ` +
        `ETS sMAPE ${c.smapeOurs.toFixed(4)} vs R's ${c.smapeR.toFixed(4)} (ratio ${(c.smapeOurs / c.smapeR).toFixed(6)})`,
    );
    for (const line of c.differ) console.log(`#   ${line}`);
    assert.ok(c.formsAgree >= 0.9 * n, `ETS forms as R on ${c.formsAgree} of ${n}`);
    assert.ok(Math.abs(c.smapeOurs / c.smapeR - 1) < 0.02, `ETS sMAPE ${c.smapeOurs} vs R ${c.smapeR}`);
  });
}

const skip = rSkip('R run live on M4 series');

test('R run live on H2, W1 and W296 still says what the fixtures say, and agrees with ours', { skip, timeout: 600_000 }, async () => {
  const script = join(FIXTURES, 'r_baselines.R');
  const live = {
    Hourly: parse(runR([script, join(ROOT, 'datasets', 'm4'), 'Hourly', 'H2', 'naive2,theta,ets'], 300_000)),
    Weekly: parse(runR([script, join(ROOT, 'datasets', 'm4'), 'Weekly', 'W1,W296'], 300_000)),
  };
  for (const frequency of ['Hourly', 'Weekly'] as const) {
    const fixture = new Map(parse(readFileSync(join(FIXTURES, SETS[frequency].fixture), 'utf8')).map((r) => [r.id, r]));
    for (const r of live[frequency]) {
      const kept = fixture.get(r.id);
      assert.ok(kept !== undefined, `${r.id} is in the fixture`);
      for (const method of ['naive2', 'theta', 'ses', 'holt', 'damped', 'comb', 'ets'] as const) {
        const now = r[method];
        if (now === undefined) continue;
        const then = kept[method] as RForecast;
        for (const key of ['mean', 'lower80', 'upper80', 'lower95', 'upper95'] as const) {
          if (now[key] === undefined) continue;
          assert.ok(rel(now[key] as number[], then[key], `${r.id} ${method} ${key}`) < 1e-10, `${r.id} ${method} ${key}: R's live answer differs from the fixture; regenerate it (test/fixtures/baselines/README.md)`);
        }
      }
      assert.equal(r.ets?.method, kept.ets?.method, `${r.id}: R's ETS form`);
    }
    const results = await ours(frequency, live[frequency].map((r) => r.id));
    const c = compare(frequency, live[frequency], results);
    assert.equal(c.formsAgree, live[frequency].length, c.differ.join('; '));
    const seconds = live[frequency].map((r) => `${r.id} ${r.ets?.seconds.toFixed(1)} s`).join(', ');
    console.log(`# live R, ${frequency}: ${live[frequency].map((r) => `${r.id} ${r.ets?.method}`).join(', ')} as ours; R's ets took ${seconds}`);
  }
});
