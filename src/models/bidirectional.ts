/**
 * The Bidirectional wrapper for grulab's GRU: one copy of the layer reads the sequence
 * forwards, a second reads it backwards, and their outputs are merged (Keras's
 * `Bidirectional(layer, merge_mode='concat')`).
 *
 * Porting note: TensorFlow.js's `tf.layers.bidirectional` rebuilds the backward layer from
 * the forward layer's config, seed included, so with grulab's seeded layers both directions
 * would start from identical weights (Keras draws fresh ones). This wrapper gives the
 * backward copy its own seed (`'<seed>/backward'`) and passes the mask to both directions.
 */
import * as tf from '@tensorflow/tfjs';
import { GrulabGRU, type GruArgs } from './gru-layer';
import { nextLayerName } from './layer-args';

/** How the two directions' outputs are combined (Keras's `merge_mode`). */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

/** Options of {@link bidirectional}. */
export interface BidirectionalArgs {
  /** The recurrent layer to run in both directions (a `gru(...)` layer, not yet used in a model). */
  layer: GrulabGRU;
  /** How the outputs are combined. Default `'concat'` (Keras), which doubles the last dimension. */
  mergeMode?: MergeMode;
  /** Layer name. Default `'bidirectional'`, `'bidirectional_1'`, ... */
  name?: string;
}

/** The Bidirectional layer class (registered as `'GrulabBidirectional'`). Create it with {@link bidirectional}. */
export class GrulabBidirectional extends tf.layers.Layer {
  /** @nocollapse */
  static className = 'GrulabBidirectional';
  readonly forwardLayer: GrulabGRU;
  readonly backwardLayer: GrulabGRU;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;

  constructor(args: BidirectionalArgs) {
    if (args === null || typeof args !== 'object' || !(args.layer instanceof GrulabGRU)) {
      throw new Error(`bidirectional: layer must be a grulab gru(...) layer, got ${describe(args?.layer)}`);
    }
    const mergeMode = args.mergeMode ?? 'concat';
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new Error(`bidirectional: mergeMode must be one of ${MERGE_MODES.join(', ')}, got ${JSON.stringify(mergeMode)}`);
    }
    if (args.layer.returnState) {
      throw new Error('bidirectional: a layer with returnState: true is not supported; use returnState: false');
    }
    const config = args.layer.getConfig() as unknown as GruArgs & { goBackwards: boolean; batchInputShape?: (number | null)[] };
    const inputShape = config.batchInputShape?.slice(1);
    super({ name: args.name ?? nextLayerName('bidirectional'), ...(inputShape !== undefined ? { inputShape } : {}) });
    const { batchInputShape: _ignored, ...own } = config;
    this.forwardLayer = new GrulabGRU({ ...own, name: `forward_${config.name}` });
    this.backwardLayer = new GrulabGRU({
      ...own,
      name: `backward_${config.name}`,
      goBackwards: !config.goBackwards,
      seed: `${args.layer.seed}/backward`,
    });
    this.mergeMode = mergeMode;
    this.returnSequences = args.layer.returnSequences;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.forwardLayer.build(inputShape);
    this.backwardLayer.build(inputShape);
    // Porting note: TF.js names a weight after the name scope it is created in, which is this
    // wrapper's for both copies ('bidirectional/kernel' twice, and saving then fails on the
    // duplicate). TF.js's own Bidirectional enters each copy's scope with `nameScope`, which
    // `@tensorflow/tfjs` does not export; the names are given the same form here instead:
    // 'bidirectional/forward_gru/kernel', 'bidirectional/backward_gru/kernel'.
    for (const layer of [this.forwardLayer, this.backwardLayer]) {
      for (const weight of layer.weights) {
        const named = weight as unknown as { originalName: string; name: string };
        named.originalName = named.originalName.replace(/([^/]+)$/, `${layer.name}/$1`);
        named.name = named.name.replace(/([^/]+)$/, `${layer.name}/$1`);
      }
    }
    this.built = true;
  }

  override get trainableWeights(): tf.LayerVariable[] {
    return [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights];
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [...this.forwardLayer.nonTrainableWeights, ...this.backwardLayer.nonTrainableWeights];
  }

  override getWeights(): tf.Tensor[] {
    return [...this.forwardLayer.getWeights(), ...this.backwardLayer.getWeights()];
  }

  override setWeights(weights: tf.Tensor[]): void {
    const half = weights.length / 2;
    this.forwardLayer.setWeights(weights.slice(0, half));
    this.backwardLayer.setWeights(weights.slice(half));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = [...(this.forwardLayer.computeOutputShape(inputShape) as tf.Shape)];
    if (this.mergeMode === 'concat') shape[shape.length - 1] = 2 * this.forwardLayer.units;
    return shape;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const inputMask = (Array.isArray(mask) ? mask[0] : mask) ?? null;
    return (this.returnSequences ? inputMask : null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[]; training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const y = this.forwardLayer.call(inputs, kwargs) as tf.Tensor;
      let yBack = this.backwardLayer.call(inputs, kwargs) as tf.Tensor;
      // The backward layer's outputs come in processing order: reverse them to line up in time (Keras).
      if (this.returnSequences) yBack = tf.reverse(yBack, 1);
      switch (this.mergeMode) {
        case 'concat':
          return tf.concat([y, yBack], -1);
        case 'sum':
          return tf.add(y, yBack);
        case 'mul':
          return tf.mul(y, yBack);
        case 'ave':
          return tf.mul(0.5, tf.add(y, yBack));
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { name: _name, ...layerConfig } = this.forwardLayer.getConfig();
    return {
      ...super.getConfig(),
      mergeMode: this.mergeMode,
      layer: { ...layerConfig, name: this.forwardLayer.name.replace(/^forward_/, '') },
    };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { layer, mergeMode, name } = config as unknown as { layer: GruArgs; mergeMode: MergeMode; name: string };
    // The forward layer keeps its seed; the backward one derives `<seed>/backward` from it, as when first built.
    return new cls({ layer: new GrulabGRU(layer), mergeMode, name } as unknown as tf.serialization.ConfigDict);
  }
}
tf.serialization.registerClass(GrulabBidirectional);

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (value instanceof tf.layers.Layer) return `a ${value.getClassName()} layer`;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Runs a GRU over the sequence in both directions and merges the two outputs, as Keras's
 * `Bidirectional(GRU(...), merge_mode='concat')`. The backward copy has the same options
 * with `goBackwards` flipped and its own seeded initial weights; with `returnSequences`
 * its outputs are reversed back into time order before merging. A mask from
 * {@link embedding} with `maskZero` reaches both directions: the backward GRU starts at
 * each sequence's last real step, not at the padding.
 *
 * @param args {@link BidirectionalArgs}: `layer` is a fresh `gru(...)`; `mergeMode` defaults to `'concat'`.
 * @returns the layer; its output is `[batch, 2 * units]` with `'concat'` (or `[batch, timeSteps, 2 * units]`
 *   with `returnSequences`), `[batch, units]` with the other modes.
 * @throws Error when `layer` is not a grulab GRU layer, when it has `returnState`, or for an unknown `mergeMode`.
 * @example
 * const model = tf.sequential({ layers: [
 *   embedding({ inputDim: 100, outputDim: 8, maskZero: true }),
 *   bidirectional({ layer: gru({ units: 4 }) }), dense({ units: 1, activation: 'sigmoid' })] });
 * model.outputShape; // => [null, 1]; the GRU part holds 2 x 168 weights
 * @see notebooks/07-text-classification.ipynb
 */
export function bidirectional(args: BidirectionalArgs): GrulabBidirectional {
  return new GrulabBidirectional(args);
}
