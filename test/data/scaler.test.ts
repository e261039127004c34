// MinMaxScaler: scikit-learn's formula in float64. Expected values are worked by hand from
// scale = (rangeMax - rangeMin) / (dataMax - dataMin), min = rangeMin - dataMin * scale,
// x' = x * scale + min (sklearn/preprocessing/_data.py, MinMaxScaler.partial_fit/transform).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dfd from 'danfojs-node';
import { createRng, loadCsv, datasetPath, MinMaxScaler, ready } from '../../src/index';

const close = (actual: number[], expected: number[], tolerance: number): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) <= tolerance, `index ${i}: ${value} vs ${expected[i]}`));
};

test('fitTransform / inverseTransform on number[] with the default range [0, 1]', () => {
  const scaler = new MinMaxScaler();
  assert.deepEqual(scaler.fitTransform([10, 20, 30]), [0, 0.5, 1]);
  assert.deepEqual(scaler.dataMin, [10]);
  assert.deepEqual(scaler.dataMax, [30]);
  assert.deepEqual(scaler.inverseTransform([0.5]), [20]);
  // Outside the fitted range the line extends (scikit-learn does not clip by default).
  assert.deepEqual(scaler.transform([40, 0]), [1.5, -0.5]);
});

test('featureRange and clip', () => {
  const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
  assert.deepEqual(scaler.fitTransform([10, 20, 30]), [-1, 0, 1]);
  const clipped = new MinMaxScaler({ clip: true }).fit([0, 10]);
  assert.deepEqual(clipped.transform([-5, 5, 15]), [0, 0.5, 1]);
});

test('each column of number[][] is scaled by its own range', () => {
  const scaler = new MinMaxScaler();
  const scaled = scaler.fitTransform([
    [1, 100],
    [3, 300],
    [2, 200],
  ]);
  assert.deepEqual(scaled, [
    [0, 0],
    [1, 1],
    [0.5, 0.5],
  ]);
  assert.deepEqual(scaler.dataMin, [1, 100]);
});

test('a constant column maps to rangeMin (divisor 1, not 0) and inverts exactly', () => {
  const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
  const scaled = scaler.fitTransform([
    [5, 1],
    [5, 2],
  ]);
  assert.deepEqual(scaled, [
    [-1, -1],
    [-1, 1],
  ]);
  assert.deepEqual(scaler.inverseTransform(scaled), [
    [5, 1],
    [5, 2],
  ]);
  assert.deepEqual(new MinMaxScaler().fitTransform([7, 7, 7]), [0, 0, 0]);
});

test('inverseTransform(transform(x)) returns x to 1e-12, including 19.2', () => {
  const scaler = new MinMaxScaler();
  scaler.fit([-4, 19.2, 34.79]);
  const back = scaler.inverseTransform(scaler.transform([19.2]));
  assert.ok(Math.abs(back[0] - 19.2) <= 1e-12, `19.2 came back as ${back[0]}`);

  const temps = loadCsv(datasetPath('daily-temperature.csv')).column('Temp').values as number[];
  const roundTrip = scaler.fit(temps).inverseTransform(scaler.transform(temps));
  close(roundTrip, temps, 1e-12);

  const rng = createRng(3);
  const wide = Array.from({ length: 1000 }, () => (rng.uniform() - 0.5) * 1e4);
  const ranged = new MinMaxScaler({ featureRange: [-3, 7] }).fit(wide);
  close(ranged.inverseTransform(ranged.transform(wide)), wide, 1e-12 * 1e4);
});

test('danfojs own MinMaxScaler is float32 (why grulab has its own)', async () => {
  await ready();
  const theirs = new dfd.MinMaxScaler();
  theirs.fit(new dfd.Series([10, 19.2, 30]));
  const back = theirs.inverseTransform(theirs.transform(new dfd.Series([19.2])) as dfd.Series) as dfd.Series;
  assert.notEqual(back.values[0], 19.2);
  const ours = new MinMaxScaler().fit(new dfd.Series([10, 19.2, 30]));
  assert.ok(Math.abs((ours.inverseTransform(ours.transform(new dfd.Series([19.2]))).values[0] as number) - 19.2) <= 1e-12);
});

