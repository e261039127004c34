/**
 * Notebook 03 (understanding the GRU: math, from scratch vs the layer, architecture,
 * pros and cons) run in a real tslab kernel through the runner, with small epochs.
 * Requires `npm run build` (the runner and the library run from dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, numberAfter, printedText, runRunner, type ExecutedNotebook } from '../helpers/notebooks';

/** The titles of the notebook's Plotly figures. */
function plotlyTitles(notebook: ExecutedNotebook): string[] {
  return notebook.cells.flatMap((c) => c.outputs ?? [])
    .map((o) => (o.data?.['application/vnd.plotly.v1+json'] as { layout?: { title?: { text?: string } } } | undefined)?.layout?.title?.text)
    .filter((t): t is string => t !== undefined);
}

/** How many outputs of the notebook are Plotly figures. */
function plotlyFigures(notebook: ExecutedNotebook): number {
  return notebook.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['application/vnd.plotly.v1+json'] !== undefined).length;
}

test('notebook 03 runs top to bottom and shows the lesson with code', { timeout: 10 * 60_000 }, () => {
  const run = runRunner(['03', '-p', 'overfitEpochs=8', '-p', 'overfitSeeds=2', '-p', 'gridEpochs=1', '-p', 'gateEpochs=2']);
  assert.equal(run.status, 0, `runner failed:\n${run.stderr}\n${run.stdout}`);
  const notebook = run.read('03-understanding-gru.ipynb');
  assert.deepEqual(errorsOf(notebook), []);
  const text = printedText(notebook);

  // The math by hand = gruCellStep; the two update-gate orientations are the same cell.
  assert.ok(numberAfter(text, 'Max |by hand - gruCellStep| over r, z, h~, h: ') < 1e-12);
  assert.ok(numberAfter(text, 'Max |h (lesson form) - h (Keras form, negated update gate)| = ') < 1e-12);
  assert.match(text, /^W_r \(3×5\) =$/m);
  assert.match(text, /^\[h\(t-1\), x\(t\)\] = \[/m);

  // From scratch vs the library layer with the same weights: the same numbers (float32 rounding).
  assert.ok(numberAfter(text, 'Reset before: max abs diff from scratch vs grulab.gru = ') < 1e-6);
  assert.ok(numberAfter(text, 'Reset after: max abs diff from scratch vs grulab.gru = ') < 1e-6);
  // ... and the two reset placements are genuinely different cells.
  assert.ok(numberAfter(text, 'Same weights, reset before vs reset after: max abs diff of the states = ') > 1e-3);

  // Each of the six components found in src/.
  assert.doesNotMatch(text, /\(not found:/);
  for (const component of ['1 Input layer', '2 Hidden layer', '3 Reset gate', '4 Update gate', '5 Candidate', '6 Output layer']) {
    assert.match(text, new RegExp(`^${component}\\s+src/\\S+:\\d+ `, 'm'), `component ${component} not located`);
  }

  // Parameter counts: exact (Keras formulas), GRU/LSTM below 1 and falling toward 0.75.
  assert.match(text, /^\s+64 \|\s+12864 \|\s+12672 \|\s+16896 \| 0\.761$/m);
  assert.match(text, /^\s+128 \|\s+50304 \|\s+49920 \|\s+66560 \| 0\.756$/m);

  // The first output is one short backend line; nothing reports leftover tensors.
  assert.match(text, /^TensorFlow\.js \d+\.\d+\.\d+, backend: \w+$/m);
  assert.doesNotMatch(text, /Tensors still allocated|refCountAfterDispose/);

  // Overfitting: GRU and LSTM on the same 32 windows per seed, one row per run, the verdicts.
  assert.match(text, /^Small-dataset experiment: 32 of 1009 training windows per seed, 205 validation windows of 14 days × 4 columns$/m);
  for (const kind of ['GRU', 'LSTM']) {
    for (const s of [42, 43]) {
      assert.match(text, new RegExp(`^${kind}\\s+\\|\\s+${s} \\|\\s+\\d+ \\|\\s+[+-]\\d+% \\|\\s+[+-]\\d+% \\|\\s+\\d+\\.\\d \\| (yes|no)$`, 'm'), `no overfitting row for ${kind} seed ${s}`);
    }
    assert.match(text, new RegExp(`^${kind}: overfits in [0-2] of 2 seeds; validation loss after its best epoch: mean [+-]\\d+%`, 'm'));
  }
  assert.match(text, /^GRU vs LSTM: the validation loss rose more after its best epoch for the GRU in [0-2] of 2 seeds, for the LSTM in [0-2]; (the GRU overfit more in every seed|the LSTM overfit more in every seed|neither overfit more in every seed)/m);
  assert.ok(plotlyTitles(notebook).includes('GRU(64) on 32 windows: training (dotted) vs validation (solid) loss'));
  assert.ok(plotlyTitles(notebook).includes('LSTM(64) on 32 windows: training (dotted) vs validation (solid) loss'));

  // Grid and gates experiments ran and printed their summaries.
  assert.equal((text.match(/^GRU\(\d+\), learning rate [\d.]+: validation loss \d+\.\d+$/gm) ?? []).length, 12);
  assert.match(text, /^Best: GRU\(\d+\) with learning rate [\d.]+, validation loss/m);
  assert.ok(numberAfter(text, 'Trained layer vs step-by-step cell, last state: max abs diff = ') < 1e-5);
  assert.equal((text.match(/^unit \d+: mean update gate z 0\.\d{3} /gm) ?? []).length, 8);
  // Charts: parameters, the two overfitting charts, the grid, the gate model's history, the gate heatmaps.
  assert.ok(plotlyFigures(notebook) >= 6, `expected at least 6 charts, got ${plotlyFigures(notebook)}`);
  assert.ok(notebook.cells.some((c) => (c.outputs ?? []).some((o) => JSON.stringify(o.data ?? {}).includes('Update gate z'))), 'no gate heatmap');
});
