/**
 * Notebook 02 (GRU networks) run in a real tslab kernel through the runner, with small
 * training budgets: the structural results (parameter counts, shapes, gate and state counts)
 * are exact whatever the budget. Requires `npm run build`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, printedComparison, printedText, runRunner } from '../helpers/notebooks';

test('notebook 02 runs top to bottom and prints the lesson results', { timeout: 10 * 60_000 }, () => {
  const run = runRunner([
    '02',
    '-p', 'mixedRounds=2',
    '-p', 'comparisonEpochs=3',
    '-p', 'comparisonSeeds=2',
    '-p', 'checkEpochs=1',
    '-p', 'timingOpBatches=1',
    '-p', 'recallEpochs=2',
    '-p', 'recallSamples=64',
    '-p', 'recallSeeds=2',
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
  assert.match(text, /^windows: train \[1009,14,4\], validation \[205,14,4\], test \[205,14,4\]/m);
  assert.match(text, /^MAE of "tomorrow = today": validation \d\.\d\d °C, test \d\.\d\d °C$/m);
  assert.match(text, /^GRU \(TF\.js ops\) epoch losses equal the fused GRU's: true$/m);
  assert.match(text, /^LSTM \(TF\.js ops\) epoch losses equal the fused LSTM's: true$/m);
  // Every seed's runs, scored on the test days; each verdict agrees with its printed numbers, and the baseline
  // (no seed) is a point interval.
  for (const kind of ['GRU', 'LSTM']) {
    for (const s of [42, 43]) assert.match(text, new RegExp(`^${kind} seed ${s}: \\d+ epochs \\(best \\d+, `, 'm'));
  }
  assert.match(text, /^Runs that reached 3 epochs without stopping early /m);
  const accuracy = printedComparison(text, 'test MAE (°C), mean ± standard deviation over 2 seeds: GRU', 'lower');
  assert.deepEqual(accuracy.samples.map((s) => s.name), ['GRU', 'LSTM']);
  for (const kind of ['GRU', 'LSTM']) {
    const againstNaive = printedComparison(text, `test MAE (°C), mean ± standard deviation over 2 seeds: ${kind} `, 'lower', '"tomorrow = today"');
    const naive = againstNaive.samples.find((s) => s.name === '"tomorrow = today"');
    assert.ok(naive !== undefined && naive.low === naive.high, againstNaive.line);
  }
  // Speed: four models over 5 alternated calls, GRU against LSTM kernel for kernel.
  for (const name of ['GRU (fused kernel)', 'LSTM (fused kernel)', 'GRU (TF.js ops)', 'LSTM (TF.js ops)']) {
    assert.match(text, new RegExp(`^${name.replace(/[().]/g, '\\$&')}: \\d+\\.\\d\\d ms per training batch, median of 5 calls \\(`, 'm'));
  }
  for (const label of ['ms per training batch, fused kernels', 'ms per training batch, TF.js ops']) assert.equal(printedComparison(text, label, 'lower').count, 5);
  // Each cell's fused kernel against the same cell built from TF.js ops: the implementation's share, worded from the calls.
  for (const kind of ['GRU', 'LSTM']) {
    const implementation = printedComparison(text, `${kind} ms per training batch, median`, 'lower');
    assert.deepEqual(implementation.samples.map((s) => s.name), ['fused kernel', 'TF.js ops']);
  }
  // The lesson's model for a device: exact sizes, and the time of one prediction compared with its spread.
  assert.match(text, /^GRU\(64\) {3}\| {6}14657 \| {11}58\.\d \| {13}171\.8 \| \d+\.\d{3}$/m);
  assert.match(text, /^LSTM\(64\) {2}\| {6}19265 \| {11}77\.\d \| {13}225\.8 \| \d+\.\d{3}$/m);
  assert.match(text, /^GRU \/ LSTM: parameters 0\.761, saved model 0\.7\d\d, training state 0\.761$/m);
  assert.equal(printedComparison(text, 'ms per prediction of one 50-step sequence', 'lower').count, 5);

  // Pitfalls: the recall task at every length, and the glitched data.
  for (const length of [5, 10, 20, 40, 80]) assert.match(text, new RegExp(`^GRU  length\\s+${length}: learned \\d/2`, 'm'));
  // The LSTM on the same runs at the edge length and where the GRU fails (40, 80).
  for (const length of [20, 40, 80]) {
    assert.match(text, new RegExp(`^LSTM length\\s+${length}: learned \\d/2`, 'm'));
    assert.match(text, new RegExp(`^length\\s+${length}: GRU \\d/2 vs LSTM \\d/2 learned; `, 'm'));
    printedComparison(text, `recall validation MSE at length ${length}`, 'lower');
  }
  assert.match(text, /^temp_max range seen by the scaler: 37\.2 °C clean, 1000\.6 °C with 3 glitches$/m);
  printedComparison(text, 'GRU test MAE (°C)', 'lower');
  assert.match(text, /^change of the GRU's test MAE from 3 glitched days: -?\d+\.\d\d °C; GRU vs LSTM gap in section 3: \d+\.\d\d °C \(means over 2 seeds\)$/m);
  assert.match(text, /^Within noise: /m);

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
