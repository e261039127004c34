/**
 * Notebook 01 (GRU basics on a toy sequence) run in a real tslab kernel through the runner.
 *
 * The toy training keeps the lesson's full 200 epochs (3 samples, one batch per epoch: a few
 * seconds); the efficiency timing, the seed sweep and the GRU-vs-LSTM seeds are cut down.
 * Requires `npm run build` (the runner and the library run from dist/). A second run with the
 * same seed must print the same numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, numberAfter, printedText, runRunner, type RunnerRun } from '../helpers/notebooks';

const ARGS = ['01', '-p', 'timingEpochs=20', '-p', 'sweepSeeds=3', '-p', 'compareSeeds=2', '-p', 'maxEpochs=600'];
let firstRun: RunnerRun | undefined;

/** The notebook run once with ARGS, shared by both tests: the repeat costs one more run, not two. */
function runOnce(): RunnerRun {
  firstRun ??= runRunner(ARGS);
  return firstRun;
}

/** The numbers of the first printed line that starts with `label`, as `label [a, b, c]`. */
function numbersAfter(text: string, label: string): number[] {
  const line = text.split('\n').find((l) => l.startsWith(label));
  assert.ok(line !== undefined, `no printed line starts with '${label}'`);
  const inside = /\[([^\]]*)\]/.exec(line.slice(label.length));
  assert.ok(inside !== null, `no [..] list after '${label}' in: ${line}`);
  return inside[1].split(',').map(Number);
}

