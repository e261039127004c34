/**
 * Seeded weight initializers, and how a seed reaches the layers.
 *
 * Porting note: TensorFlow.js initializers accept a `seed` but ignore it (tfjs issue 7104),
 * so two runs of the same notebook start from different weights. The initializers here
 * draw from `createRng` instead, so one seed fixes every initial weight of a model.
 *
 * How a seed reaches a layer, in order of precedence:
 * 1. `gru({ units: 50, seed: 7 })`: that layer's weights come from seed 7.
 * 2. `withSeed(42, () => buildModel())` or `setSeed(42)` (Keras's
 *    `keras.utils.set_random_seed(42)`): every grulab layer created afterwards takes the
 *    next seed of a stream derived from 42 (`'42/0'`, `'42/1'`, ...), so the same build code
 *    gives the same weights.
 * 3. Neither: a fresh random seed per layer (Keras without a seed).
 * The seed a layer used is kept in its config, so a saved model records it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { createRng, Rng } from '../base/random';

/** A seed: any number or string (`createRng` accepts both). */
export type Seed = number | string;

/** Initializer names grulab draws from a seed (Keras names in camelCase, as TF.js). */
export type SeededInitializerName =
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heUniform'
  | 'heNormal'
  | 'leCunUniform'
  | 'leCunNormal'
  | 'orthogonal'
  | 'zeros'
  | 'ones';

/** What a layer's `kernelInitializer` (and friends) option accepts. */
export type InitializerOption = SeededInitializerName | Initializer;

// Porting note: the tfjs `Initializer` base class is not exported from `@tensorflow/tfjs`,
// and importing it from the tfjs-layers file gives a second copy that fails tfjs's
// `instanceof Initializer` checks; the class of a live initializer is the right one.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as typeof Initializer;

type Shape = number[];

/** Keras's `compute_fans`: fan in and fan out of a kernel shape. */
function computeFans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** Draws a truncated normal (within two standard deviations), as Keras's `truncated_normal`. */
function truncatedNormal(rng: Rng): number {
  for (;;) {
    const value = rng.normal();
    if (Math.abs(value) <= 2) return value;
  }
}

/** Keras's `VarianceScaling` settings. */
interface VarianceScalingConfig {
  scale: number;
  mode: 'fanIn' | 'fanOut' | 'fanAvg';
  distribution: 'uniform' | 'normal';
}

/**
 * Keras's `VarianceScaling` (the Glorot, He and LeCun family) drawing from `createRng(seed)`;
 * registered for serialization as `'GrulabVarianceScaling'`. Usually made by {@link seededInitializer}.
 *
 * @example
 * new SeededVarianceScaling({ seed: '1', scale: 1, mode: 'fanAvg', distribution: 'uniform' }).apply([2, 3]);
 * // => glorotUniform values, the same for seed '1' on every run
 */
export class SeededVarianceScaling extends InitializerBase {
  /** @nocollapse */
  static className = 'GrulabVarianceScaling';
  constructor(readonly config: VarianceScalingConfig & { seed: string }) {
    super();
  }
  override apply(shape: Shape): tf.Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const { scale, mode, distribution } = this.config;
    const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, fan);
    const rng = createRng(this.config.seed);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      for (let i = 0; i < size; i++) values[i] = (2 * rng.uniform() - 1) * limit;
    } else {
      // 0.879... is the standard deviation of a unit normal truncated to [-2, 2] (Keras).
      const stddev = Math.sqrt(variance) / 0.87962566103423978;
      for (let i = 0; i < size; i++) values[i] = truncatedNormal(rng) * stddev;
    }
    return tf.tensor(values, shape, 'float32');
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.config };
  }
}

/**
 * Keras's `Orthogonal`: the Q of a QR decomposition (`tf.linalg.qr`) of a seeded normal
 * matrix, with columns sign-fixed by R's diagonal as Keras does; registered as `'GrulabOrthogonal'`.
 *
 * @example
 * const q = new SeededOrthogonal({ seed: '1', gain: 1 }).apply([4, 4]);
 * tf.matMul(q, q, true, false); // => the 4x4 identity (to float32 rounding)
 */
