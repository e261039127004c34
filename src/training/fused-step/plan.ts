/**
 * Which models the whole-model fused training step (./trainer.ts) can train, and the plan it
 * follows for one: the layers in order, each as a fused recurrent kernel or a dense product,
 * with the variables it reads and updates.
 *
 * A model qualifies when it is a chain (a `tf.Sequential`, or a functional model whose
 * layers each feed the next) of grulab's `gru`, `lstm`, `simpleRNN` layers (fused kernels
 * on, no dropout, no state options), the last of them returning its last output only, then
 * linear `dense` layers (a head, one row per sample: they run as plain loops), optionally with a linear
 * "highway" of the whole input added to its output (the forecaster's model), every weight
 * trainable and free of regularizers and constraints, compiled with Adam and mean squared
 * error. Anything else trains through `model.trainOnBatch`, as before; the reason is
 * kept so a test (or a curious user, through `fusedStepPlan`) can see why.
 */
import * as tf from '@tensorflow/tfjs';
import { GrulabGRU } from '../../models/gru-layer';
import { GrulabLSTM, GrulabSimpleRNN, cellActivations } from '../../models/recurrent-layers';
import { activationCode } from '../../models/fused/kernel-calls';
import { loadKernelModule } from '../../models/fused/kernel-module';
import { fusedEnabled } from '../../models/fused/fused-switch';
import { fusedStepEnabled } from './step-switch';
import type { CellKind } from '../../models/fused/cell-host';

/** Kernel codes of one recurrent layer. */
export interface RecurrentCodes {
  act: number;
  ract: number;
  goBackwards: boolean;
  returnSequences: boolean;
}

/** One step of the plan: a fused recurrent layer or a linear dense layer, with its variables in the layer's order. */
export type PlannedLayer =
  | { kind: 'gru'; name: string; units: number; resetAfter: boolean; codes: RecurrentCodes; variables: tf.LayerVariable[]; useBias: boolean }
  | { kind: CellKind; name: string; units: number; codes: RecurrentCodes; variables: tf.LayerVariable[]; useBias: boolean }
  | { kind: 'dense'; name: string; units: number; variables: tf.LayerVariable[]; useBias: boolean };

/** A model the fused step can train: its layers, and the trainable variables in the model's (and the optimizer's) order. */
export interface FusedStepPlan {
  layers: PlannedLayer[];
  /**
   * A linear map of the whole flattened input added to the last layer's output (LSTNet's
   * "highway", as the forecaster builds it: `add([head, dense(flatten(input))])`), if any.
   */
  highway?: Extract<PlannedLayer, { kind: 'dense' }>;
  /** `model.trainableWeights`, the order in which Adam keeps its moments. */
  variables: tf.LayerVariable[];
  adam: { learningRate: number; beta1: number; beta2: number; epsilon: number };
}

/** The losses tfjs-layers resolves to mean squared error. */
const MSE_NAMES: readonly string[] = ['meanSquaredError', 'mse', 'MSE', 'mean_squared_error'];

/** tfjs-layers' protected fields the plan reads (the public getters do not expose them). */
interface LayerInternals {
  losses: unknown[];
  stateful?: boolean;
  returnState?: boolean;
}

function recurrentCodes(act: string, ract: string, layer: { goBackwards: boolean; returnSequences: boolean }): RecurrentCodes | string {
  const a = activationCode(act);
  const r = activationCode(ract);
  if (a === undefined || r === undefined) return `activation '${act}' / '${ract}' has no fused kernel`;
  return { act: a, ract: r, goBackwards: layer.goBackwards, returnSequences: layer.returnSequences };
}

/** The plan entry for one layer, or why it cannot join the fused step. */
function planLayer(layer: tf.layers.Layer): PlannedLayer | string {
  const name = layer.name;
  const internals = layer as unknown as LayerInternals;
  if (internals.losses.length > 0) return `layer '${name}' has a regularizer`;
  const variables = layer.weights;
  if (!layer.trainable || layer.trainableWeights.length !== variables.length) return `layer '${name}' has weights that do not train`;
  if (variables.some((v) => (v as unknown as { constraint?: unknown }).constraint != null)) return `layer '${name}' has a weight constraint`;
  if (layer instanceof GrulabGRU) {
    if (layer.dropout > 0 || layer.recurrentDropout > 0) return `layer '${name}' uses dropout`;
    if (layer.returnState) return `layer '${name}' returns its state`;
    const codes = recurrentCodes(layer.activation, layer.recurrentActivation, layer);
    if (typeof codes === 'string') return `layer '${name}': ${codes}`;
    return { kind: 'gru', name, units: layer.units, resetAfter: layer.resetAfter, codes, variables, useBias: layer.useBias };
  }
  if (layer instanceof GrulabLSTM || layer instanceof GrulabSimpleRNN) {
    const kind: CellKind = layer instanceof GrulabLSTM ? 'lstm' : 'rnn';
    if (internals.stateful === true || internals.returnState === true) return `layer '${name}' is stateful or returns its state`;
    const cell = cellActivations(layer, true);
    if (typeof cell === 'string') return `layer '${name}': ${cell}`;
    const codes = recurrentCodes(cell.activation, cell.recurrentActivation, layer);
    if (typeof codes === 'string') return `layer '${name}': ${codes}`;
    const units = (layer.cell as unknown as { units: number }).units;
    return { kind, name, units, codes, variables, useBias: variables.length === 3 };
  }
  if (layer.getClassName() === 'Dense') {
    const dense = layer as unknown as { activation: { getClassName(): string }; units: number; useBias: boolean };
    if (dense.activation.getClassName() !== 'linear') return `dense layer '${name}' is not linear`;
    return { kind: 'dense', name, units: dense.units, variables, useBias: dense.useBias };
  }
  return `layer '${name}' (${layer.getClassName()}) has no fused step`;
}

