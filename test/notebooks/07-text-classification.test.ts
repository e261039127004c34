/**
 * Notebook 07 (spam classification) run in a real tslab kernel with small parameters: 300
 * messages, 20 tokens each, GRUs of 8 units for one epoch, 2 training seeds, 2 timed batches. The split, the vocabulary and the
 * logistic-regression baseline (zero-initialised, full-batch, no shuffling) do not depend on
 * the GRUs, so their exact values are checked; they come from the notebook's own output
 * (regenerate with `npm run notebooks -- 07 -p maxMessages=300 -p epochs=1 -p baselineEpochs=5
 * -p occlusionMessages=5 -p maxLength=20 -p units=8 -p embeddingDim=8`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, joinText, printedComparison, printedText, runRunner } from '../helpers/notebooks';

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
    '-p', 'maxLength=20', '-p', 'units=8', '-p', 'embeddingDim=8', '-p', 'seeds=2', '-p', 'timingBatches=2']);
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
  assert.match(text, /^Test F1, first seed: GRU \d\.\d{3}, bidirectional GRU \d\.\d{3}, bag-of-words logistic regression 0\.791$/m);
  // Over 2 training seeds: the baseline is the same in both (a point interval), and the verdicts agree with their numbers.
  for (const metric of ['test F1', 'test ROC AUC']) {
    const verdict = printedComparison(text, `${metric}, mean ± standard deviation over 2 seeds`, 'higher');
    assert.deepEqual(verdict.samples.map((s) => s.name), ['logistic regression', 'GRU', 'bidirectional GRU']);
    const baseline = verdict.samples[0];
    assert.equal(baseline.low, baseline.high, `the baseline is deterministic: ${verdict.line}`);
  }
  assert.match(text, /^seed 1: test F1 logistic regression 0\.791, GRU \d\.\d{3}, bidirectional GRU \d\.\d{3}; /m);
  // Training time: both models timed over 5 alternated calls after a warm-up, worded from the medians and quartiles.
  for (const name of ['GRU', 'bidirectional GRU']) {
    assert.match(text, new RegExp(`^${name}: \\d+\\.\\d ms per training batch, median of 5 calls of 2 batches \\(`, 'm'));
  }
  assert.equal(printedComparison(text, 'ms per training batch, median', 'lower').count, 5);
  assert.match(text, /^Bidirectional \/ plain GRU, time per batch \(medians\): \d+\.\d\d; recurrent work: 2$/m);
  assert.doesNotMatch(text, /^Best test F1: /m);
  // The markdown predicts neither the timing nor the words: both are printed by code.
  const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => joinText(c.source)).join('\n');
  assert.doesNotMatch(markdown, /about twice the time|`free`, `click`/);
  assert.match(text, /^Logistic regression's largest weights towards spam: /m);
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