test('notebook 01 runs top to bottom and prints the lesson results', { timeout: 10 * 60_000 }, () => {
  const run = runOnce();
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

  // The first output is one short backend line.
  assert.match(text, /^TensorFlow\.js \d+\.\d+\.\d+, backend: \w+$/m);
  assert.doesNotMatch(text, /overrides/);

  // The seed sweep: seeds 0-2 trained with the lesson's settings, and its summary lines.
  for (const s of [0, 1, 2]) assert.match(text, new RegExp(`^\\s+${s} \\| \\[[-\\d., ]+\\] \\| \\d+\\.\\d\\d \\| (\\d+|more than 600)$`, 'm'));
  const withinCount = /^Within tolerance after 200 epochs: (\d+) of 3 seeds/m.exec(text);
  assert.ok(withinCount, 'no sweep summary');
  assert.ok(numberAfter(text, 'Largest error after 200 epochs: median ') > 0.3, 'the typical seed is not within the tolerance after 200 epochs');
  assert.equal(numbersAfter(text, 'Median predictions after 200 epochs: ').length, 3);

  // The reset gate's extremes on the trained layer: r forced to 0 makes every candidate the
  // first-element candidate; the trained gate does not; r forced to 1 gives the plain-RNN candidate.
  const gapAfter = (block: string, label: string): number => numberAfter(text.slice(text.indexOf(block)), label);
  assert.ok(gapAfter('trained reset gate:', 'candidate after 6, 5, 4 vs first element: largest difference ') > 0.01);
  assert.equal(gapAfter('reset gate forced to 0:', 'candidate after 1, 2, 3 vs first element: largest difference '), 0);
  assert.equal(gapAfter('reset gate forced to 0:', 'candidate after 6, 5, 4 vs first element: largest difference '), 0);
  assert.ok(gapAfter('reset gate forced to 0:', 'new state after 1, 2, 3 vs first element: largest difference ') > 0.01);
  assert.ok(gapAfter('reset gate forced to 1:', "plain-RNN candidate relu(W x + b + U h + b'): largest difference ") < 1e-12);
  assert.match(text, /^reset gate forced to 0: r from 0\.000 to 0\.000$/m);
  assert.match(text, /^reset gate forced to 1: r from 1\.000 to 1\.000$/m);

  // Efficiency: exact parameter counts, a time per epoch for each model, the ratio.
  assert.match(text, /^GRU \(fused kernel\)\s+\|\s+7950 \|/m);
  assert.match(text, /^LSTM \(fused kernel\)\s+\|\s+10400 \|/m);
  assert.match(text, /^GRU \(TF\.js ops\)\s+\|\s+7950 \|/m);
  assert.match(text, /^LSTM \(TF\.js ops\)\s+\|\s+10400 \|/m);
  assert.match(text, /^GRU\/LSTM parameters: 0\.764$/m);
  assert.match(text, /^GRU\/LSTM ms per epoch, kernel for kernel: fused \d+\.\d\d, TF\.js ops \d+\.\d\d$/m);
  for (const name of ['GRU (fused kernel)', 'LSTM (fused kernel)', 'GRU (TF.js ops)', 'LSTM (TF.js ops)']) {
    assert.match(text, new RegExp(`^${name.replace(/[().]/g, '\\$&')}: \\d+\\.\\d\\d ms per epoch$`, 'm'));
  }
  // The fused row's training-step memory includes the kernel's own memory; the op-by-op rows have none.
  const memoryRow = (name: string): number[] => {
    const line = text.split('\n').find((l) => l.startsWith(name) && l.includes('|'));
    assert.ok(line !== undefined, `no memory row for ${name}`);
    return line.split('|').slice(1).map(Number);
  };
  for (const name of ['GRU (fused kernel)', 'LSTM (fused kernel)']) {
    const [, , , fusedStep, fusedKernel] = memoryRow(name);
    assert.ok(fusedKernel > 0 && fusedStep >= fusedKernel, `${name}: step ${fusedStep} KB, of it kernel ${fusedKernel} KB`);
  }
  assert.equal(memoryRow('GRU (TF.js ops)')[4], 0);
  assert.equal(memoryRow('LSTM (TF.js ops)')[4], 0);
  const stepRatio = /^GRU\/LSTM one training step, kernel for kernel: fused (\S+), TF\.js ops (\S+)$/m.exec(text);
  assert.ok(stepRatio, 'no training-step memory ratio');
  assert.ok(Number(stepRatio[2]) < 1, `TF.js ops: GRU/LSTM step memory ${stepRatio[2]}`);

  // GRU vs LSTM over seeds 0-1: one row per seed, the spread lines and the verdicts.
  for (const s of [0, 1]) assert.match(text, new RegExp(`^\\s+${s} \\|\\s+\\d+\\.\\d{4} \\|\\s+\\d+\\.\\d{4} \\| \\[`, 'm'));
  for (const label of ['train MSE', 'held-out MAE']) {
    assert.match(text, new RegExp(`^${label}: GRU mean \\d+\\.\\d{4} ± \\d+\\.\\d{4} \\(from [\\d.]+ to [\\d.]+\\); LSTM mean`, 'm'));
    assert.match(text, new RegExp(`^${label}: the GRU is lower in \\d of 2 seeds; (the GRU|the LSTM|neither model) is lower in every seed`, 'm'));
  }
});

/** Lines that report timings (ms, seconds, elapsed, speed): clocks differ between runs, so they are set aside. */
const TIMING = /\b(ms|seconds?|elapsed|ETA|per epoch|speed|faster|slower)\b|\d\s*s\b|×/i;

test('notebook 01 run again with its seed prints identical numbers', { timeout: 10 * 60_000 }, () => {
  const [first, second] = [runOnce(), runRunner(ARGS)];
  for (const run of [first, second]) assert.equal(run.status, 0, run.stderr);
  const untimed = (run: RunnerRun) => printedText(run.read('01-gru-basics.ipynb')).split('\n').filter((line) => !TIMING.test(line));
  const [a, b] = [untimed(first), untimed(second)];
  // Losses and predictions included, every untimed line must match to the character.
  assert.ok(a.some((line) => line.startsWith('Predictions: [')), 'the comparison covers the predictions');
  assert.ok(a.length > 40, `enough printed lines to compare (${a.length})`);
  assert.deepEqual(b, a);
});
