/**
 * LSTM, SimpleRNN and Dense with Keras's defaults and seeded initial weights, so lesson 05
 * compares GRU and LSTM like with like and a whole model is reproducible from one seed.
 *
 * Porting note: TF.js's `tf.layers.lstm` defaults to `recurrentActivation: 'hardSigmoid'`
 * and its initializers ignore seeds; its `orthogonal` initializer also prints "Slowness may
 * result" for matrices over 2000 elements. These wrappers pass Keras's `sigmoid`, seeded
 * `glorotUniform` / `orthogonal` initializers (which do not print), and `unitForgetBias: true`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkActivation, checkRate, checkSequenceInputShape, checkUnits, nextLayerName, type RecurrentActivation, type RecurrentArgs } from './layer-args';
import { InitializerOption, layerSeed, resolveInitializer, Seed, UnitForgetBias } from './initializers';

type Shape = (number | null)[];

/** Options of {@link lstm}. */
export interface LstmArgs extends RecurrentArgs {
  /** Gate activation. Default `'sigmoid'` (Keras; TF.js defaults to `'hardSigmoid'`). */
  recurrentActivation?: RecurrentActivation;
  /** Add 1 to the forget gate's bias at initialization (Keras). Default `true`. */
  unitForgetBias?: boolean;
}

function common(fn: string, args: RecurrentArgs, base: string) {
  if (args === null || typeof args !== 'object') {
    throw new Error(`${fn}: expected an options object like { units: 50 }, got ${String(args)}`);
  }
  checkSequenceInputShape(fn, args.inputShape);
  const seed = layerSeed(args.seed);
  return {
    units: checkUnits(fn, args.units),
    activation: checkActivation(fn, 'activation', args.activation ?? 'tanh'),
    useBias: args.useBias ?? true,
    returnSequences: args.returnSequences ?? false,
    returnState: args.returnState ?? false,
    goBackwards: args.goBackwards ?? false,
    kernelInitializer: resolveInitializer(args.kernelInitializer ?? 'glorotUniform', seed, 'kernel'),
    recurrentInitializer: resolveInitializer(args.recurrentInitializer ?? 'orthogonal', seed, 'recurrent'),
    biasInitializer: resolveInitializer(args.biasInitializer ?? 'zeros', seed, 'bias'),
    dropout: checkRate(fn, 'dropout', args.dropout ?? 0),
    recurrentDropout: checkRate(fn, 'recurrentDropout', args.recurrentDropout ?? 0),
    ...(args.inputShape !== undefined ? { inputShape: args.inputShape } : {}),
    name: args.name ?? nextLayerName(base),
  };
}

/**
 * An LSTM layer with Keras's defaults: `tanh`, `sigmoid` gates, `unitForgetBias: true`,
 * seeded `glorotUniform` / `orthogonal` / `zeros` initializers. Weights `[inputDim, 4u]`,
 * `[u, 4u]`, `[4u]` with gates i, f, c, o, as Keras.
 *
 * @param args {@link LstmArgs}; `units` is required.
 * @returns a `tf.layers.lstm` layer.
 * @throws Error naming the argument and value for bad `units`, activations or rates.
 * @example
 * tf.sequential({ layers: [lstm({ units: 50, inputShape: [100, 1] })] }).countParams(); // => 10400
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export function lstm(args: LstmArgs): tf.RNN {
  const options = common('lstm', args, 'lstm');
  const unitForgetBias = args.unitForgetBias ?? true;
  // With the default (zeros) bias, our own forget-bias initializer replaces TF.js's, which leaks.
  const ownForgetBias = unitForgetBias && args.biasInitializer === undefined;
  return tf.layers.lstm({
    ...options,
    recurrentActivation: checkActivation('lstm', 'recurrentActivation', args.recurrentActivation ?? 'sigmoid'),
    unitForgetBias: unitForgetBias && !ownForgetBias,
    ...(ownForgetBias ? { biasInitializer: new UnitForgetBias() } : {}),
  });
}

/**
 * A SimpleRNN layer with Keras's defaults (`tanh`, seeded `glorotUniform` / `orthogonal` /
 * `zeros` initializers).
 *
 * @param args {@link RecurrentArgs}; `units` is required.
 * @returns a `tf.layers.simpleRNN` layer.
 * @throws Error naming the argument and value for bad `units`, activation or rates.
 * @example
 * tf.sequential({ layers: [simpleRNN({ units: 50, inputShape: [100, 1] })] }).countParams(); // => 2600
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export function simpleRNN(args: RecurrentArgs): tf.RNN {
  return tf.layers.simpleRNN(common('simpleRNN', args, 'simple_rnn'));
}

/** Activations a {@link dense} layer accepts. */
export type DenseActivation = RecurrentActivation | 'softmax' | 'elu' | 'selu' | 'softplus' | 'relu6' | 'swish';

/** Options of {@link dense} (Keras's `Dense(...)` keyword arguments in camelCase). */
export interface DenseArgs {
  /** Output size (a positive integer). */
  units: number;
  /** Activation. Default `'linear'`. */
  activation?: DenseActivation;
  /** Whether the layer has a bias. Default `true`. */
  useBias?: boolean;
  /** Kernel initializer. Default `'glorotUniform'` (seeded). */
  kernelInitializer?: InitializerOption;
  /** Bias initializer. Default `'zeros'`. */
  biasInitializer?: InitializerOption;
  /** Seed of the initial weights. Default: from {@link withSeed} / {@link setSeed}, else random. */
  seed?: Seed;
  /** Input shape without the batch dimension. */
  inputShape?: Shape;
  /** Layer name. Default `'dense'`, `'dense_1'`, ... */
  name?: string;
}

/**
 * A Dense layer with Keras's defaults and a seeded `glorotUniform` kernel, so that a whole
 * model (GRU layers and the Dense head) comes from one seed.
 *
 * @param args {@link DenseArgs}; `units` is required.
 * @returns a `tf.layers.dense` layer.
 * @throws Error naming `units` when it is not a positive integer.
 * @example
 * withSeed(1, () => tf.sequential({ layers: [gru({ units: 50, inputShape: [3, 1] }), dense({ units: 1 })] }));
 * // => the same initial weights on every run
 */
export function dense(args: DenseArgs): tf.layers.Layer {
  if (args === null || typeof args !== 'object') {
    throw new Error(`dense: expected an options object like { units: 1 }, got ${String(args)}`);
  }
  const seed = layerSeed(args.seed);
  return tf.layers.dense({
    units: checkUnits('dense', args.units),
    activation: args.activation ?? 'linear',
    useBias: args.useBias ?? true,
    kernelInitializer: resolveInitializer(args.kernelInitializer ?? 'glorotUniform', seed, 'kernel'),
    biasInitializer: resolveInitializer(args.biasInitializer ?? 'zeros', seed, 'bias'),
    ...(args.inputShape !== undefined ? { inputShape: args.inputShape } : {}),
    name: args.name ?? nextLayerName('dense'),
  });
}
