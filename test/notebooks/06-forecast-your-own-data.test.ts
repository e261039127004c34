/**
 * Notebook 06 (forecast your own data) runs top to bottom in the real tslab kernel with
 * small parameters, on the default dataset and, through `-p`, on another file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorsOf, printedComparison, printedText, runRunner } from '../helpers/notebooks';
import { tempDir } from '../helpers/temp-dir';

const NAME = '06-forecast-your-own-data.ipynb';
const LABELS = { trained: 'GRU', untrained: 'GRU untrained (naive + linear highway)', naive: 'Naive (last value), kept over the GRU' } as const;

/** The model that made the forecast, as printed, checked against the printed choice and the table's first row. */
function chosenModel(text: string): string {
  const m = /Forecast made by: (.+) \(choice: (trained|untrained|naive)\)\n/.exec(text);
  assert.ok(m, 'the model that made the forecast is printed');
  assert.equal(m[1], LABELS[m[2] as keyof typeof LABELS], 'the label follows the choice');
  assert.ok(text.includes(`║ ${m[1]} `), `the table's first row is named ${m[1]}`);
  return m[1];
}

const SMALL = ['-p', 'epochs=2', '-p', 'units=16', '-p', 'folds=2', '-p', 'backtestEpochs=1'];

function run(extra: string[]) {
  const saved = tempDir('grulab-nb06-');
  const outDir = join(saved, 'model');
  const r = runRunner(['06', ...SMALL, '-p', `outDir=${outDir}`, ...extra]);
  assert.equal(r.status, 0, `runner failed:\n${r.stderr}`);
  const nb = r.read(NAME);
  assert.deepEqual(errorsOf(nb), []);
  assert.ok(existsSync(join(outDir, 'forecaster.json')), 'the forecaster is saved to outDir');
  rmSync(saved, { recursive: true, force: true });
  return printedText(nb);
}

test('notebook 06 runs on the default dataset', { timeout: 300_000 }, () => {
  const text = run([]);
  assert.match(text, /Rows: 8000, from 2010-01-01 to 2031-11-26/);
  assert.match(text, /Detected seasonal period: 363 rows/);
  assert.match(text, /Frequency: daily \(detected\)/);
  // GRU(16) on 1 feature: 3·16·(1 + 16 + 2) = 912; Dense(7): 16·7 + 7 = 119; highway (30 steps × 1 feature → 7, no bias): 210.
  assert.match(text, /GRU parameters: 1241/);
  assert.match(text, /Model \(test part, 1164 windows × 7 steps\)/);
  assert.match(text, /Naive \(last value\) +│ 2\.593 +│ 3\.268/); // the baseline does not depend on training
  const model = chosenModel(text);
  const esc = model.replace(/[()+]/g, '\\$&');
  assert.match(text, new RegExp(`${esc} skill over the naive forecast: -?\\d+\\.\\d %`));
  assert.match(text, new RegExp(`Best baseline: (Naive \\(last value\\)|Seasonal naive \\(period 363\\)|Training mean|AutoARIMA[^;]*); ${esc} skill over it \\(MASE\\): -?\\d+\\.\\d %`));
  assert.match(text, new RegExp(`^${esc} MASE is \\d+\\.\\d % (lower|higher) than the best baseline's \\(.*\\) over 1164 windows × 7 steps of one test part`, 'm'));
  assert.doesNotMatch(text, /earns its keep/);
  assert.match(text, /Training mean +│/);
  // Section 8: the long-format file without and with where, and a monthly file.
  assert.match(text, /Without where: lines 2 and 1463 have the same date 2012-01-01 in column 'date'; .*keep one with where: \{ location: 'Seattle' \}/);
  assert.match(text, /New York: 1461 rows, daily, from 2012-01-01 to 2015-12-31/);
  assert.match(text, /us-employment: 120 rows, frequency monthly, last 2015-12-01/);
  assert.match(text, /Next months: 2016-01-01, 2016-02-01, 2016-03-01/);
  assert.equal((text.match(/Forecast 20\d\d-\d\d-\d\d: -?\d+\.\d\d °C\n/g) ?? []).length, 7);
  assert.match(text, /Forecast 2031-11-27:/);
  assert.match(text, /Backtest mean MAE: .+ \d+\.\d{3}, naive \d+\.\d{3}/);
  // the folds' comparison, worded from the folds' own MAEs with their spread
  const folds = printedComparison(text, 'backtest MAE', 'lower');
  assert.equal(folds.count, 2);
  assert.ok(folds.samples.some((x) => x.name === 'Naive (last value)'));
  assert.match(text, /Reloaded forecast matches: true/);
});

test('notebook 06 runs on another file with -p csv=... -p target=...', { timeout: 300_000 }, () => {
  const text = run(['-p', 'csv=../datasets/seattle-weather.csv', '-p', 'dateColumn=date', '-p', 'target=temp_max', '-p', 'timeStep=14', '-p', 'horizon=3']);
  assert.match(text, /Rows: 1461, from 2012-01-01 to 2015-12-31/);
  assert.match(text, /Inputs: temp_max; target: temp_max/);
  assert.match(text, /Model \(test part, \d+ windows × 3 steps\)/);
  chosenModel(text);
  assert.match(text, /Forecast 2016-01-01: -?\d+\.\d\d °C/);
  assert.match(text, /Reloaded forecast matches: true/);
});
