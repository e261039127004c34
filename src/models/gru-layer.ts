/**
 * The Keras-parity GRU layer: Keras's defaults (`tanh`, `sigmoid`, `reset_after=True`,
 * `glorot_uniform`, `orthogonal`, `zeros`) and Keras's weight layout, so weights exchange
 * with Keras through `getWeights` / `setWeights`.
 *
 * Porting note: TensorFlow.js's own `tf.layers.gru` refuses `resetAfter: true` ("GRUCell
 * does not support reset_after parameter set to true", tfjs issue 4621) and defaults to
 * `hardSigmoid` and `glorotNormal`, which changes every number; this layer replaces it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { gruSequence, gruSequenceReference } from './gru-sequence';
import { checkActivation, checkRate, checkSequenceInputShape, checkUnits, deserializeInitializer, nextLayerName, type RecurrentActivation, type RecurrentArgs } from './layer-args';
import { createRng, Rng } from '../base/random';
import { InitializerOption, layerSeed, resolveInitializer, Seed } from './initializers';

type Shape = (number | null)[];

/** A GRU state given to `apply`: a tensor, or a symbolic tensor in a functional model. */
type GruState = tf.Tensor | tf.SymbolicTensor;

/** Keras's call arguments of a GRU layer, as `layer.apply(x, { ... })` takes them. */
export interface GruCallArgs {
  /** `[batch, units]` state to start from (or a list of that one state, as Keras takes it). Default zeros. */
  initialState?: GruState | GruState[];
  /** `[batch, timeSteps]`, 0 at padded steps; set for you after a masking layer or an embedding with `maskZero`. */
  mask?: tf.Tensor | tf.Tensor[];
  /** Whether dropout applies (set by `fit`). */
  training?: boolean;
  [other: string]: unknown;
}

/** Options of {@link gru}, Keras's `GRU(...)` keyword arguments in camelCase. */
export interface GruArgs extends RecurrentArgs {
  /** Gate activation. Default `'sigmoid'` (Keras; TF.js's GRU defaults to `'hardSigmoid'`). */
  recurrentActivation?: RecurrentActivation;
  /** Apply the reset gate after the recurrent product (Keras 2+/cuDNN/PyTorch form). Default `true`. */
  resetAfter?: boolean;
  /** Input shape with the batch dimension. */
  batchInputShape?: Shape;
  /** Whether the weights train. Default `true`. */
  trainable?: boolean;
}

