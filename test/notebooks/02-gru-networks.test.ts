/**
 * Notebook 02 (GRU networks) run in a real tslab kernel through the runner, with small
 * training budgets: the structural results (parameter counts, shapes, gate and state counts)
 * are exact whatever the budget. Requires `npm run build`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedText, runRunner } from '../helpers/notebooks';

test('notebook 02 runs top to bottom and prints the lesson results', { timeout: 10 * 60_000 }, () => {
  const run = runRunner([
    '02',
    '-p', 'mixedRounds=2',
    '-p', 'comparisonEpochs=2',
    '-p', 'timingEpochs=1',
    '-p', 'recallEpochs=2',
    '-p', 'recallSamples=64',
    '-p', 'recallSeeds=1',
  ]);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const notebook = run.read('02-gru-networks.ipynb');
  assert.deepEqual(errorsOf(notebook), []);
  const text = printedText(notebook);

  // The lesson's model and its summary.
  assert.match(text, /^GRU parameters: 14592$/m);
  assert.match(text, /Total params: 14657/);
  assert.match(text, /= 14592$/m);

  // One model, several sequence lengths.
  for (const steps of [1, 5, 20, 100]) {
    assert.match(text, new RegExp(`^input \\[2,${steps},10\\] -> output \\[2,1\\]: `, 'm'));
  }
  assert.match(text, /^parameters after all four calls: 14657 /m);
  for (const steps of [5, 15, 30]) assert.match(text, new RegExp(`^length ${steps}: MSE [\\d.]+ before, [\\d.]+ after 2 rounds$`, 'm'));

  // GRU vs LSTM on Seattle weather.
  assert.match(text, /^windows: train \[1009,14,4\], validation \[205,14,4\]/m);
  assert.match(text, /^GRU \(TF\.js ops\) epoch losses equal the fused GRU's: true$/m);
  assert.match(text, /^LSTM \(TF\.js ops\) epoch losses equal the fused LSTM's: true$/m);
  assert.match(text, /^GRU \(fused kernel\) \|\s+3648 \|/m);
  assert.match(text, /^LSTM \(fused kernel\) \|\s+4736 \|/m);
  for (const name of ['GRU (fused kernel)', 'LSTM (fused kernel)', 'GRU (TF.js ops)', 'LSTM (TF.js ops)']) {
    assert.match(text, new RegExp(`^${name.replace(/[().]/g, '\\$&')}: \\d+\\.\\d ms per epoch$`, 'm'));
  }
  assert.match(text, /^time per epoch, GRU\/LSTM kernel for kernel: fused \d+\.\d\d, TF\.js ops \d+\.\d\d$/m);
  assert.match(text, /^lower best validation loss after 2 epochs: (GRU|LSTM); lower validation MAE: (GRU|LSTM)$/m);
  assert.match(text, /^beats "tomorrow = today" on validation MAE: GRU (yes|no), LSTM (yes|no)$/m);

  // Pitfalls: the recall task at every length, and the glitched data.
  for (const length of [5, 10, 20, 40, 80]) assert.match(text, new RegExp(`^GRU  length\\s+${length}: learned \\d/1`, 'm'));
  // The LSTM on the same runs at the edge length and where the GRU fails (40, 80).
  for (const length of [20, 40, 80]) {
    assert.match(text, new RegExp(`^LSTM length\\s+${length}: learned \\d/1`, 'm'));
    assert.match(text, new RegExp(`^length\\s+${length}: GRU \\d/1 vs LSTM \\d/1 learned; ((more runs learned|as many runs learned; lower mean MSE): (GRU|LSTM)|neither learned: both stay on the guess-the-mean plateau)$`, 'm'));
  }
  assert.match(text, /^temp_max range seen by the scaler: 37\.2 °C clean, 1000\.6 °C with 3 glitches$/m);
  assert.match(text, /^change of the GRU's validation MAE from 3 glitched days: -?\d+\.\d\d °C; GRU vs LSTM gap in section 3: \d+\.\d\d °C$/m);

  // The first output is one short backend line.
  assert.match(text, /^TensorFlow\.js \d+\.\d+\.\d+, backend: \w+$/m);

  // Exercises and the quick check.
  assert.match(text, /^GRU kernel \[10,192\]: 192 \/ 64 = 3 blocks/m);
  assert.match(text, /^LSTM kernel \[10,256\]: 256 \/ 64 = 4 blocks/m);
  assert.match(text, /^GRU returns 2 tensors/m);
  assert.match(text, /^LSTM returns 3 tensors/m);
  assert.match(text, /^GRU: output vs its state, largest difference 0\.000000/m);
  assert.match(text, /^GRU\(64\) on 10 features: 14592 parameters; LSTM\(64\): 19200; ratio 0\.760$/m);
  assert.match(text, /^Does GRU completely replace LSTM\? No /m);
});
