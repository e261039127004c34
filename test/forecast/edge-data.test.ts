/**
 * Edge data in the single-series forecaster: each case is refused with a message naming
 * the file line and column (or the DataFrame's row index, the option, the epoch or the
 * window), before training where the data alone tells. Before, a one-row file crashed on
 * `toISOString`, a single 1e308 failed after training in errorMetrics with NaN, 1e309 was
 * named by a 0-based row index, and learningRate Infinity trained NaN weights without a
 * word. (The command line's cases, `--backtest` among them: test/cli/forecast-command.test.ts.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from 'danfojs-node';
import { forecaster, formatEvaluation, loadCsv, ready, type ForecasterOptions } from '../../src/index';
import { tempDir } from '../helpers/temp-dir';

const dir = tempDir('grulab-edge-');
const SMALL: Omit<ForecasterOptions, 'target'> = { units: [4], epochs: 2, batchSize: 16, seed: 3, verbose: 0 };

const day = (i: number): string => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
const wave = (i: number): string => (10 + Math.sin(i)).toFixed(3);

/** `dir/name`: a header `date,y` and `rows` daily rows (line i + 2 holds row i), `value(i)` in column y. */
function csv(name: string, rows: number, value: (i: number) => string = wave): string {
  const file = join(dir, name);
  writeFileSync(file, `${['date,y', ...Array.from({ length: rows }, (_, i) => `${day(i)},${value(i)}`)].join('\n')}\n`);
  return file;
}

before(async () => {
  await ready();
});

test('a one-row file, and one too short for a window in each part, are refused before training', () => {
  const one = csv('one.csv', 1);
  assert.throws(() => forecaster({ csv: one, target: 'y', ...SMALL }), {
    message: `forecaster: ${one} has 1 row; a forecast needs a series: at least 2 rows for a frequency, and enough for the train, validation and test parts to hold a window each`,
  });
  const two = csv('two.csv', 2);
  assert.throws(() => forecaster({ csv: two, target: 'y', ...SMALL }), {
    message: 'forecaster: the train part of the 2 rows (70 %) has 1 rows, fewer than one window needs (timeStep 1 + horizon 1 = 2); this needs a series of at least 12 rows, a smaller timeStep or horizon, or another split',
  });
  // the 12 rows it asks for are enough
  assert.equal(forecaster({ csv: csv('twelve.csv', 12), target: 'y', ...SMALL }).config.timeStep, 1);
  const horizon = csv('horizon.csv', 40);
  assert.throws(() => forecaster({ csv: horizon, target: 'y', ...SMALL, timeStep: 3, horizon: 5 }), /the validation part of the 40 rows \(15 %\) has 6 rows, fewer than one window needs \(timeStep 3 \+ horizon 5 = 8\); this needs a series of at least 52 rows/);
});

test('a value beyond 32-bit floats (1e308) is named by file line and column before training; by row index in a DataFrame', () => {
  const file = csv('big.csv', 120, (i) => (i === 60 ? '1e308' : wave(i)));
  assert.throws(() => forecaster({ csv: file, target: 'y', ...SMALL }), {
    message: `forecaster: ${file} line 62, column 'y' is 1e+308, beyond ±3.4e38, the largest magnitude the network's 32-bit floats hold (TensorFlow.js); correct the value, or rescale the column (in thousands, millions, ...)`,
  });
  const frame = loadCsv(csv('small.csv', 120));
  const values = (frame.column('y').values as number[]).slice();
  values[60] = -1e300;
  const data = new DataFrame({ date: frame.column('date').values, y: values });
  assert.throws(() => forecaster({ data, target: 'y', ...SMALL }), /^Error: forecaster: column 'y' row index 60 is -1e\+300, beyond ±3\.4e38/);
  // resampled: the slot is named by its date and its last line
  const twice = join(dir, 'twice.csv');
  writeFileSync(twice, `date,y\n${Array.from({ length: 40 }, (_, i) => `${day(i)}T06:00,${i === 20 ? '3e38' : wave(i)}\n${day(i)}T18:00,${i === 20 ? '3e38' : wave(i)}`).join('\n')}\n`);
  assert.throws(() => forecaster({ csv: twice, target: 'y', frequency: 'day', aggregate: 'sum', ...SMALL }), {
    message: `forecaster: ${twice}, the slot 2020-01-21 (its last row is line 43), column 'y' is 6e+38, beyond ±3.4e38, the largest magnitude the network's 32-bit floats hold (TensorFlow.js); correct the value, or rescale the column (in thousands, millions, ...)`,
  });
  assert.doesNotThrow(() => forecaster({ csv: csv('edge.csv', 120, (i) => (i === 60 ? '3.4e38' : wave(i))), target: 'y', ...SMALL }), '3.4e38 itself fits');
});

