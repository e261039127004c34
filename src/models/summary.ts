/**
 * A model's parameter count and summary table as values, for notebooks to print or assert on.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The number of weights of a model (trainable and not), as Keras's `model.count_params()`.
 *
 * @param model a built model.
 * @example
 * countParams(tf.sequential({ layers: [gru({ units: 50, inputShape: [3, 1] })] })); // => 7950
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}

/**
 * The text of `model.summary()` (layers, output shapes, parameter counts) as one string,
 * rather than printed to the console.
 *
 * @param model a built model.
 * @param lineLength width of the table in characters. Default `90`.
 * @example
 * modelSummary(model).includes('Total params: 23301'); // => true for lesson 04's model
 */
export function modelSummary(model: tf.LayersModel, lineLength = 90): string {
  const lines: string[] = [];
  model.summary(lineLength, undefined, (...parts: unknown[]) => lines.push(parts.map(String).join(' ')));
  return lines.join('\n');
}
