/**
 * Notebook 09 (anomaly detection) run in a real tslab kernel with small parameters: two
 * training epochs. The split, the injected anomalies and the baseline detector (yesterday's
 * value) do not depend on training, so their exact values are checked; they come from the
 * notebook's own output (regenerate with `npm run notebooks -- 09 -p epochs=2`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, numberAfter, printedText, runRunner } from '../helpers/notebooks';

const NOTEBOOK = '09-anomaly-detection.ipynb';

/** The row of a detector's table: precision, recall, days flagged, events detected. */
function row(text: string, detector: string, kind: string): [number, number, string, string] {
  const start = text.indexOf(`${detector}: threshold`);
  assert.ok(start >= 0, `table of '${detector}' not printed`);
  const match = new RegExp(`^  ${kind}\\s+(\\d\\.\\d\\d)\\s+(\\d\\.\\d\\d)\\s+(\\d+/\\d+)\\s+(\\d+/\\d+)$`, 'm').exec(text.slice(start));
  assert.ok(match, `row '${kind}' of '${detector}' not printed`);
  return [Number(match[1]), Number(match[2]), match[3], match[4]];
}

test('notebook 09 runs with small parameters and prints precision and recall per anomaly kind', { timeout: 600_000 }, () => {
  const run = runRunner(['09', '-p', 'epochs=2']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const nb = run.read(NOTEBOOK);
  assert.deepEqual(errorsOf(nb), []);
  const text = printedText(nb);

  assert.match(text, /^Train 877 days \(to 2014-05-26\), validation 292 days \(to 2015-03-14\), test 292 days \(to 2015-12-31\)$/m);
  assert.match(text, /^spike {10}6 days: 2015-04-03, 2015-04-16, 2015-06-19, 2015-09-21, 2015-10-08, 2015-11-21$/m);
  assert.match(text, /^level shift {3}14 days: 2015-07-01 \.\. 2015-07-14$/m);
  assert.match(text, /^dropout {8}7 days: 2015-04-28 \.\. 2015-05-04$/m);
  assert.match(text, /yesterday's value 8\.40 °C$/m);

  // The baseline detector does not train: exact values
  assert.deepEqual(row(text, "yesterday's value", 'spike'), [0.29, 0.83, '5/6', '5/6']);
  assert.deepEqual(row(text, "yesterday's value", 'level shift'), [0, 0, '0/14', '0/1']);
  assert.deepEqual(row(text, "yesterday's value", 'dropout'), [0.08, 0.14, '1/7', '1/1']);
  assert.deepEqual(row(text, "yesterday's value", 'any'), [0.33, 0.22, '6/27', '6/8']);
  // The GRU detector: every row printed, with scores in [0, 1]
  for (const kind of ['spike', 'level shift', 'dropout', 'any']) {
    const [precision, recall] = row(text, 'GRU forecaster', kind);
    assert.ok(precision >= 0 && precision <= 1 && recall >= 0 && recall <= 1);
  }
  assert.ok(numberAfter(text, 'Threshold on |residual| (the 0.99 quantile of 292 validation residuals): GRU ') > 0);
  assert.match(text, /^Flagged on the real test days: \d+ of 292 \(\d+\.\d %\)$/m);
  for (const title of [
    'Forecaster: training history',
    'Test stretch with injected anomalies: GRU forecast and flagged days',
    'Real test days (nothing injected): GRU forecast and flagged days',
  ]) {
    assert.ok(text.includes(`<Plotly figure '${title}'`), `chart '${title}' not shown`);
  }
});