test('1e309, past the largest 64-bit float, is named by file line and column when the file is read', () => {
  const file = csv('huge.csv', 120, (i) => (i === 60 ? '1e309' : wave(i)));
  const message = (caller: string): string => `${caller}: ${file} line 62, column 'y': '1e309' is too large for a number (beyond ±1.80e+308, the largest a 64-bit float holds)`;
  assert.throws(() => loadCsv(file), { message: message('loadCsv') });
  assert.throws(() => forecaster({ csv: file, target: 'y', ...SMALL }), { message: message('loadTable') });
  assert.throws(() => loadCsv(csv('negative.csv', 3, (i) => (i === 2 ? '-2e308' : '1'))), /line 4, column 'y': '-2e308' is too large for a number/);
});

test('learningRate Infinity is refused; a finite rate whose losses overflow stops training at once, naming epoch and batch', { timeout: 120_000 }, async () => {
  const file = csv('wave.csv', 120);
  assert.throws(() => forecaster({ csv: file, target: 'y', ...SMALL, learningRate: Infinity }), {
    message: 'forecaster: learningRate must be a positive finite number such as 0.001, got number Infinity',
  });
  const epochs: number[] = [];
  const fc = forecaster({ csv: file, target: 'y', ...SMALL, learningRate: 1e38, epochs: 5, observer: { onEpochEnd: ({ epoch }) => epochs.push(epoch) } });
  await assert.rejects(
    fc.fit(),
    /^Error: forecaster: training diverged: the training loss became (NaN|Infinity) in epoch 1, batch \d+ \(learningRate 1e\+38\); lower learningRate \(the default is 0\.001\), or look for extreme values in the data$/,
  );
  assert.deepEqual(epochs, [], 'no epoch ran to its end');
  assert.equal(fc.isFitted, false);
});

test('a test value that overflows the network gives an error naming the window, not NaN scores', { timeout: 120_000 }, async () => {
  const fc = forecaster({ csv: csv('spike.csv', 120, (i) => (i === 110 ? '3e38' : wave(i))), target: 'y', ...SMALL });
  await fc.fit();
  assert.throws(() => fc.evaluate(), /^Error: evaluate: the GRU's forecast from the window 2020-04-\d\d to 2020-04-\d\d is NaN: the window reaches 3e\+38, far outside the training range 9(\.\d+)? to 1[01](\.\d+)?, and the network's 32-bit floats overflow; correct the value, or rescale the column$/);
  fc.dispose();
});

test('irregular dates: temperatures are told to average and interpolate, counts to sum and fill with zeros', () => {
  const skip = (i: number): number => (i >= 30 ? i + 1 : i); // day 30 is missing
  const temperatures = join(dir, 'temperatures.csv');
  writeFileSync(temperatures, `date,y\n${Array.from({ length: 80 }, (_, i) => `${day(skip(i))},${wave(i)}`).join('\n')}\n`);
  assert.throws(() => forecaster({ csv: temperatures, target: 'y', ...SMALL }), {
    message: `forecaster: ${temperatures}: the dates in column 'date' are not evenly spaced (daily for most rows): 2020-01-30 is followed by 2020-02-01; resample with frequency: 'day', aggregate: 'mean' | 'last' and fillMissing: 'interpolate' | 'ffill' (--frequency day --aggregate mean --fill-missing interpolate; sum and zero suit counts, which these values are not)`,
  });
  const counts = join(dir, 'counts.csv');
  writeFileSync(counts, `date,y\n${Array.from({ length: 80 }, (_, i) => `${day(skip(i))},${i % 7}`).join('\n')}\n`);
  assert.throws(() => forecaster({ csv: counts, target: 'y', ...SMALL }), /; resample with frequency: 'day', aggregate: 'sum' \| 'mean' \| 'last' and fillMissing: 'zero' \| 'ffill' \| 'interpolate' \(--frequency day --aggregate sum --fill-missing zero\)$/);
});

test('without a MASE scale (a season longer than the rows) the verdict says MAE, and the note why', { timeout: 120_000 }, async () => {
  const fc = forecaster({ csv: csv('season.csv', 120), target: 'y', ...SMALL, seasonalPeriod: 1000 });
  await fc.fit();
  const text = formatEvaluation(fc.evaluate());
  assert.match(text, /^MASE undefined: the in-sample MAE of the seasonal naive \(period 1000\) forecast needs more than 1000 rows before the test part, and there are 102; the models are compared by MAE\.$/m);
  assert.match(text, /^(GRU|GRU untrained \(naive \+ linear highway\)|Naive \(last value\), kept over the GRU) MAE is \d+\.\d % (lower|higher) than the best baseline's \(.*\) over \d+ windows × 1 step of one test part/m);
  assert.doesNotMatch(text, / MASE is/);
  fc.dispose();
  const constant = forecaster({ csv: csv('constant.csv', 120, (i) => (i < 102 ? '5' : wave(i))), target: 'y', ...SMALL, seasonalPeriod: 0 });
  await constant.fit();
  assert.match(formatEvaluation(constant.evaluate()), /^MASE undefined: the 102 rows before the test part do not change from one row to the next, so the naive forecast's in-sample MAE is 0; the models are compared by MAE\.$/m);
  constant.dispose();
});
