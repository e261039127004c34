// createDataset (lesson 04's create_dataset) and makeWindows: shapes, values, errors, leaks.
// Expected small-case values follow the lesson's loop by hand; to regenerate them run
//   python3 -c "import numpy as np; d=np.arange(1,7.)[:,None]; t=2; \
//     print([d[i:i+t,0].tolist() for i in range(len(d)-t-1)], [d[i+t,0] for i in range(len(d)-t-1)])"
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as dfd from 'danfojs-node';
import { createDataset, datasetPath, loadCsv, ready } from '../../src/index';
import { makeWindows } from '../../src/internals';

const temps = (): number[] => loadCsv(datasetPath('daily-temperature.csv')).column('Temp').values as number[];

test('8000 values, timeStep 100: X [7899, 100, 1] and y [7899], as the lesson gets', async () => {
  await ready();
  const data = temps();
  assert.equal(data.length, 8000);
  const before = tf.memory().numTensors;
  const { x, y } = createDataset(data, 100);
  assert.deepEqual(x.shape, [7899, 100, 1]);
  assert.deepEqual(y.shape, [7899]);
  const xs = x.dataSync();
  const ys = y.dataSync();
  const f32 = (v: number): number => Math.fround(v);
  assert.equal(xs[0], f32(data[0]));
  assert.equal(xs[99], f32(data[99]));
  assert.equal(ys[0], f32(data[100]));
  // The lesson's last window ends one step early: its target is data[7998], not data[7999].
  assert.equal(xs[7898 * 100], f32(data[7898]));
  assert.equal(ys[7898], f32(data[7998]));
  x.dispose();
  y.dispose();
  assert.equal(tf.memory().numTensors, before);

  const all = createDataset(data, 100, { dropLast: false });
  assert.deepEqual(all.x.shape, [7900, 100, 1]);
  assert.equal(all.y.dataSync()[7899], f32(data[7999]));
  all.x.dispose();
  all.y.dispose();
});

test('expected values on a small series; default timeStep 1 as in the lesson', async () => {
  await ready();
  const { x, y } = createDataset([1, 2, 3, 4, 5, 6], 2);
  assert.deepEqual(x.arraySync(), [[[1], [2]], [[2], [3]], [[3], [4]]]);
  assert.deepEqual(y.arraySync(), [3, 4, 5]);
  const one = createDataset([1, 2, 3, 4]);
  assert.deepEqual(one.x.arraySync(), [[[1]], [[2]]]);
  assert.deepEqual(one.y.arraySync(), [2, 3]);
  tf.dispose([x, y, one.x, one.y]);
});

test('accepts Float64Array, Series, number[][] and DataFrame (first column, like data[i:i+t, 0])', async () => {
  await ready();
  const expected = [[[1], [2]], [[2], [3]], [[3], [4]]];
  const inputs = [
    new Float64Array([1, 2, 3, 4, 5, 6]),
    new dfd.Series([1, 2, 3, 4, 5, 6]),
    [1, 2, 3, 4, 5, 6].map((v) => [v, -v]),
    new dfd.DataFrame({ a: [1, 2, 3, 4, 5, 6], b: [0, 0, 0, 0, 0, 0] }),
  ];
  for (const input of inputs) {
    const { x, y } = createDataset(input, 2);
    assert.deepEqual(x.arraySync(), expected);
    tf.dispose([x, y]);
  }
});

test('timeStep errors name the timeStep and the series length, and leak no tensor', async () => {
  await ready();
  const data = temps();
  const before = tf.memory().numTensors;
  assert.throws(() => createDataset(data, 9000), {
    message: 'createDataset: timeStep must be a positive integer smaller than the series length (8000), got 9000',
  });
  for (const bad of [0, -1, 1.5, NaN, 8000]) {
    assert.throws(() => createDataset(data, bad), new RegExp(`smaller than the series length \\(8000\\), got ${bad}$`));
  }
  assert.throws(() => createDataset(data, 7999), /timeStep 7999 leaves no window in a series of 8000 values.*dropLast: false/);
  const last = createDataset(data, 7999, { dropLast: false });
  assert.deepEqual(last.x.shape, [1, 7999, 1]);
  tf.dispose([last.x, last.y]);
  assert.throws(() => createDataset([1, NaN, 3], 1), /createDataset: values\[1\] is number NaN, expected a finite number/);
  assert.throws(() => createDataset('abc' as never, 1), /values must be number\[\].*got the text 'abc'/);
  assert.equal(tf.memory().numTensors, before);
});

