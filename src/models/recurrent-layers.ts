/**
 * TensorFlow.js's LSTM and SimpleRNN layers, running the fused WebAssembly kernels
 * (./fused/cell-fused.ts) when they can: the same class, weights, names, configuration and
 * serialization as `tf.layers.lstm` / `tf.layers.simpleRNN`, with `call` replaced by one
 * kernel call over the whole sequence. tfjs-layers' own op-by-op `call` stays the reference
 * and runs whenever the kernel cannot: masks, initial states, stateful layers, dropout while
 * training, `returnState` on the LSTM (its cell state), `hardSigmoid`, or `setFused(false)`.
 *
 * Porting note: TF.js's `hardSigmoid` is `clip(0.2 x + 0.5, 0, 1)` while the kernel's is
 * Keras 3's (slope 1/6), so layers with `hardSigmoid` keep TF.js's own arithmetic here.
 */
import * as tf from '@tensorflow/tfjs';
import type { LSTM, SimpleRNN } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import type { GruActivation } from './fused/gru-op';
import { cellSequenceFused, type CellKind, type CellSequenceArgs, fusedCellSupported } from './fused/cell-op';
import { fusedEnabled } from './fused/fused-switch';

/** The classes tfjs-layers registered for serialization (its concrete layer classes are not exported at run time). */
function registeredClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) throw new Error(`recurrent layers: TensorFlow.js did not register '${className}'`);
  return entry[0] as unknown as T;
}

const LstmBase = registeredClass<typeof LSTM>('LSTM');
const SimpleRnnBase = registeredClass<typeof SimpleRNN>('SimpleRNN');

/** The parts of tfjs-layers' cells the fused path reads. */
interface CellWeights {
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias?: tf.LayerVariable | null;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  activation: { getClassName(): string };
  recurrentActivation?: { getClassName(): string };
}

type Kwargs = { mask?: tf.Tensor | tf.Tensor[]; training?: boolean; initialState?: tf.Tensor | tf.Tensor[] };

const FUSED_ACTIVATIONS: readonly string[] = ['tanh', 'sigmoid', 'relu', 'linear'];

/**
 * The activations of an LSTM or SimpleRNN layer's cell when the fused kernel can run them
 * (dropout is off, or not training; activations the kernel knows), else the reason it cannot.
 */
export function cellActivations(layer: tf.RNN, training: boolean): { activation: GruActivation; recurrentActivation: GruActivation } | string {
  const cell = layer.cell as unknown as CellWeights;
  if (training && (cell.dropout > 0 || cell.recurrentDropout > 0)) return 'dropout while training';
  const activation = cell.activation.getClassName();
  const recurrentActivation = cell.recurrentActivation?.getClassName() ?? 'sigmoid';
  if (!FUSED_ACTIVATIONS.includes(activation) || !FUSED_ACTIVATIONS.includes(recurrentActivation)) {
    return `activation '${activation}' / '${recurrentActivation}' has no fused kernel`;
  }
  return { activation: activation as GruActivation, recurrentActivation: recurrentActivation as GruActivation };
}

/**
 * The fused arguments for one call of `layer`, or `null` when the op-by-op path must run it.
 */
function fusedArgs(kind: CellKind, layer: tf.RNN, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs | undefined): CellSequenceArgs | null {
  if (!fusedEnabled()) return null;
  if (Array.isArray(inputs) && inputs.length !== 1) return null; // initial states passed as inputs
  if (kwargs?.mask != null || kwargs?.initialState != null || layer.stateful) return null;
  if (kind === 'lstm' && layer.returnState) return null;
  const cell = layer.cell as unknown as CellWeights;
  const settings = cellActivations(layer, kwargs?.training === true);
  if (typeof settings === 'string') return null;
  const { activation, recurrentActivation } = settings;
  const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
  const args: CellSequenceArgs = {
    x,
    kernel: cell.kernel.read() as tf.Tensor2D,
    recurrentKernel: cell.recurrentKernel.read() as tf.Tensor2D,
    bias: cell.useBias && cell.bias != null ? (cell.bias.read() as tf.Tensor1D) : null,
    activation,
    recurrentActivation,
    goBackwards: layer.goBackwards,
    returnSequences: layer.returnSequences,
  };
  return fusedCellSupported(kind, args) ? args : null;
}

/** Runs the fused kernel; a SimpleRNN's `returnState` state is its last output. */
function callFused(kind: CellKind, layer: tf.RNN, args: CellSequenceArgs): tf.Tensor | tf.Tensor[] {
  return tf.tidy(() => {
    const output = cellSequenceFused(kind, args);
    if (!layer.returnState) return output;
    const [batch, steps] = args.x.shape;
    const units = args.recurrentKernel.shape[0];
    const last = args.returnSequences ? tf.reshape(tf.slice(output, [0, steps - 1, 0], [batch, 1, units]), [batch, units]) : output;
    return [output, last];
  });
}

/**
 * `tf.layers.lstm` with the fused kernel (registered for serialization as `'GrulabLSTM'`).
 * Create it with `lstm()` (./layers.ts).
 */
export class GrulabLSTM extends LstmBase {
  /** @nocollapse */
  static override className = 'GrulabLSTM';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const args = fusedArgs('lstm', this, inputs, kwargs);
    return args === null ? super.call(inputs, kwargs) : callFused('lstm', this, args);
  }
}
tf.serialization.registerClass(GrulabLSTM);

/**
 * `tf.layers.simpleRNN` with the fused kernel (registered for serialization as
 * `'GrulabSimpleRNN'`). Create it with `simpleRNN()` (./layers.ts).
 */
export class GrulabSimpleRNN extends SimpleRnnBase {
  /** @nocollapse */
  static override className = 'GrulabSimpleRNN';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const args = fusedArgs('rnn', this, inputs, kwargs);
    return args === null ? super.call(inputs, kwargs) : callFused('rnn', this, args);
  }
}
tf.serialization.registerClass(GrulabSimpleRNN);
