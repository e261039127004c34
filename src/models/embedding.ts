/**
 * The Embedding layer: token ids in, one learned vector per id out, with Keras's
 * `mask_zero` so that id 0 (padding) makes the recurrent layers after it skip those steps.
 *
 * Porting note: TensorFlow.js's own `tf.layers.embedding` cannot be trained on the wasm
 * backend: the gradient of its `gather` needs the `UnsortedSegmentSum` kernel, which the
 * wasm backend does not have ("Kernel 'UnsortedSegmentSum' not registered for backend
 * 'wasm'"). This layer keeps `gather` for the forward pass and writes the gradient by hand
 * (`tf.customGrad`): the rows of the upstream gradient are added into the rows of their ids,
 * a loop over `batch * timeSteps` rows in plain JavaScript, which is what the missing kernel does.
 */
import * as tf from '@tensorflow/tfjs';
import { checkUnits, deserializeInitializer, nextLayerName } from './layer-args';
import { type InitializerOption, layerSeed, resolveInitializer, type Seed } from './initializers';

/** Options of {@link embedding}, Keras's `Embedding(...)` keyword arguments in camelCase. */
export interface EmbeddingArgs {
  /** Vocabulary size: ids run from `0` to `inputDim - 1` (a positive integer). */
  inputDim: number;
  /** Length of each id's vector (a positive integer). */
  outputDim: number;
  /**
   * Treat id 0 as padding: the layer outputs a mask (`id !== 0`) that grulab's GRU and
   * {@link bidirectional} honour, so padded steps keep the previous state. Id 0 must then
   * not be a real token (so `inputDim` is the vocabulary size + 1, as Keras says). Default `false`.
   */
  maskZero?: boolean;
  /** Initializer of the `[inputDim, outputDim]` table. Default `'randomUniform'` (Keras's `'uniform'`, ±0.05, seeded). */
  embeddingsInitializer?: InitializerOption;
  /** Seed of the initial table. Default: from `withSeed` / `setSeed`, else random. */
  seed?: Seed;
  /** Input shape without the batch dimension: `[timeSteps]`, `timeSteps` may be `null`. Default `[null]`. */
  inputShape?: (number | null)[];
  /** Layer name. Default `'embedding'`, `'embedding_1'`, ... */
  name?: string;
  /** Whether the table trains. Default `true`. */
  trainable?: boolean;
}

/** `table[ids]` with a gradient that needs no `UnsortedSegmentSum` kernel (see the porting note). */
function lookup(ids: tf.Tensor, table: tf.Tensor2D): tf.Tensor {
  const [inputDim, outputDim] = table.shape;
  const gathered = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [idsIn, tableIn, save] = args as [tf.Tensor, tf.Tensor2D, tf.GradSaveFunc];
    const flat = tf.reshape(idsIn, [-1]);
    save([flat]);
    const value = tf.reshape(tf.gather(tableIn as tf.Tensor2D, flat), [...(idsIn as tf.Tensor).shape, outputDim]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const idValues = saved[0].dataSync();
      const rows = dy.dataSync();
      const dTable = new Float32Array(inputDim * outputDim);
      // Each output row's gradient goes back to the table row of its id.
      for (let i = 0; i < idValues.length; i++) {
        const to = idValues[i] * outputDim;
        const from = i * outputDim;
        for (let k = 0; k < outputDim; k++) dTable[to + k] += rows[from + k];
      }
      return [tf.zerosLike(idsIn as tf.Tensor), tf.tensor2d(dTable, [inputDim, outputDim])];
    };
    return { value, gradFunc };
  });
  return gathered(ids, table);
}

/** The Embedding layer class (registered for serialization as `'GrulabEmbedding'`). Create it with {@link embedding}. */
export class GrulabEmbedding extends tf.layers.Layer {
  /** @nocollapse */
  static className = 'GrulabEmbedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  /** The seed this layer's initial table comes from. */
  readonly seed: string;
  private readonly initializerOption: InitializerOption;
  private embeddings?: tf.LayerVariable;