test('makeWindows: multivariate inputs, multi-step targets, stride', async () => {
  await ready();
  const frame = new dfd.DataFrame({
    a: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    b: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109],
  });
  const before = tf.memory().numTensors;
  const { x, y } = makeWindows(frame, { inputColumns: ['a', 'b'], targetColumns: ['b'], timeStep: 3, horizon: 2, stride: 2 });
  // samples = floor((10 - 3 - 2) / 2) + 1 = 3, starting at rows 0, 2, 4.
  assert.deepEqual(x.shape, [3, 3, 2]);
  assert.deepEqual(y.shape, [3, 2, 1]);
  const xs = x.arraySync();
  const ys = y.arraySync();
  assert.deepEqual(xs[0], [[0, 100], [1, 101], [2, 102]]);
  assert.deepEqual(ys[0], [[103], [104]]);
  assert.deepEqual(xs[2], [[4, 104], [5, 105], [6, 106]]);
  assert.deepEqual(ys[2], [[107], [108]]);
  tf.dispose([x, y]);

  const one = makeWindows(frame, { inputColumns: ['a'], targetColumns: ['a', 'b'], timeStep: 9 });
  assert.deepEqual(one.x.shape, [1, 9, 1]);
  assert.deepEqual(one.y.arraySync(), [[[9, 109]]]);
  tf.dispose([one.x, one.y]);
  assert.equal(tf.memory().numTensors, before);
});

test('makeWindows on the real CO2 series (741 months, 2 columns)', async () => {
  await ready();
  const co2 = loadCsv(datasetPath('co2-concentration.csv'));
  const { x, y } = makeWindows(co2, { inputColumns: ['CO2', 'adjusted CO2'], targetColumns: ['CO2'], timeStep: 12, horizon: 3 });
  assert.deepEqual(x.shape, [727, 12, 2]);
  assert.deepEqual(y.shape, [727, 3, 1]);
  assert.equal(x.dataSync()[1], Math.fround(co2.column('adjusted CO2').values[0] as number));
  tf.dispose([x, y]);
});

test('makeWindows errors name the column (and the existing ones) or the numbers', async () => {
  await ready();
  const frame = loadCsv(datasetPath('co2-concentration.csv'));
  const base = { inputColumns: ['CO2'], targetColumns: ['CO2'], timeStep: 12 };
  const before = tf.memory().numTensors;
  assert.throws(
    () => makeWindows(frame, { ...base, inputColumns: ['co2'] }),
    /inputColumns names 'co2', which is not a column; the columns are \["Date","CO2","adjusted CO2"\]/,
  );
  assert.throws(() => makeWindows(frame, { ...base, targetColumns: [] }), /targetColumns must name at least one/);
  assert.throws(() => makeWindows(frame, { ...base, targetColumns: ['Date'] }), /column 'Date' row index 0 is the date 1958-03-01/);
  assert.throws(() => makeWindows(frame, { ...base, horizon: 0 }), /horizon must be a positive integer, got 0/);
  assert.throws(() => makeWindows(frame, { ...base, stride: 1.5 }), /stride must be a positive integer, got 1.5/);
  assert.throws(() => makeWindows(frame, { ...base, timeStep: 741 }), /smaller than the series length \(741\), got 741/);
  assert.throws(() => makeWindows(frame, { ...base, timeStep: 740, horizon: 2 }), /timeStep \(740\) \+ horizon \(2\) = 742 exceeds the 741 rows/);
  assert.equal(tf.memory().numTensors, before);
});