export class SeededOrthogonal extends InitializerBase {
  /** @nocollapse */
  static className = 'GrulabOrthogonal';
  constructor(readonly config: { seed: string; gain: number }) {
    super();
  }
  override apply(shape: Shape): tf.Tensor {
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const flat = [Math.max(rows, cols), Math.min(rows, cols)];
    const rng = createRng(this.config.seed);
    const values = new Float32Array(flat[0] * flat[1]);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal();
    return tf.tidy(() => {
      const [q, r] = tf.linalg.qr(tf.tensor2d(values, [flat[0], flat[1]]));
      // Multiply each column of Q by the sign of R's diagonal, so Q is uniformly distributed.
      const signs = tf.sign(tf.sum(tf.mul(r, tf.eye(flat[1], flat[1])), 0));
      let qFixed: tf.Tensor2D = tf.mul(q, signs);
      if (rows < cols) qFixed = tf.transpose(qFixed);
      return tf.mul(qFixed, this.config.gain).reshape(shape);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.config };
  }
}

/**
 * Keras's LSTM bias with `unit_forget_bias`: zeros, except ones for the forget gate (the
 * second of the four gate blocks i, f, c, o); registered as `'GrulabUnitForgetBias'`.
 *
 * Porting note: TF.js builds the same bias from three tensors and two concatenations that it
 * never disposes (4 tensors leaked per LSTM layer); this one allocates only the result.
 *
 * @example
 * new UnitForgetBias().apply([8]).dataSync(); // => [0, 0, 1, 1, 0, 0, 0, 0]
 */
export class UnitForgetBias extends InitializerBase {
  /** @nocollapse */
  static className = 'GrulabUnitForgetBias';
  override apply(shape: Shape): tf.Tensor {
    const units = shape[0] / 4;
    const values = new Float32Array(shape[0]);
    values.fill(1, units, 2 * units);
    return tf.tensor1d(values);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

tf.serialization.registerClass(SeededVarianceScaling);
tf.serialization.registerClass(SeededOrthogonal);
tf.serialization.registerClass(UnitForgetBias);

const VARIANCE_SCALING: Record<string, VarianceScalingConfig | undefined> = {
  glorotUniform: { scale: 1, mode: 'fanAvg', distribution: 'uniform' },
  glorotNormal: { scale: 1, mode: 'fanAvg', distribution: 'normal' },
  heUniform: { scale: 2, mode: 'fanIn', distribution: 'uniform' },
  heNormal: { scale: 2, mode: 'fanIn', distribution: 'normal' },
  leCunUniform: { scale: 1, mode: 'fanIn', distribution: 'uniform' },
  leCunNormal: { scale: 1, mode: 'fanIn', distribution: 'normal' },
};

/**
 * Makes a seeded initializer from its Keras name.
 *
 * @param name `'glorotUniform'`, `'orthogonal'`, `'zeros'`, ... (see {@link SeededInitializerName}).
 * @param seed the seed; the same seed gives the same values on every call.
 * @throws Error naming `name` when it is not one of the seeded initializers.
 * @example
 * seededInitializer('glorotUniform', 7).apply([2, 3]).arraySync(); // => the same 2x3 numbers on every run
 */
export function seededInitializer(name: SeededInitializerName, seed: Seed): Initializer {
  if (name === 'zeros') return tf.initializers.zeros();
  if (name === 'ones') return tf.initializers.ones();
  if (name === 'orthogonal') return new SeededOrthogonal({ seed: String(seed), gain: 1 });
  const scaling = VARIANCE_SCALING[name];
  if (scaling === undefined) {
    const known = [...Object.keys(VARIANCE_SCALING), 'orthogonal', 'zeros', 'ones'].join(', ');
    throw new Error(`seededInitializer: name must be one of ${known}, got '${String(name)}'`);
  }
  return new SeededVarianceScaling({ seed: String(seed), ...scaling });
}

/**
 * Resolves a layer's initializer option: a name becomes a seeded initializer whose seed is
 * `layerSeed` and `role` (so a layer's kernel and recurrent kernel differ); an initializer
 * object is used as given.
 */
export function resolveInitializer(option: InitializerOption, layerSeed: string, role: string): Initializer {
  if (typeof option !== 'string') return option;
  return seededInitializer(option, `${layerSeed}/${role}`);
}

let stream: { base: string; count: number } | undefined;

/**
 * Seeds every grulab layer created from now on (Keras's `keras.utils.set_random_seed`):
 * the n-th layer takes seed `'<seed>/<n>'`. `setSeed(null)` goes back to random seeds.
 *
 * @param seed any number or string, or `null` to stop seeding.
 * @example
 * setSeed(42);
 * const a = gru({ units: 4, inputShape: [3, 1] }); // weights from seed '42/0'
 */
export function setSeed(seed: Seed | null): void {
  stream = seed === null ? undefined : { base: String(seed), count: 0 };
}

/**
 * Runs `build` with {@link setSeed}`(seed)` in force, then restores the previous seeding, so
 * the same seed and the same build code give the same initial weights.
 *
 * @param seed any number or string.
 * @param build creates the model (layers must be created inside it).
 * @returns what `build` returns.
 * @example
 * const make = () => tf.sequential({ layers: [gru({ units: 4, inputShape: [3, 1] }), dense({ units: 1 })] });
 * const a = withSeed(1, make), b = withSeed(1, make);
 * // a.getWeights() and b.getWeights() hold identical values
 */
export function withSeed<T>(seed: Seed, build: () => T): T {
  const saved = stream;
  stream = { base: String(seed), count: 0 };
  try {
    return build();
  } finally {
    stream = saved;
  }
}

/** The seed for the next layer: explicit when given, else the next one of the stream, else random. */
export function layerSeed(explicit: Seed | undefined): string {
  if (explicit !== undefined) return String(explicit);
  if (stream !== undefined) return `${stream.base}/${stream.count++}`;
  return Math.random().toString(36).slice(2);
}
