/**
 * Notebook 08 (character-level generation) run in a real tslab kernel with small
 * parameters: 600 names, one epoch, 4 samples per temperature. The split and the n-gram
 * baselines do not depend on training, so their exact values are checked; they come from
 * the notebook's own output (regenerate with
 * `npm run notebooks -- 08 -p maxNames=600 -p epochs=1 -p samplesPerTemperature=4`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedText, runRunner } from '../helpers/notebooks';

const NOTEBOOK = '08-sequence-generation.ipynb';

/** Cross-entropy and perplexity of a row of the held-out table. */
function scoreOf(text: string, model: string): { ce: number; perplexity: number } {
  const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^  ${escaped}\\s+(\\d+\\.\\d{4})\\s+(\\d+\\.\\d{3})\\s+(\\d+\\.\\d\\d)$`, 'm').exec(text);
  assert.ok(match, `row '${model}' not printed`);
  return { ce: Number(match[1]), perplexity: Number(match[3]) };
}

test('notebook 08 runs with small parameters and prints perplexities against n-grams', { timeout: 600_000 }, () => {
  const run = runRunner(['08', '-p', 'maxNames=600', '-p', 'epochs=1', '-p', 'samplesPerTemperature=4']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const nb = run.read(NOTEBOOK);
  assert.deepEqual(errorsOf(nb), []);
  const text = printedText(nb);

  assert.match(text, /^Names: 4951 female \+ 3898 male = 8422 distinct after lowercasing$/m);
  assert.match(text, /^Split: 480 train, 60 validation, 60 test names$/m);
  assert.match(text, /^Test names also in the training names: 0$/m);
  assert.match(text, /^Characters: 29 ids \(padding, '\.', -abcdefghijklmnopqrstuvwxyz\); 13 steps per padded name$/m);
  assert.match(text, /^Prediction steps: train 3367, validation 424, test 421$/m);

  // Counting models: exact; the GRU after one epoch: finite and below the uniform guess
  assert.deepEqual(scoreOf(text, 'uniform guess over the characters'), { ce: 3.3322, perplexity: 28 });
  assert.deepEqual(scoreOf(text, 'bigram, add-0.1'), { ce: 2.4768, perplexity: 11.9 });
  assert.deepEqual(scoreOf(text, 'trigram, add-0.3'), { ce: 2.5001, perplexity: 12.18 });
  const gru = scoreOf(text, 'GRU(64)');
  assert.ok(gru.perplexity > 1 && gru.perplexity < 28, `GRU perplexity ${gru.perplexity}`);

  // Sampling: three temperatures, 4 samples each, counted against the training names
  for (const tau of ['0.5', '1.0', '1.5']) {
    assert.match(text, new RegExp(`^temperature ${tau.replace('.', '\\.')}: \\d of 4 already in the training names, \\d are real names the model never saw, \\d new; mean length \\d+\\.\\d\\d$`, 'm'));
  }
  assert.match(text, /^Test perplexity: GRU \d+\.\d\d, trigram 12\.18, bigram 11\.90, uniform 28$/m);
  for (const title of ['Character GRU: training history', 'Next-character perplexity on held-out names (lower is better)']) {
    assert.ok(text.includes(`<Plotly figure '${title}'`), `chart '${title}' not shown`);
  }
});
