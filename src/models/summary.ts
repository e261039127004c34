/**
 * A model's summary table as a value, for notebooks to print or assert on (its parameter
 * count is TensorFlow.js's own `model.countParams()`).
 */
import * as tf from '@tensorflow/tfjs';

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
