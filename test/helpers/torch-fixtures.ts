/**
 * What the PyTorch parity tests share (test/models-parity.test.ts for the GRU,
 * test/models-parity-cells.test.ts for the LSTM and SimpleRNN): the fields every case of
 * test/fixtures/models/*_fixtures.json has, reading a fixture file, and the error measure.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fields every fixture case has (make_gru_fixtures.py and make_cell_fixtures.py write them alike). */
export interface TorchCase {
  name: string;
  batch: number;
  timeSteps: number;
  inputDim: number;
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
  weightScale: number;
  inputScale: number;
  lossScale: number;
  weightsInt: Record<string, number[]>;
  weightShapes: Record<string, number[]>;
  xInt: number[];
  lossWeightsInt: number[];
  output: number[];
  outputShape: number[];
  grads: Record<string, number[]>;
}

/** The cases of `test/fixtures/models/<file>`. */
export function readTorchFixtures<C extends TorchCase>(file: string): C[] {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'models', file), 'utf8')) as { cases: C[] }).cases;
}

/** Largest absolute difference, and largest difference relative to max(|expected|, 1). */
export function diff(actual: ArrayLike<number>, expected: number[]): { abs: number; rel: number } {
  assert.equal(actual.length, expected.length);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(expected[i]), 1));
  }
  return { abs, rel };
}
