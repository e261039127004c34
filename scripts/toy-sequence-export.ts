/**
 * Lesson 01's toy program (GRU(50, relu) -> Dense(1), Adam(0.001), MSE, one batch of the 3
 * sequences per epoch), as notebooks/01-gru-basics.ipynb runs it: writes to stdout, as JSON,
 * the initial weights for a seed, the data, and grulab's predictions after the epochs.
 * `toy-sequence-float64.py` reads that JSON and trains the same equations in float64.
 *
 *   npx tsx scripts/toy-sequence-export.ts [--seed 70] [--epochs 200] | /usr/bin/python3 scripts/toy-sequence-float64.py
 */
import * as tf from '@tensorflow/tfjs';
import * as grulab from 'grulab';

/** The value after `--name` in the command line, or `fallback`. */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`toy-sequence-export: --${name} must be a non-negative integer, got ${process.argv[at + 1]}`);
  return value;
}

async function main(): Promise<void> {
  await grulab.ready();
  const seed = option('seed', 70);
  const epochs = option('epochs', 200);
  const X = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
  const y = [4, 5, 6];
  const model = grulab.withSeed(seed, () => tf.sequential({
    layers: [grulab.gru({ units: 50, activation: 'relu', inputShape: [3, 1] }), grulab.dense({ units: 1 })],
  }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const [kernel, recurrentKernel, bias, denseKernel, denseBias] = model.getWeights().map((w) => w.arraySync());
  const x3 = tf.tensor3d(X.map((row) => row.map((v) => [v])));
  const y2 = tf.tensor2d(y, [3, 1]);
  const history = await grulab.fit(model, x3, y2, { epochs, batchSize: 32, seed, verbose: 0 });
  const predictions = Array.from((model.predict(x3) as tf.Tensor).dataSync());
  process.stdout.write(`${JSON.stringify({
    seed, epochs, learningRate: 0.001, X, y,
    // Keras layout: kernel [inputs, 3 units] and recurrent kernel [units, 3 units] with gate blocks z, r, h;
    // bias [2, 3 units]: input bias row, recurrent bias row (reset_after=True).
    weights: { kernel, recurrentKernel, bias, denseKernel, denseBias },
    grulab: { predictions, finalLoss: history.loss[history.loss.length - 1] },
  })}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