/** tfjs-layers' graph links (public fields of its layers, missing from the typings). */
interface Linked {
  inboundNodes: Array<{ inboundLayers: tf.layers.Layer[] }>;
}

/** The one layer feeding `layer`, or why there is not exactly one (a layer used twice, or with several inputs). */
function onlyInbound(layer: tf.layers.Layer): tf.layers.Layer | string {
  const nodes = (layer as unknown as Linked).inboundNodes;
  if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1) return `layer '${layer.name}' does not have exactly one input`;
  return nodes[0].inboundLayers[0];
}

/** The layers from the model's input to `last`, in order, each fed by the one before; or why they are not a chain. */
function chainTo(last: tf.layers.Layer): tf.layers.Layer[] | string {
  const chain: tf.layers.Layer[] = [];
  for (let layer = last; layer.getClassName() !== 'InputLayer';) {
    chain.unshift(layer);
    const before = onlyInbound(layer);
    if (typeof before === 'string') return before;
    layer = before;
  }
  return chain;
}

/**
 * A functional model's layers as a chain from its input, plus the optional highway: the
 * output is either the chain's last layer, or `add([chain end, dense(flatten(input))])`.
 */
function functionalLayers(model: tf.LayersModel): { chain: tf.layers.Layer[]; highway?: tf.layers.Layer } | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return 'the model has several inputs or outputs';
  const output = model.outputLayers[0];
  if (output.getClassName() !== 'Add') {
    const chain = chainTo(output);
    return typeof chain === 'string' ? chain : { chain };
  }
  const added = (output as unknown as Linked).inboundNodes[0].inboundLayers;
  if (added.length !== 2) return 'only an add of two branches has a fused step';
  for (const [main, side] of [[added[0], added[1]], [added[1], added[0]]]) {
    const flatten = onlyInbound(side);
    if (side.getClassName() !== 'Dense' || typeof flatten === 'string' || flatten.getClassName() !== 'Flatten') continue;
    const input = onlyInbound(flatten);
    if (typeof input === 'string' || input.getClassName() !== 'InputLayer') continue;
    const chain = chainTo(main);
    return typeof chain === 'string' ? chain : { chain, highway: side };
  }
  return 'the add layer is not a dense(flatten(input)) highway';
}

/**
 * The fused training step's plan for `model`, or the reason it trains through
 * `model.trainOnBatch` instead.
 *
 * @param model a compiled model.
 * @returns the plan, or a sentence naming what keeps the model on TensorFlow.js's own step.
 * @example
 * const model = tf.sequential({ layers: [gru({ units: 8, inputShape: [5, 1] }), dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * typeof fusedStepPlan(model); // => 'object'
 */
export function fusedStepPlan(model: tf.LayersModel): FusedStepPlan | string {
  if (!fusedEnabled()) return 'the fused kernels are switched off (setFused)';
  if (!fusedStepEnabled()) return 'the fused step is switched off (setFusedStep)';
  if (typeof model.loss !== 'string' || !MSE_NAMES.includes(model.loss)) return `loss ${JSON.stringify(model.loss)} is not mean squared error`;
  // tfjs-core's optimizers answer `instanceof` by duck typing (any optimizer is "an AdamOptimizer"), so the class name decides
  if (model.optimizer?.getClassName() !== 'Adam') return 'the optimizer is not Adam';
  if (loadKernelModule() === null) return 'the WebAssembly kernel could not be loaded';
  const graph = model instanceof tf.Sequential ? { chain: model.layers.filter((l) => l.getClassName() !== 'InputLayer') } : functionalLayers(model);
  if (typeof graph === 'string') return graph;
  const layers: PlannedLayer[] = [];
  for (const layer of graph.chain) {
    const planned = planLayer(layer);
    if (typeof planned === 'string') return planned;
    layers.push(planned);
  }
  // dense layers run as plain loops here: only the head after the recurrence, one row per sample
  const lastRecurrent = layers.map((l) => l.kind !== 'dense').lastIndexOf(true);
  if (lastRecurrent < 0) return 'the model has no gru, lstm or simpleRNN layer';
  const last = layers[lastRecurrent];
  if (last.kind !== 'dense' && last.codes.returnSequences) return `layer '${last.name}', the last recurrent one, returns sequences`;
  if (layers.slice(0, lastRecurrent).some((l) => l.kind === 'dense')) return 'a dense layer comes before a recurrent one';
  let highway: FusedStepPlan['highway'];
  if (graph.highway !== undefined) {
    const planned = planLayer(graph.highway);
    if (typeof planned === 'string') return planned;
    if (planned.kind !== 'dense') return `layer '${graph.highway.name}' is not dense`;
    highway = planned;
  }
  const config = model.optimizer.getConfig() as Record<string, number>;
  return {
    layers,
    ...(highway !== undefined ? { highway } : {}),
    variables: model.trainableWeights,
    adam: { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon },
  };
}