test('Series in, Series out; DataFrame in, DataFrame out, with index and column names kept', () => {
  const scaler = new MinMaxScaler();
  const series = new dfd.Series([1, 2, 3], { index: [10, 11, 12] });
  const scaled = scaler.fitTransform(series);
  assert.deepEqual(scaled.values, [0, 0.5, 1]);
  assert.deepEqual(scaled.index, [10, 11, 12]);

  const frame = new dfd.DataFrame({ a: [0, 10], b: [5, 15] }, { index: [3, 4] });
  const out = new MinMaxScaler().fitTransform(frame);
  assert.deepEqual(out.columns, ['a', 'b']);
  assert.deepEqual(out.index, [3, 4]);
  assert.deepEqual(out.values, [
    [0, 0],
    [1, 1],
  ]);
});

test('toJSON / fromJSON carry the fitted state', () => {
  const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(new dfd.DataFrame({ Temp: [-4, 19.2, 34.79], Rain: [0, 3, 12] }));
  const text = JSON.stringify(scaler.toJSON());
  assert.deepEqual(JSON.parse(text), {
    kind: 'MinMaxScaler',
    featureRange: [-1, 1],
    clip: false,
    dataMin: [-4, 0],
    dataMax: [34.79, 12],
    columns: ['Temp', 'Rain'],
  });
  const copy = MinMaxScaler.fromJSON(text);
  const rows = [
    [19.2, 1],
    [0, 12],
  ];
  assert.deepEqual(copy.transform(rows), scaler.transform(rows));
  assert.deepEqual(MinMaxScaler.fromJSON(copy.toJSON()).toJSON(), scaler.toJSON());
});

test('errors: transform before fit, bad featureRange, bad JSON, wrong columns, NaN, non-numeric', () => {
  const fresh = new MinMaxScaler();
  assert.equal(fresh.isFitted, false);
  assert.throws(() => fresh.transform([1]), /MinMaxScaler\.transform: this scaler is not fitted yet; call fit/);
  assert.throws(() => fresh.inverseTransform([1]), /MinMaxScaler\.inverseTransform: this scaler is not fitted yet/);
  assert.throws(() => fresh.toJSON(), /not fitted yet/);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }), /featureRange must be \[min, max\] with finite min < max, got \[1,1\]/);
  assert.throws(() => MinMaxScaler.fromJSON({ kind: 'StandardScaler' } as never), /kind must be 'MinMaxScaler', got the text 'StandardScaler'/);
  assert.throws(
    () => MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', featureRange: [0, 1], clip: false, dataMin: [0, 1], dataMax: [1], columns: null }),
    /dataMax must be an array of 2 finite numbers/,
  );

  const two = new MinMaxScaler().fit([
    [0, 1],
    [1, 2],
  ]);
  assert.throws(() => two.transform([1, 2]), /data has 1 column\(s\), but the scaler was fitted on 2/);
  const named = new MinMaxScaler().fit(new dfd.DataFrame({ a: [0, 1], b: [0, 1] }));
  assert.throws(() => named.transform(new dfd.DataFrame({ b: [0, 1], a: [0, 1] })), /columns \["b","a"\], but the scaler was fitted on \["a","b"\]/);

  assert.throws(() => new MinMaxScaler().fit([1, NaN, 3]), /row index 1, column 0 is NaN/);
  assert.throws(() => new MinMaxScaler().fit(new dfd.DataFrame({ Temp: [1, NaN] })), /row index 1, column 'Temp' is NaN/);
  assert.throws(() => new MinMaxScaler().fit([]), /no rows/);
  assert.throws(
    () => new MinMaxScaler().fit(loadCsv(datasetPath('daily-temperature.csv'))),
    /column 'Date' row index 0: expected a number, got the date 2010-01-01T00:00:00.000Z/,
  );
  assert.throws(() => new MinMaxScaler().fit([[1, 2], [3]]), /row index 1 has 1 values, expected 2/);
});
