// chronologicalSplit and prepareWindows: time order, boundaries, errors, and the proof that
// the test part cannot leak into the scaler or the training windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as dfd from 'danfojs-node';
import { chronologicalSplit, datasetPath, loadCsv, prepareWindows, ready } from '../../src/index';

const daily = (): dfd.DataFrame => loadCsv(datasetPath('daily-temperature.csv'));
const isoDay = (value: unknown): string => (value as Date).toISOString().slice(0, 10);
const temps = (frame: dfd.DataFrame): number[] => frame.column('Temp').values as number[];

test('fractions split 8000 rows into 5600 / 1200 / 1200 consecutive rows, never shuffled', () => {
  const df = daily();
  const parts = chronologicalSplit(df, { train: 0.7, validation: 0.15, test: 0.15 });
  assert.deepEqual([parts.train.shape[0], parts.validation.shape[0], parts.test.shape[0]], [5600, 1200, 1200]);
  assert.deepEqual([...temps(parts.train), ...temps(parts.validation), ...temps(parts.test)], temps(df));
  assert.deepEqual(parts.validation.index.slice(0, 2), [5600, 5601]);
  const lastTrain = parts.train.column('Date').values[5599] as unknown as Date;
  const firstValidation = parts.validation.column('Date').values[0] as unknown as Date;
  assert.equal(firstValidation.getTime() - lastTrain.getTime(), 86_400_000);
  const noValidation = chronologicalSplit(df, { train: 0.8, validation: 0, test: 0.2 });
  assert.deepEqual(noValidation.validation.shape, [0, 2]);
});

test('date boundaries: train before validationStart, test from testStart on', () => {
  const parts = chronologicalSplit(daily(), { validationStart: '2025-01-01', testStart: new Date(Date.UTC(2028, 0, 1)) });
  const dates = (frame: dfd.DataFrame): unknown[] => frame.column('Date').values as unknown[];
  assert.equal(isoDay(dates(parts.train).at(-1)), '2024-12-31');
  assert.equal(isoDay(dates(parts.validation)[0]), '2025-01-01');
  assert.equal(isoDay(dates(parts.validation).at(-1)), '2027-12-31');
  assert.equal(isoDay(dates(parts.test)[0]), '2028-01-01');
  assert.equal(parts.train.shape[0] + parts.validation.shape[0] + parts.test.shape[0], 8000);
});

test('split errors name the fractions, the dates, the column or the row', () => {
  const df = daily();
  assert.throws(
    () => chronologicalSplit(df, { train: 0.7, validation: 0.2, test: 0.2 }),
    /train \+ validation \+ test must add up to 1, got 0.7 \+ 0.2 \+ 0.2 = 1.1/,
  );
  assert.throws(() => chronologicalSplit(df, { train: 1.2, validation: -0.1, test: -0.1 }), /train must be a fraction between 0 and 1, got number 1.2/);
  assert.throws(() => chronologicalSplit(df, { validationStart: '2028-01-01', testStart: '2025-01-01' }), /testStart \(2025-01-01\) is before validationStart \(2028-01-01\)/);
  assert.throws(() => chronologicalSplit(df, { validationStart: '01/01/2025', testStart: '2028-01-01' }), /validationStart must be a Date or an ISO date.*got the text '01\/01\/2025'/);
  assert.throws(
    () => chronologicalSplit(df, { validationStart: '2025-01-01', testStart: '2028-01-01', dateColumn: 'Day' }),
    /dateColumn 'Day' is not a column; the columns are \["Date","Temp"\]/,
  );
  const noDates = new dfd.DataFrame({ Temp: [1, 2, 3] });
  assert.throws(() => chronologicalSplit(noDates, { validationStart: '2025-01-01', testStart: '2028-01-01' }), /needs a datetime column; the columns are \["Temp"\]/);
  const unsorted = new dfd.DataFrame({ Date: [new Date(Date.UTC(2010, 0, 2)), new Date(Date.UTC(2010, 0, 1))], Temp: [1, 2] });
  assert.throws(
    () => chronologicalSplit(unsorted, { train: 0.5, validation: 0, test: 0.5 }),
    /not in ascending order: row index 1 \(2010-01-01\) is not after row index 0 \(2010-01-02\)/,
  );
});

