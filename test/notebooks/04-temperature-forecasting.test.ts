/**
 * Notebook 04 (lesson 04, temperature forecasting) run in a real tslab kernel with small
 * parameters: one epoch on the 500 most recent training windows. Windowing always covers
 * the whole 8000-day file, so the lesson's 7899 windows are checked as they are.
 *
 * The naive-forecast errors do not depend on training, so their exact values are checked;
 * they come from the notebook's own output (regenerate with
 * `npm run notebooks -- 04 -p epochs=1 -p maxTrainWindows=500` and read the tables).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedText, runRunner } from '../helpers/notebooks';

// printedText joins outputs without separators, so a printed line may follow a chart's
// text on the same line: the patterns below anchor line ends only.

const NOTEBOOK = '04-temperature-forecasting.ipynb';

/** The MAE column of a table row that starts with `method`. */
function maeOf(text: string, table: string, method: string): number {
  const start = text.indexOf(table);
  assert.ok(start >= 0, `table '${table}' not printed`);
  const escaped = method.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^  ${escaped}\\s+(-?\\d+\\.\\d\\d)\\s+(-?\\d+\\.\\d\\d)$`, 'm').exec(text.slice(start));
  assert.ok(match, `row '${method}' of table '${table}' not printed`);
  return Number(match[1]);
}

test('notebook 04 runs with small parameters and prints the lesson\'s results', { timeout: 600_000 }, () => {
  const run = runRunner(['04', '-p', 'epochs=1', '-p', 'maxTrainWindows=500']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const nb = run.read(NOTEBOOK);
  assert.deepEqual(errorsOf(nb), []);
  const text = printedText(nb);

  // The lesson's pipeline: windows, model size, the forecast line
  assert.match(text, /Windows: 7899 \(8000 values - timeStep 100 - 1\)$/m);
  assert.match(text, /X shape: \[7899, 100, 1\], y shape: \[7899\]$/m);
  assert.match(text, /Total params: 23301$/m);
  assert.match(text, /Total parameters: 23,301 \(computed: 23,301\)$/m);
  assert.match(text, /The predicted temperature for the next day is: -?\d+\.\d\d°C$/m);
  // the lesson model trains with the whole-model fused step, and says so
  assert.match(text, /^Training step: the whole-model fused step \(forward, loss, backward and Adam in the kernels\)$/m);
  // Why it differs from the lesson's 24.50°C: both placed among this series' days of the same season.
  assert.match(text, /^This series, days within ±7 days of \d\d-\d\d: \d+ days, -?\d+\.\d\d \.\. -?\d+\.\d\d °C, median -?\d+\.\d\d °C$/m);
  assert.match(text, /^Our forecast -?\d+\.\d\d °C is above \d+ % of them; the lesson's 24\.50 °C would be above \d+ %$/m);
  // One short backend line first.
  assert.match(text, /^TensorFlow\.js \d+\.\d+\.\d+, backend: \w+$/m);

  // The lesson's equations vs Keras's layer: same cell with z read as 1 - z; reset-before differs
  const diff = (label: string): number => {
    const match = new RegExp(`${label}.*max \\|difference\\| (\\S+)$`, 'm').exec(text);
    assert.ok(match, `line '${label}' not printed`);
    return Number(match[1]);
  };
  assert.ok(diff('Keras form') < 1e-5);
  assert.ok(diff("Lesson's update rule") < 1e-5);
  assert.ok(diff("Lesson's candidate") > 1e-4);

  // prepareWindows gives the same training windows as the step-by-step code
  assert.match(text, /Training windows by hand: 5500, max \|difference\| from prepareWindows' 0$/m);

  // Test tables with the GRU and the naive forecasts, for the synthetic set and Seattle
  const synthetic = 'Test error on synthetic daily temperature: 1200 days, 2028-08-14 .. 2031-11-26';
  assert.ok(Number.isFinite(maeOf(text, synthetic, 'GRU 50+50 (train-only scaler)')));
  assert.equal(maeOf(text, synthetic, "Baseline: yesterday's value"), 1.75);
  assert.equal(maeOf(text, synthetic, 'Baseline: same day last year'), 3.29);
  assert.equal(maeOf(text, synthetic, 'Baseline: seasonal mean (train days)'), 2.35);
  assert.ok(Number.isFinite(maeOf(text, synthetic, 'Lesson model (trained on these days: not a test)')));
  const seattle = 'Test error on Seattle temp_max: 219 days, 2015-05-27 .. 2015-12-31';
  assert.ok(Number.isFinite(maeOf(text, seattle, 'GRU 50+50 (train-only scaler)')));
  assert.equal(maeOf(text, seattle, "Baseline: yesterday's value"), 2.25);
  assert.equal(maeOf(text, seattle, 'Baseline: same day last year'), 3.64);
  assert.equal(maeOf(text, seattle, 'Baseline: seasonal mean (train days)'), 3.3);

  // The charts: history, comparison bars, forecast vs actual, for both datasets
  for (const title of [
    'Train-only model: training history',
    'synthetic daily temperature: test error per method (lower is better)',
    'synthetic daily temperature: GRU forecast vs actual on the test days',
    'Seattle temp_max: training history',
    'Seattle temp_max: test error per method (lower is better)',
    'Seattle temp_max: GRU forecast vs actual on the test days',
  ]) {
    assert.ok(text.includes(`<Plotly figure '${title}'`), `chart '${title}' not shown`);
  }
});
