/**
 * The many-series forecaster on real series nobody here made (M4's weekly set, a sample),
 * small enough for the suite: every series gets a forecast with ordered intervals, a series
 * too short for a window gets a named baseline and the reason, the long DataFrame has
 * statsforecast's columns, the M4 measures are sane, and a rerun with the seed repeats the
 * forecasts exactly. (The accuracy itself is the benchmark's job: npm run bench:m4.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecaster, loadM4, ready } from '../../../src/index';
import { panelFrame, type Panel } from '../../../src/internals';

const SMALL = { epochs: 2, windowsPerSeries: 32, verbose: 0 as const, seed: 7 };

function sample(n: number): { train: Panel; test: Panel } {
  const m4 = loadM4('weekly');
  const short = { id: 'SHORT', times: [1, 2, 3, 4, 5, 6], values: [5, 6, 7, 6, 5, 6] };
  return {
    train: { ...m4.trainPanel, series: [...m4.trainPanel.series.slice(0, n), short] },
    test: { ...m4.testPanel, series: [...m4.testPanel.series.slice(0, n), { id: 'SHORT', times: Array.from({ length: 13 }, (_, h) => 7 + h), values: new Array<number>(13).fill(6) }] },
  };
}

test('M4 weekly sample: a forecast with ordered intervals for every series, the short one by a named baseline, sane M4 measures, the same again with the seed', { timeout: 600_000 }, async () => {
  await ready();
  const { train, test: actual } = sample(20);
  const options = { data: panelFrame(train), id: 'unique_id', time: 'ds', target: 'y', horizon: 13, ...SMALL };
  const fc = forecaster(options);
  try {
    const summary = await fc.fit();
    assert.equal(summary.series, 21);
    const rows = fc.forecasts;
    assert.equal(rows.length, 21, 'every series, none dropped');
    for (const r of rows) {
      assert.equal(r.mean.length, 13, r.id);
      assert.ok(r.mean.every(Number.isFinite), `${r.id}: finite forecasts`);
      const [i80, i95] = [80, 95].map((l) => r.intervals.find((i) => i.level === l));
      assert.ok(i80 !== undefined && i95 !== undefined, `${r.id}: both levels`);
      for (let h = 0; h < 13; h++) {
        assert.ok(i95.lower[h] <= i80.lower[h] && i80.lower[h] <= r.mean[h] && r.mean[h] <= i80.upper[h] && i80.upper[h] <= i95.upper[h], `${r.id} step ${h + 1}: lo95 <= lo80 <= mean <= hi80 <= hi95`);
      }
      assert.ok(r.why.length > 0, `${r.id}: the report says why`);
    }
    const short = rows.find((r) => r.id === 'SHORT');
    assert.match(short?.why ?? '', /too short for a held-out window \(6 values/);
    assert.match(short?.model ?? '', /^Naive$|Seasonal naive/);

    const df = fc.predict();
    assert.deepEqual(df.columns, ['unique_id', 'ds', 'forecast', 'lo_80', 'hi_80', 'lo_95', 'hi_95', 'model']);
    assert.equal(df.shape[0], 21 * 13);

    const evaluation = await fc.evaluate(actual);
    assert.equal(evaluation.source, 'test');
    assert.equal(evaluation.methods[0].method, 'grulab');
    const naive2 = evaluation.methods.find((m) => m.method === 'Naive2');
    assert.ok(naive2 !== undefined && Math.abs(naive2.owa - 1) < 1e-12, 'Naive2 is OWA 1 by definition');
    for (const m of evaluation.methods) {
      assert.ok(Number.isFinite(m.smape) && m.smape >= 0 && m.smape <= 200, `${m.method}: sMAPE ${m.smape}`);
      assert.ok(Number.isFinite(m.owa) && m.owa > 0 && m.owa < 5, `${m.method}: OWA ${m.owa}`);
      for (const c of Object.values(m.coverage)) assert.ok(c >= 0 && c <= 1, `${m.method}: coverage ${c}`);
    }
    assert.equal(Object.values(evaluation.chosen).reduce((a, b) => a + b, 0), 21);

    const again = forecaster(options);
    try {
      await again.fit();
      assert.deepEqual(again.forecasts.map((r) => r.mean), rows.map((r) => r.mean), 'the same seed gives the same forecasts');
    } finally {
      again.dispose();
    }
  } finally {
    fc.dispose();
  }
});

test("choice: 'collection' forecasts every series that has a held-out window with one model, and says so", { timeout: 600_000 }, async () => {
  await ready();
  const { train } = sample(12);
  const fc = forecaster({ data: panelFrame(train), id: 'unique_id', time: 'ds', target: 'y', horizon: 13, choice: 'collection', candidates: ['gru', 'theta'], ...SMALL });
  try {
    await fc.fit();
    const validated = fc.forecasts.filter((r) => r.id !== 'SHORT');
    assert.equal(new Set(validated.map((r) => r.model)).size, 1, validated.map((r) => r.model).join(', '));
    for (const r of validated) {
      assert.match(r.why, /^one model for the collection \(13 series\): (GRU \(global\)|Theta), mean held-out MASE \d+\.\d{3}(, the lowest \((GRU \(global\)|Theta) \d+\.\d{3}\)|; Theta's \d+\.\d{3} is lower by less than one standard error of the per-series differences)$/);
    }
  } finally {
    fc.dispose();
  }
  assert.throws(() => forecaster({ data: panelFrame(train), id: 'unique_id', target: 'y', choice: 'each' as never }), /choice must be 'series' or 'collection', got the text 'each'/);
});

test('a handful of series: each forecast is ETS alone, or the mean of ETS and the held-out winner, named so, with ordered intervals of its own', { timeout: 600_000 }, async () => {
  await ready();
  const { train } = sample(6);
  const fc = forecaster({ data: panelFrame({ ...train, series: train.series.slice(0, 6) }), id: 'unique_id', time: 'ds', target: 'y', horizon: 13, candidates: ['gru', 'ets', 'theta'], ensemble: 1, ...SMALL });
  try {
    assert.equal(fc.config.anchor, 'ets', 'the anchor is on by default below 50 series');
    await fc.fit();
    const { forecasts, candidates } = fc.result;
    let paired = 0;
    forecasts.forEach((f, i) => {
      const v = f.validation;
      const best = (['gru', 'ets', 'theta'] as const).filter((c) => v[c] !== undefined).sort((a, b) => (v[a] as number) - (v[b] as number))[0];
      if (best === 'ets') {
        assert.equal(f.anchor, undefined, `series ${i}: ETS won, so ETS alone`);
        assert.match(f.model, /^ETS\(/);
        return;
      }
      paired++;
      assert.equal(f.candidate, best, `series ${i}: the held-out winner`);
      assert.equal(f.anchor, 'ets');
      const ets = candidates[i].ets?.mean ?? [];
      const other = candidates[i][best]?.mean ?? [];
      f.mean.forEach((m, h) => assert.ok(Math.abs(m - (ets[h] + other[h]) / 2) < 1e-9, `series ${i} step ${h + 1}: the mean of ETS and ${best}`));
      assert.match(f.model, new RegExp(`^Mean of ETS\\(.*\\) and ${best === 'gru' ? 'GRU \\(global\\)' : 'Theta'}$`));
      assert.match(f.why, /averaged with ETS \(mean: \d+\.\d{3}\)/);
      const [i80, i95] = [80, 95].map((l) => f.intervals.find((b) => b.level === l));
      assert.ok(i80 !== undefined && i95 !== undefined, `series ${i}: intervals at both levels`);
      for (let h = 0; h < 13; h++) assert.ok(i95.lower[h] <= i80.lower[h] && i80.lower[h] <= f.mean[h] && f.mean[h] <= i80.upper[h] && i80.upper[h] <= i95.upper[h], `series ${i} step ${h + 1}: ordered`);
    });
    assert.ok(paired >= 1 && paired < 6, `some series paired, some not: ${paired} of 6 paired (${forecasts.map((f) => f.model).join('; ')})`);
  } finally {
    fc.dispose();
  }
});