test('prepareWindows fits the scalers on the training part only and windows each part separately', async () => {
  await ready();
  const df = daily();
  const before = tf.memory().numTensors;
  const data = prepareWindows(df, {
    split: { train: 0.7, validation: 0.15, test: 0.15 },
    inputColumns: ['Temp'],
    targetColumns: ['Temp'],
    timeStep: 100,
  });
  assert.deepEqual(data.train.x.shape, [5500, 100, 1]);
  assert.deepEqual(data.train.y.shape, [5500, 1, 1]);
  assert.deepEqual(data.validation.x.shape, [1100, 100, 1]);
  assert.deepEqual(data.test.x.shape, [1100, 100, 1]);

  const trainTemps = temps(data.parts.train);
  assert.deepEqual(data.inputScaler.dataMin, [Math.min(...trainTemps)]);
  assert.deepEqual(data.inputScaler.dataMax, [Math.max(...trainTemps)]);
  assert.notDeepEqual(data.inputScaler.dataMax, [Math.max(...temps(df))], 'the whole series has a larger maximum than its training part');

  // No window straddles two parts: the first test window starts at the test part's first
  // row, and the last training target is the training part's last row.
  const scale = (v: number): number => Math.fround(data.inputScaler.transform([v])[0]);
  assert.equal(data.test.x.dataSync()[0], scale(temps(data.parts.test)[0]));
  assert.equal(data.train.y.dataSync()[5499], scale(trainTemps[5599]));
  const back = data.targetScaler.inverseTransform([data.targetScaler.transform([19.2])[0]]);
  assert.ok(Math.abs(back[0] - 19.2) <= 1e-12);

  data.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('changing a value in the test part changes nothing in the fitted scaler or the training windows', async () => {
  await ready();
  const df = daily();
  const options = {
    split: { train: 0.7, validation: 0.15, test: 0.15 },
    inputColumns: ['Temp'],
    targetColumns: ['Temp'],
    timeStep: 30,
  };
  const changedTemps = temps(df).slice();
  changedTemps[7990] = 1000; // a test-period day, far above anything else
  const changed = new dfd.DataFrame({ Date: df.column('Date').values, Temp: changedTemps });

  const original = prepareWindows(df, options);
  const altered = prepareWindows(changed, options);
  assert.deepEqual(altered.inputScaler.toJSON(), original.inputScaler.toJSON());
  assert.deepEqual(altered.targetScaler.toJSON(), original.targetScaler.toJSON());
  assert.deepEqual(altered.train.x.dataSync(), original.train.x.dataSync());
  assert.deepEqual(altered.train.y.dataSync(), original.train.y.dataSync());
  assert.deepEqual(altered.validation.x.dataSync(), original.validation.x.dataSync());
  // ... while the change did reach the test windows (so the check above could fail).
  assert.notDeepEqual(altered.test.x.dataSync(), original.test.x.dataSync());
  original.dispose();
  altered.dispose();
});

test('a part shorter than one window is an error naming the part, its rows, timeStep and horizon', async () => {
  await ready();
  const df = daily();
  const before = tf.memory().numTensors;
  assert.throws(
    () =>
      prepareWindows(df, {
        split: { train: 0.98, validation: 0.01, test: 0.01 },
        inputColumns: ['Temp'],
        targetColumns: ['Temp'],
        timeStep: 100,
      }),
    { message: 'prepareWindows: the validation part has 80 rows, fewer than one window needs (timeStep 100 + horizon 1 = 101)' },
  );
  assert.throws(
    () => prepareWindows(df, { split: { train: 0.8, validation: 0.1, test: 0.1 }, inputColumns: ['temp'], targetColumns: ['Temp'], timeStep: 10 }),
    /column 'temp' is not in the frame; the columns are \["Date","Temp"\]/,
  );
  assert.equal(tf.memory().numTensors, before);
});