/** The GRU layer class (registered for serialization as `'GrulabGRU'`). Create it with {@link gru}. */
export class GrulabGRU extends tf.layers.Layer {
  /** @nocollapse */
  static className = 'GrulabGRU';
  readonly units: number;
  readonly activation: RecurrentActivation;
  readonly recurrentActivation: RecurrentActivation;
  readonly resetAfter: boolean;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  /** The seed this layer's weights and dropout masks come from. */
  readonly seed: string;
  private readonly initializerOptions: Record<'kernel' | 'recurrent' | 'bias', InitializerOption>;
  private readonly rng: Rng;
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: GruArgs) {
    if (args === null || typeof args !== 'object') {
      throw new Error(`gru: expected an options object like { units: 50 }, got ${String(args)}`);
    }
    const { inputShape, batchInputShape, trainable } = args;
    checkSequenceInputShape('gru', inputShape);
    super({ name: args.name ?? nextLayerName('gru'), inputShape, batchInputShape, trainable });
    this.units = checkUnits('gru', args.units);
    this.activation = checkActivation('gru', 'activation', args.activation ?? 'tanh');
    this.recurrentActivation = checkActivation('gru', 'recurrentActivation', args.recurrentActivation ?? 'sigmoid');
    this.resetAfter = args.resetAfter ?? true;
    this.useBias = args.useBias ?? true;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.dropout = checkRate('gru', 'dropout', args.dropout ?? 0);
    this.recurrentDropout = checkRate('gru', 'recurrentDropout', args.recurrentDropout ?? 0);
    this.seed = layerSeed(args.seed);
    this.rng = createRng(`${this.seed}/dropout`);
    this.initializerOptions = {
      kernel: deserializeInitializer(args.kernelInitializer ?? 'glorotUniform'),
      recurrent: deserializeInitializer(args.recurrentInitializer ?? 'orthogonal'),
      bias: deserializeInitializer(args.biasInitializer ?? 'zeros'),
    };
    this.supportsMasking = true;
  }

  private static inputShapeOf(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3) {
      throw new Error(`gru: input must have rank 3 [batch, timeSteps, features], got shape [${shape.map(String)}]`);
    }
    return shape;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const inputDim = GrulabGRU.inputShapeOf(inputShape)[2];
    if (inputDim === null) throw new Error('gru: the feature dimension of the input must be known, got null');
    const init = (role: keyof GrulabGRU['initializerOptions']): Initializer =>
      resolveInitializer(this.initializerOptions[role], this.seed, role);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, 3 * u], 'float32', init('kernel'));
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 3 * u], 'float32', init('recurrent'));
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.resetAfter ? [2, 3 * u] : [3 * u], 'float32', init('bias'));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [batch, timeSteps] = GrulabGRU.inputShapeOf(inputShape);
    const output = this.returnSequences ? [batch, timeSteps, this.units] : [batch, this.units];
    return this.returnState ? [output, [batch, this.units]] : output;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const inputMask = (Array.isArray(mask) ? mask[0] : mask) ?? null;
    const outputMask = this.returnSequences ? inputMask : null;
    // The tfjs typings say Tensor, but null (no mask) is what tfjs layers return.
    return (this.returnState ? [outputMask, null] : outputMask) as tf.Tensor | tf.Tensor[];
  }

  /** A `[batch, size]` dropout mask drawn from this layer's seeded generator, scaled by `1 / (1 - rate)`. */
  private dropoutMask(batch: number, size: number, rate: number): tf.Tensor2D {
    const values = new Float32Array(batch * size);
    for (let i = 0; i < values.length; i++) values[i] = this.rng.uniform() >= rate ? 1 / (1 - rate) : 0;
    return tf.tensor2d(values, [batch, size]);
  }

  /**
   * Keras's call arguments: `layer.apply(x, { initialState })` starts from `initialState`
   * (`[batch, units]`, a tensor or a one-element list as Keras takes it; symbolic or not),
   * `{ mask }` marks padded steps (set by a masking layer before it, or given by hand).
   */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs?: GruCallArgs,
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    const given = kwargs?.initialState;
    if (given == null) return super.apply(inputs, kwargs);
    const states = Array.isArray(given) ? given : [given];
    if (states.length !== 1) {
      throw new Error(`gru: initialState must be one tensor [batch, units] (a GRU has one state), got a list of ${states.length}`);
    }
    const { initialState: _, ...rest } = kwargs!;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    // the state travels as a second input, so a symbolic one becomes an edge of the model graph (as TF.js's RNN does)
    return super.apply([x, states[0]] as tf.Tensor[] | tf.SymbolicTensor[], rest);
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: { mask?: tf.Tensor | tf.Tensor[]; training?: boolean; initialState?: tf.Tensor | tf.Tensor[] },
  ): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      let x = list[0] as tf.Tensor3D;
      if (x.rank !== 3) {
        throw new Error(`gru: input must have rank 3 [batch, timeSteps, features], got shape [${x.shape}]`);
      }
      const given = list[1] ?? (Array.isArray(kwargs.initialState) ? kwargs.initialState[0] : kwargs.initialState);
      const mask = (Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask) ?? undefined;
      const training = kwargs.training === true;
      const [batch, timeSteps, inputDim] = x.shape;
      if (given !== undefined && !tf.util.arraysEqual(given.shape, [batch, this.units])) {
        throw new Error(`gru: initialState must be [batch, units] = [${batch}, ${this.units}], got [${given.shape}]`);
      }
      if (mask != null && !tf.util.arraysEqual(mask.shape, [batch, timeSteps])) {
        throw new Error(`gru: mask must be [batch, timeSteps] = [${batch}, ${timeSteps}], got [${mask.shape}]`);
      }
      if (training && this.dropout > 0) {
        // One mask per sequence, shared by all time steps (Keras).
        x = tf.mul(x, tf.expandDims(this.dropoutMask(batch, inputDim, this.dropout), 1));
      }
      const args = {
        x,
        kernel: this.kernel!.read() as tf.Tensor2D,
        recurrentKernel: this.recurrentKernel!.read() as tf.Tensor2D,
        bias: this.bias?.read() ?? null,
        initialState: given === undefined ? undefined : (tf.cast(given, 'float32') as tf.Tensor2D),
        mask: mask ?? undefined,
        resetAfter: this.resetAfter,
        activation: this.activation,
        recurrentActivation: this.recurrentActivation,
        goBackwards: this.goBackwards,
        returnSequences: this.returnSequences,
      };
      const recurrentDropoutMask =
        training && this.recurrentDropout > 0 ? this.dropoutMask(batch, this.units, this.recurrentDropout) : undefined;
      // Recurrent dropout needs the reference path; masks and initial states run fused.
      const { output, lastState } = recurrentDropoutMask !== undefined
        ? gruSequenceReference({ ...args, recurrentDropoutMask })
        : gruSequence(args);
      return this.returnState ? [output, lastState] : output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const serialize = (option: InitializerOption): tf.serialization.ConfigDictValue =>
      typeof option === 'string'
        ? option
        : { className: (option.constructor as unknown as { className: string }).className, config: option.getConfig() };
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      resetAfter: this.resetAfter,
      useBias: this.useBias,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
      kernelInitializer: serialize(this.initializerOptions.kernel),
      recurrentInitializer: serialize(this.initializerOptions.recurrent),
      biasInitializer: serialize(this.initializerOptions.bias),
    };
  }
}
tf.serialization.registerClass(GrulabGRU);

