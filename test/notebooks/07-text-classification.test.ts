/**
 * Notebook 07 (spam classification) run in a real tslab kernel with small parameters: 300
 * messages, 20 tokens each, GRUs of 8 units for one epoch. The split, the vocabulary and the
 * logistic-regression baseline (zero-initialised, full-batch, no shuffling) do not depend on
 * the GRUs, so their exact values are checked; they come from the notebook's own output
 * (regenerate with `npm run notebooks -- 07 -p maxMessages=300 -p epochs=1 -p baselineEpochs=5
 * -p occlusionMessages=5 -p maxLength=20 -p units=8 -p embeddingDim=8`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedText, runRunner } from '../helpers/notebooks';

const NOTEBOOK = '07-text-classification.ipynb';

/** accuracy, precision, recall, F1, ROC AUC of a row of the test table. */
function metricsOf(text: string, model: string): number[] {
  const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^  ${escaped}\\s+${'(\\d\\.\\d{3})\\s+'.repeat(4)}(\\d\\.\\d{3})$`, 'm').exec(text);
  assert.ok(match, `row '${model}' not printed`);
  return match.slice(1).map(Number);
}

test('notebook 07 runs with small parameters and prints the classifiers against the baseline', { timeout: 600_000 }, () => {
  const run = runRunner(['07', '-p', 'maxMessages=300', '-p', 'epochs=1', '-p', 'baselineEpochs=5', '-p', 'occlusionMessages=5',
    '-p', 'maxLength=20', '-p', 'units=8', '-p', 'embeddingDim=8']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const nb = run.read(NOTEBOOK);
  assert.deepEqual(errorsOf(nb), []);
  const text = printedText(nb);

  // Split by message, stratified, nothing in two parts; the vocabulary from the training part only
  assert.match(text, /^Messages: 300 \(148 spam, 152 ham\)$/m);
  assert.match(text, /^train {8}210 messages, 49\.5 % spam$/m);
  assert.match(text, /^validation {4}45 messages, 48\.9 % spam$/m);
  assert.match(text, /^test {10}45 messages, 48\.9 % spam$/m);
  assert.match(text, /^Texts found in two parts: 0$/m);
  assert.match(text, /^Vocabulary: 4152 ids \(built on 210 training messages\)$/m);
  assert.match(text, /^Out-of-vocabulary tokens: train 0\.0 %, test 16\.8 %$/m);
  // Masking: a message alone and padded in a batch give the same state
  assert.match(text, /^A \d+-token message alone vs padded to 20 in a batch: max \|difference\| of the final state 0\.0e\+0$/m);

  // The baseline is exact; the GRUs' scores are proper fractions after one epoch
  assert.deepEqual(metricsOf(text, 'Bag-of-words logistic regression'), [0.8, 0.81, 0.773, 0.791, 0.897]);
  for (const model of ['Embedding -> GRU', 'Embedding -> bidirectional GRU']) {
    for (const value of metricsOf(text, model)) assert.ok(value >= 0 && value <= 1, `${model}: ${value}`);
  }
  assert.match(text, /^Test F1: GRU \d\.\d{3}, bidirectional GRU \d\.\d{3}, bag-of-words logistic regression 0\.791$/m);
  assert.match(text, /^Best test F1: /m);
  assert.match(text, /^Occlusion over 5 test messages/m);
  for (const title of [
    'GRU classifier: training history',
    'Bidirectional GRU classifier: training history',
    'Spam classification: test F1 and ROC AUC per model (higher is better)',
    'Logistic regression: test confusion matrix',
  ]) {
    assert.ok(text.includes(`<Plotly figure '${title}'`), `chart '${title}' not shown`);
  }
  assert.match(text, /<Plotly figure 'Embedding -> (bidirectional )?GRU: test confusion matrix'/);
});
