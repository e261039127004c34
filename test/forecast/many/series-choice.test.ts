/**
 * The choice of each series' forecast from held-out MASE: the per-series winner averaged with
 * the anchor (the anchor alone where it wins), one winner for a collection, a named fallback
 * for a series with no held-out window; and the defaults that turn the anchor on for a
 * handful of series only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseModels } from '../../../src/forecast/many/series-choice';
import { settleManyOptions } from '../../../src/internals';

const SETTINGS = { candidates: ['gru', 'ets', 'theta'] as const, choice: 'series' as const, anchor: 'ets' as const, horizon: 8, period: 4, minimum: 5 };

test('per series with an anchor: the winner is averaged with ETS, ETS stands alone where it wins, and the report says so', () => {
  const choices = chooseModels([100, 100, 3], [{ gru: 1.1, ets: 1.2, theta: 0.9 }, { gru: 1.3, ets: 0.8, theta: 0.9 }, {}], [true, true, false], [{ theta: 1.0, gru: 1.1 }, {}, {}], { ...SETTINGS, candidates: [...SETTINGS.candidates] });
  assert.deepEqual({ candidate: choices[0].candidate, anchor: choices[0].anchor }, { candidate: 'theta', anchor: 'ets' });
  assert.equal(choices[0].why, 'lowest held-out MASE: Theta 0.900 against ETS 1.200; averaged with ETS (mean: 1.000)');
  assert.deepEqual({ candidate: choices[1].candidate, anchor: choices[1].anchor }, { candidate: 'ets', anchor: undefined });
  assert.match(choices[1].why, /^lowest held-out MASE: 0\.800 against Theta 0\.900$/);
  assert.equal(choices[2].candidate, 'naive', '3 values: shorter than a season of 4');
  assert.match(choices[2].why, /too short for a held-out window \(3 values; 13 needed\)/);
});

test('without an anchor, or for a whole collection, the winner stands alone', () => {
  const validations = [{ gru: 1.1, ets: 1.2, theta: 0.9 }, { gru: 0.5, ets: 1.0, theta: 1.0 }];
  const alone = chooseModels([100, 100], validations, [true, true], [{}, {}], { ...SETTINGS, candidates: [...SETTINGS.candidates], anchor: undefined });
  assert.deepEqual(alone.map((c) => [c.candidate, c.anchor]), [['theta', undefined], ['gru', undefined]]);
  const pooled = chooseModels([100, 100], validations, [true, true], [{}, {}], { ...SETTINGS, candidates: [...SETTINGS.candidates], choice: 'collection' });
  assert.deepEqual(pooled.map((c) => [c.candidate, c.anchor]), [['gru', undefined], ['gru', undefined]], 'mean MASE: GRU 0.8, Theta 0.95, ETS 1.1; no anchor for a collection');
  assert.equal(pooled[0].why, 'one model for the collection (2 series): GRU (global), mean held-out MASE 0.800, the lowest (Theta 0.950)');
});

test('for a collection the preferred candidate stays unless another is lower by more than one standard error of the per-series differences', () => {
  const settings = { ...SETTINGS, candidates: ['gru', 'ets', 'combination'] as ('gru' | 'ets' | 'combination')[], choice: 'collection' as const };
  // the combination is lower on average by a hair, and the differences are noise (+/-0.5)
  const noisy = Array.from({ length: 40 }, (_, i) => ({ gru: 1 + (i % 2 === 0 ? 0.5 : -0.5), ets: 1.3, combination: 0.98 }));
  const kept = chooseModels(noisy.map(() => 100), noisy, noisy.map(() => true), noisy.map(() => ({})), settings);
  assert.ok(kept.every((c) => c.candidate === 'gru'), kept[0].why);
  assert.equal(kept[0].why, "one model for the collection (40 series): GRU (global), mean held-out MASE 1.000; Mean of GRU, ETS, Theta's 0.980 is lower by less than one standard error of the per-series differences");
  // lower on every series by 0.1: clear
  const clear = noisy.map((v) => ({ ...v, combination: v.gru - 0.1 }));
  assert.ok(chooseModels(clear.map(() => 100), clear, clear.map(() => true), clear.map(() => ({})), settings).every((c) => c.candidate === 'combination'));
});

test('defaults: a handful of series gets the ETS anchor, AutoARIMA, three held-out windows and three networks; 50 series or more get none of them', () => {
  const few = settleManyOptions({ id: 'id', target: 'y', horizon: 18 }, new Array(8).fill(120), { unit: 'month', step: 1 });
  assert.equal(few.anchor, 'ets');
  assert.ok(few.candidates.includes('arima'), 'monthly: a season of 12');
  assert.ok(!settleManyOptions({ id: 'id', target: 'y', horizon: 48 }, new Array(8).fill(700), { unit: 'hour', step: 1 }).candidates.includes('arima'), 'hourly: AutoARIMA is too slow on a season of 24');
  assert.equal(few.validationWindows, 3);
  assert.equal(few.gru.ensemble, 3);
  const many = settleManyOptions({ id: 'id', target: 'y', horizon: 18 }, new Array(50).fill(120), { unit: 'month', step: 1 });
  assert.equal(many.anchor, undefined);
  assert.ok(!many.candidates.includes('arima'));
  assert.equal(many.validationWindows, 1);
  assert.equal(many.gru.ensemble, 1);
  assert.equal(settleManyOptions({ id: 'id', target: 'y', anchor: 'none' }, [120], undefined).anchor, undefined);
  assert.equal(settleManyOptions({ id: 'id', target: 'y', anchor: 'theta' }, [120], undefined).anchor, 'theta');
  assert.throws(() => settleManyOptions({ id: 'id', target: 'y', anchor: 'holt', candidates: ['gru', 'ets'] }, [120], undefined), /anchor must be 'none' or one of the candidates \('gru', 'ets'\), got the text 'holt'/);
});
