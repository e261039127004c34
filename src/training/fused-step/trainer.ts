/**
 * The whole-model fused training step: forward through every layer, mean squared error,
 * backpropagation and Adam, on plain arrays and the fused WebAssembly kernels, with no
 * TensorFlow.js op in between. The model's weights live in arrays while it trains and are
 * written back to its variables (and Adam's moments to its optimizer) when asked.
 *
 * Why: for small models TensorFlow.js's own step (`trainOnBatch`: the gradient tape, about
 * ten optimizer ops per weight, tensor uploads) costs more than the recurrent kernels, and
 * even on lesson 04's model it is a fifth of the step. The arithmetic is the same as
 * `trainOnBatch` with the same kernels (tfjs-layers' MSE and tfjs-core's Adam); a test
 * trains both ways and compares losses, weights and optimizer state.
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernelModule, type KernelModule } from '../../models/fused/kernel-module';
import { backwardSequence, forwardSequence, pad4, releaseRun, type SavedRun, type SequenceDims } from '../../models/fused/gru-host';
import { backwardCells, forwardCells, type SavedCellRun } from '../../models/fused/cell-host';
import { inferSequence } from '../../models/fused/gru-infer-host';
import { AdamArrays } from './adam';
import { denseBackwardWasm, denseForwardWasm } from './dense-host';
import { fusedStepPlan, type FusedStepPlan } from './plan';

/** What the forward pass of one layer leaves for its backward pass. */
type Recorded =
  | { kind: 'dense'; input: Float32Array; rows: number; inputDim: number }
  | { kind: 'gru'; saved: SavedRun }
  | { kind: 'cells'; saved: SavedCellRun };

/** Trains one model with the fused step; create it with {@link FusedStepTrainer.create}. */
export class FusedStepTrainer {
  /** The model's trainable weights as arrays, in `plan.variables` order. */
  private readonly params: Float32Array[];
  /** The variables' data ids when {@link params} last matched them. */
  private written: object[];
  /** For each planned layer, the index of its first weight in {@link params}. */
  private readonly firstParam: number[];
  /** The index of the highway's first weight in {@link params} (-1 without a highway). */
  private readonly highwayParam: number;

  private constructor(
    private readonly wasm: KernelModule,
    private readonly plan: FusedStepPlan,
    private readonly optimizer: tf.AdamOptimizer,
    private readonly adam: AdamArrays,
    /** Shape of one input sample, `[timeSteps, features]` for a recurrent first layer. */
    private readonly sampleShape: number[],
  ) {
    this.params = plan.variables.map((v) => (v.read().dataSync() as Float32Array).slice());
    this.written = plan.variables.map((v) => v.read().dataId);
    this.firstParam = plan.layers.map((layer) => plan.variables.indexOf(layer.variables[0]));
    this.highwayParam = plan.highway === undefined ? -1 : plan.variables.indexOf(plan.highway.variables[0]);
  }

  /**
   * A trainer for `model` on inputs of `sampleShape`, or the reason the model trains through `trainOnBatch`.
   * @param sampleShape one sample's shape, `x.shape.slice(1)`.
   */
  static async create(model: tf.LayersModel, sampleShape: number[]): Promise<FusedStepTrainer | string> {
    const plan = fusedStepPlan(model);
    if (typeof plan === 'string') return plan;
    const wasm = loadKernelModule();
    if (wasm === null) return 'the WebAssembly kernel could not be loaded';
    const planned = [...plan.layers, ...(plan.highway !== undefined ? [plan.highway] : [])];
    const weights = planned.flatMap((layer) => layer.variables);
    if (weights.some((v) => plan.variables.indexOf(v) < 0)) return 'a layer weight is not trainable';
    if (weights.length !== plan.variables.length) return 'the model has trainable weights outside its planned layers';
    const optimizer = model.optimizer as tf.AdamOptimizer;
    const adam = await AdamArrays.load(optimizer, plan.adam, plan.variables);
    if (typeof adam === 'string') return adam;
    return new FusedStepTrainer(wasm, plan, optimizer, adam, sampleShape);
  }

