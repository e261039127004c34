/**
 * Notebook 05 (GRU vs LSTM: parameters, the gradient highway, the adding problem, speed,
 * practice questions) run in a real tslab kernel through the runner, with small parameters.
 * Requires `npm run build` (the runner and the library run from dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, numberAfter, printedText, runRunner } from '../helpers/notebooks';

test('notebook 05 runs top to bottom and measures the lesson claims', { timeout: 10 * 60_000 }, () => {
  const run = runRunner([
    '05', '-p', 'addingLengths=10,20', '-p', 'addingEpochs=4',
    '-p', 'gradSeeds=1', '-p', 'speedSteps=20', '-p', 'speedEpochs=1',
  ]);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const notebook = run.read('05-gru-vs-lstm.ipynb');
  assert.deepEqual(errorsOf(notebook), []);
  const text = printedText(notebook);

  // Parameter counts (Keras's formulas) and the ratio, 0.764 at 50 units, toward 0.75.
  assert.match(text, /^50 units on 1 feature: GRU parameters: 7950, LSTM parameters: 10400, SimpleRNN parameters: 2600$/m);
  assert.match(text, /^GRU\/LSTM parameter ratio for 50 units on 1 feature: 0\.764$/m);
  assert.match(text, /^ 1000 \| {3}1002000 \| {6}3009000 \| {6}3006000 \| {3}4008000 \| {3}0\.7507 \| 0\.7500$/m);
  const limit = numberAfter(text, 'GRU/LSTM parameter ratio for 1000 units: ');
  assert.ok(limit > 0.75 && limit < 0.751, `ratio at 1000 units ${limit}`);

  // The gradient highway at initialization: with its update gate open the GRU carries the gradient
  // 100 steps back, far better than the SimpleRNN and than the GRU with Keras's initial gate (0.5).
  const k100 = (label: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`At initialization: ${label} `));
    assert.ok(line !== undefined, `no gradient line for ${label}`);
    return Number.parseFloat(line.slice(line.indexOf('k=100: ') + 'k=100: '.length));
  };
  const open = k100('GRU, update gate open');
  assert.ok(open > 10 * k100('SimpleRNN'), `open-gate GRU ${open} vs SimpleRNN ${k100('SimpleRNN')} at k=100`);
  assert.ok(open > 1e6 * k100('GRU'), `open-gate GRU ${open} vs default GRU ${k100('GRU')} at k=100`);
  assert.ok(k100('LSTM, forget gate open') > 100 * k100('LSTM'));
  assert.ok(numberAfter(text, 'At initialization, k=100: GRU with the update gate open / SimpleRNN = ') > 10);

  // After training on the adding problem the GRU's gradient still reaches k=100.
  const after = /^Gradient norm at k=100 after training: SimpleRNN (\S+), LSTM (\S+), GRU (\S+)$/m.exec(text);
  assert.ok(after !== null, 'no gradient line after training');
  const gru = Number(after[3]);
  assert.ok(gru > 1e-5, `GRU gradient at k=100 after training ${gru}`);

  // The adding problem: GRU solves the longest test length, the SimpleRNN does not.
  assert.match(text, /^Adding problem T=20: GRU solved at epoch \d+/m);
  assert.match(text, /^Adding problem T=20: SimpleRNN not solved in 4 epochs/m);
  assert.ok(numberAfter(text, 'mean update gate z (Keras orientation, 1 = keep) over a probe sequence: ') > 0.5);

  // Speed: a time per epoch for each model.
  for (const kind of ['GRU', 'LSTM', 'SimpleRNN']) {
    for (const how of ['fused kernel', 'op by op']) {
      assert.match(text, new RegExp(`^${kind} \\(${how}\\): \\d+\\.\\d ms per epoch \\(\\d+ parameters\\)$`, 'm'));
    }
  }
  assert.match(text, /^Seconds per epoch, LSTM \/ GRU kernel for kernel: fused \d+\.\d\d, op by op \d+\.\d\d$/m);

  // One short backend line first; no leftover-tensor report.
  assert.match(text, /^TensorFlow\.js \d+\.\d+\.\d+, backend: \w+$/m);
  assert.doesNotMatch(text, /Tensors still allocated/);

  // Practice questions.
  assert.match(text, /^GRU\(4\) weights: \[1,12\], \[4,12\], \[2,12\] → 3 blocks/m);
  assert.match(text, /^LSTM\(4\) weights: \[1,16\], \[4,16\], \[16\] → 4 blocks/m);
  assert.match(text, /^GRU with returnState: 2 tensors/m);
  assert.match(text, /^LSTM with returnState: 3 tensors/m);
  assert.match(text, /^Lesson's equation: h\(t\) = 0\.7615 \(the candidate\); Keras's: h\(t\) = -0\.4999 \(the old state\)$/m);
  assert.match(text, /^update-gate bias {2}6: z = 0\.9975, ∂h\(t\)\/∂h\(t-1\) = 0\.9981/m);
});