  constructor(args: EmbeddingArgs) {
    if (args === null || typeof args !== 'object') {
      throw new Error(`embedding: expected an options object like { inputDim: 1000, outputDim: 32 }, got ${String(args)}`);
    }
    const inputShape = args.inputShape ?? [null];
    if (!Array.isArray(inputShape) || inputShape.length !== 1) {
      throw new Error(`embedding: inputShape must be [timeSteps] (timeSteps may be null), got ${JSON.stringify(args.inputShape)}`);
    }
    super({ name: args.name ?? nextLayerName('embedding'), inputShape, trainable: args.trainable });
    this.inputDim = checkPositive('inputDim', args.inputDim);
    this.outputDim = checkPositive('outputDim', args.outputDim);
    this.maskZero = args.maskZero ?? false;
    if (this.maskZero && this.inputDim < 2) {
      throw new Error(`embedding: with maskZero, inputDim must be at least 2 (id 0 is padding), got ${this.inputDim}`);
    }
    this.seed = layerSeed(args.seed);
    this.initializerOption = deserializeInitializer(args.embeddingsInitializer ?? 'randomUniform');
    this.supportsMasking = true;
  }

  override build(): void {
    const init = resolveInitializer(this.initializerOption, this.seed, 'embeddings');
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape, this.outputDim];
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0] : inputs;
    // The tfjs typings say Tensor, but null (no mask) is what tfjs layers return.
    return (this.maskZero ? tf.notEqual(ids, 0) : null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const raw = Array.isArray(inputs) ? inputs[0] : inputs;
      const ids = raw.dtype === 'int32' ? raw : tf.cast(raw, 'int32');
      const { min, max } = tf.tidy(() => ({ min: tf.min(ids).dataSync()[0], max: tf.max(ids).dataSync()[0] }));
      if (ids.size > 0 && (min < 0 || max >= this.inputDim)) {
        const bad = min < 0 ? min : max;
        throw new Error(`embedding: ids must be integers in [0, ${this.inputDim - 1}] (inputDim ${this.inputDim}), got ${bad}`);
      }
      return lookup(ids, this.embeddings!.read() as tf.Tensor2D);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const option = this.initializerOption;
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      maskZero: this.maskZero,
      seed: this.seed,
      embeddingsInitializer:
        typeof option === 'string'
          ? option
          : { className: (option.constructor as unknown as { className: string }).className, config: option.getConfig() },
    };
  }
}
tf.serialization.registerClass(GrulabEmbedding);

function checkPositive(arg: string, value: unknown): number {
  try {
    return checkUnits('embedding', value);
  } catch {
    throw new Error(`embedding: ${arg} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`);
  }
}

/**
 * An Embedding layer, as Keras's `Embedding(input_dim, output_dim, mask_zero=...)`: maps
 * each id of an `[batch, timeSteps]` input to a learned vector, giving
 * `[batch, timeSteps, outputDim]`. With `maskZero`, id 0 is padding and the GRU after it
 * skips those steps (the state carries over), so right-padded batches of different
 * lengths give each sequence the same result as it would get alone.
 *
 * @param args {@link EmbeddingArgs}: `inputDim` (vocabulary size) and `outputDim` are required.
 * @returns the layer, to put first in a `tf.sequential` (input ids as numbers or int32).
 * @throws Error naming the argument for an `inputDim` or `outputDim` that is not a positive
 *   integer (a vocabulary size of 0), and, when called, for an id outside `[0, inputDim - 1]`.
 * @example
 * const model = tf.sequential({ layers: [
 *   embedding({ inputDim: 1000, outputDim: 16, maskZero: true }),
 *   gru({ units: 8 }), dense({ units: 1, activation: 'sigmoid' })] });
 * model.countParams(); // => 16633 (16000 in the table + 624 in the GRU + 9, as Keras)
 * @see notebooks/07-text-classification.ipynb
 */
export function embedding(args: EmbeddingArgs): GrulabEmbedding {
  return new GrulabEmbedding(args);
}