  /**
   * One training step on a batch: forward, mean squared error, backward, Adam.
   * @param x `[batch, ...sampleShape]` row-major.
   * @param y the targets, as many values as the model's output for the batch.
   * @returns the batch's loss (mean squared error over every output value).
   */
  trainBatch(x: Float32Array, y: Float32Array, batch: number): number {
    const records: Recorded[] = [];
    try {
      const output = this.forward(x, batch, records);
      if (output.length !== y.length) {
        throw new Error(`fit: the model gives ${output.length / batch} values per sample but y has ${y.length / batch}`);
      }
      const n = output.length;
      let lossSum = 0;
      const dOutput = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const d = output[i] - y[i];
        lossSum += d * d;
        dOutput[i] = (2 * d) / n;
      }
      const grads = this.backward(x, batch, dOutput, records);
      this.adam.update(this.params, grads);
      return lossSum / n;
    } finally {
      for (const r of records) if (r.kind !== 'dense') releaseRun(this.wasm, r.saved);
    }
  }

  /**
   * The model's mean squared error on `[x, y]`, forward passes only, in chunks of `chunk` samples
   * (as `model.evaluate`, whose batch means weighted by batch size are the same mean).
   */
  meanSquaredError(x: Float32Array, y: Float32Array, samples: number, chunk = 256): number {
    const xSize = x.length / samples;
    const ySize = y.length / samples;
    let sum = 0;
    for (let start = 0; start < samples; start += chunk) {
      const end = Math.min(samples, start + chunk);
      const output = this.forward(x.subarray(start * xSize, end * xSize), end - start, null);
      const target = y.subarray(start * ySize, end * ySize);
      for (let i = 0; i < output.length; i++) sum += (output[i] - target[i]) ** 2;
    }
    return sum / y.length;
  }

  /** Writes the trained weights into the model's variables. */
  writeWeights(): void {
    this.plan.variables.forEach((v, i) => {
      const t = tf.tensor(this.params[i], v.read().shape, 'float32');
      v.write(t);
      t.dispose();
    });
    this.written = this.plan.variables.map((v) => v.read().dataId);
  }

  /**
   * Takes up weights set from outside since the last {@link writeWeights} (a callback's
   * `model.setWeights`, as Keras lets a callback do): a variable that was assigned has a new data id.
   */
  readChangedWeights(): void {
    this.plan.variables.forEach((v, i) => {
      const t = v.read();
      if (t.dataId !== this.written[i]) this.params[i].set(t.dataSync() as Float32Array);
    });
    this.written = this.plan.variables.map((v) => v.read().dataId);
  }

  /** Writes the weights, then Adam's moments and step count into the model's optimizer. */
  async finish(): Promise<void> {
    this.writeWeights();
    await this.adam.store(this.optimizer, this.plan.variables);
  }

  /** Runs the layers on a batch; with `records`, keeps what the backward pass needs there. */
  private forward(x: Float32Array, batch: number, records: Recorded[] | null): Float32Array {
    const keep = records !== null;
    let input = x;
    let shape = this.sampleShape;
    this.plan.layers.forEach((layer, l) => {
      const p = this.firstParam[l];
      if (layer.kind === 'dense') {
        const inputDim = shape[shape.length - 1];
        const rows = input.length / inputDim;
        records?.push({ kind: 'dense', input, rows, inputDim });
        input = denseForwardWasm(this.wasm, { input, rows, inputDim }, layer.units, this.params[p], layer.useBias ? this.params[p + 1] : null);
        shape = [...shape.slice(0, -1), layer.units];
        return;
      }
      const [steps, inputDim] = shape;
      const dims: SequenceDims = { batch, steps, inputDim, units: layer.units, dp: pad4(inputDim), up: pad4(layer.units) };
      const arrays = { x: input, kernel: this.params[p], recurrentKernel: this.params[p + 1], bias: layer.useBias ? this.params[p + 2] : null };
      const { act, ract, goBackwards, returnSequences } = layer.codes;
      if (layer.kind === 'gru') {
        const codes = { resetAfter: layer.resetAfter, goBackwards, returnSequences, act, ract };
        const inputs = { ...arrays, initialState: null, mask: null };
        if (!keep) {
          // no backward pass to come: the inference pass, which keeps nothing
          input = inferSequence(this.wasm, dims, codes, inputs, (result) => result.output.slice());
        } else {
          const run = forwardSequence(this.wasm, dims, codes, inputs, true);
          records?.push({ kind: 'gru', saved: run.saved });
          input = run.output;
        }
      } else {
        const run = forwardCells(this.wasm, dims, { kind: layer.kind, goBackwards, returnSequences, act, ract }, arrays, keep);
        records?.push({ kind: 'cells', saved: run.saved });
        input = run.output;
      }
      shape = layer.codes.returnSequences ? [steps, layer.units] : [layer.units];
    });
    const { highway } = this.plan;
    if (highway !== undefined) {
      // the linear map of the whole window, added to the head's output
      const p = this.highwayParam;
      const side = denseForwardWasm(this.wasm, { input: x, rows: batch, inputDim: x.length / batch }, highway.units, this.params[p], highway.useBias ? this.params[p + 1] : null);
      for (let i = 0; i < input.length; i++) input[i] += side[i];
    }
    return input;
  }

  private backward(x: Float32Array, batch: number, dOutput: Float32Array, records: Recorded[]): Float32Array[] {
    const grads = this.params.map((p) => new Float32Array(p.length));
    const { highway } = this.plan;
    if (highway !== undefined) {
      const p = this.highwayParam;
      denseBackwardWasm(this.wasm, { input: x, rows: batch, inputDim: x.length / batch }, dOutput, highway.units, this.params[p], grads[p], highway.useBias ? grads[p + 1] : null, false);
    }
    let d = dOutput;
    for (let l = this.plan.layers.length - 1; l >= 0; l--) {
      const layer = this.plan.layers[l];
      const record = records[l];
      const p = this.firstParam[l];
      if (layer.kind === 'dense' && record.kind === 'dense') {
        d = denseBackwardWasm(this.wasm, record, d, layer.units, this.params[p], grads[p], layer.useBias ? grads[p + 1] : null, l > 0);
      } else if (layer.kind !== 'dense' && record.kind !== 'dense') {
        const g = record.kind === 'gru' ? backwardSequence(this.wasm, record.saved, d) : backwardCells(this.wasm, record.saved, d);
        grads[p].set(g.kernel);
        grads[p + 1].set(g.recurrentKernel);
        if (layer.useBias) grads[p + 2].set(g.bias.subarray(0, grads[p + 2].length));
        d = g.x;
      }
    }
    return grads;
  }
}