/**
 * A GRU layer with Keras's defaults and weight layout (kernel `[inputDim, 3*units]`,
 * recurrent kernel `[units, 3*units]`, gate blocks z, r, h; bias `[2, 3*units]` with
 * `resetAfter`, else `[3*units]`). Any sequence length when `inputShape` is `[null, features]`.
 *
 * Keras's call arguments, all on the fused kernel: a mask (from `tf.layers.masking`, an
 * embedding with `maskZero`, or `layer.apply(x, { mask: sequenceMask(lengths, timeSteps) })`
 * with `sequenceMask` from `grulab/internals`)
 * makes padded steps keep the previous state and repeat the previous output;
 * `layer.apply(x, { initialState })` starts from a `[batch, units]` state; with
 * `returnState: true` the layer returns `[output, lastState]`; `goBackwards: true` runs the
 * sequence backwards (for a bidirectional wrapper). Only `recurrentDropout` runs op by op.
 *
 * @param args {@link GruArgs}: `units` is required; every other option has Keras's default.
 * @returns the layer, to add to `tf.sequential` or apply to a symbolic tensor.
 * @throws Error naming the argument and value for non-positive or fractional `units`, an
 *   unknown activation, a dropout rate outside `[0, 1)`, or an input that is not rank 3.
 * @example
 * const model = tf.sequential({ layers: [gru({ units: 50, inputShape: [3, 1] }), tf.layers.dense({ units: 1 })] });
 * model.countParams(); // => 8001 (7950 in the GRU, as Keras)
 * const [out, state] = gru({ units: 4, returnState: true })
 *   .apply(tf.ones([2, 3, 1]), { initialState: tf.zeros([2, 4]), mask: sequenceMask([2, 3], 3) }) as tf.Tensor[];
 * state.shape; // => [2, 4]
 * @see notebooks/01-gru-basics.ipynb
 */
export function gru(args: GruArgs): GrulabGRU {
  return new GrulabGRU(args);
}
