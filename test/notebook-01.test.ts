/**
 * Notebook 01 (GRU basics on a toy sequence) run in a real tslab kernel through the runner.
 *
 * The toy training keeps the lesson's full 200 epochs (3 samples, one batch per epoch: a few
 * seconds); only the efficiency timing and the robustness retraining are cut down.
 * Requires `npm run build` (the runner and the library run from dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, numberAfter, printedText, runRunner } from './helpers/notebooks';

/** The numbers of the first printed line that starts with `label`, as `label [a, b, c]`. */
function numbersAfter(text: string, label: string): number[] {
  const line = text.split('\n').find((l) => l.startsWith(label));
  assert.ok(line !== undefined, `no printed line starts with '${label}'`);
  const inside = /\[([^\]]*)\]/.exec(line.slice(label.length));
  assert.ok(inside !== null, `no [..] list after '${label}' in: ${line}`);
  return inside[1].split(',').map(Number);
}

test('notebook 01 runs top to bottom and prints the lesson results', { timeout: 10 * 60_000 }, () => {
  const run = runRunner(['01', '-p', 'timingEpochs=20', '-p', 'otherSeeds=1', '-p', 'maxEpochs=600']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const notebook = run.read('01-gru-basics.ipynb');
  assert.deepEqual(errorsOf(notebook), []);
  const text = printedText(notebook);

  // Equations by hand vs gruCellStep, and the two update-gate conventions.
  assert.ok(numberAfter(text, 'largest difference from the hand computation: ') <= 1e-9);
  assert.deepEqual(numbersAfter(text, 'h_t = '), [0.5978, -0.332]);
  const kerasForm = numbersAfter(text, 'lesson 01 / Keras form');
  const lessonForm = numbersAfter(text, 'lessons 03-05 form      h');
  const flipped = numbersAfter(text, 'lessons 03-05 form with W_z, U_z, b_z negated');
  assert.deepEqual(flipped, kerasForm);
  assert.notDeepEqual(lessonForm, kerasForm);

  // The lesson's program: parameter counts and predictions within 0.3 of [4, 5, 6].
  assert.match(text, /^GRU parameters: 7950$/m);
  assert.match(text, /^Total parameters: 8001$/m);
  const targets = [4, 5, 6];
  const lessonPredictions = numbersAfter(text, 'Predictions after 200 epochs: ');
  lessonPredictions.forEach((p, i) => assert.ok(Math.abs(p - targets[i]) <= 0.3, `prediction ${p} for ${targets[i]} after 200 epochs`));
  const finalPredictions = numbersAfter(text, 'Predictions: ');
  finalPredictions.forEach((p, i) => assert.ok(Math.abs(p - targets[i]) <= 0.3, `prediction ${p} for ${targets[i]}`));
  assert.match(text, /^Within 0\.3 of \[4, 5, 6\] after \d+ epochs/m);

  // The update gate read from the trained layer: stepping by hand reproduces the layer.
  assert.ok(numberAfter(text, 'last state by gruCellStep vs the GRU layer: largest difference ') < 1e-4);
  const highZ = numberAfter(text, '(highest z): mean z = ');
  const lowZ = numberAfter(text, '(lowest z): mean z = ');
  assert.ok(highZ > lowZ, `highest mean z ${highZ} should exceed the lowest ${lowZ}`);

  // Efficiency: exact parameter counts, a time per epoch for each model, the ratio.
  assert.match(text, /^GRU \(fused kernel\) \|\s+7950 \|/m);
  assert.match(text, /^GRU \(TF\.js ops\)\s+\|\s+7950 \|/m);
  assert.match(text, /^LSTM\s+\|\s+10400 \|/m);
  assert.match(text, /^GRU\/LSTM parameters: 0\.764$/m);
  for (const name of ['GRU (fused kernel)', 'GRU (TF.js ops)', 'LSTM']) {
    assert.ok(text.includes(`${name}: `) && /ms per epoch/.test(text), `no time per epoch for ${name}`);
  }
});
