/**
 * Argument checks and small helpers shared by the layer factories. Errors name the
 * function, the argument, the value received and what was expected.
 */
import * as tf from '@tensorflow/tfjs';
import type { InitializerOption, Seed } from './initializers';

type Shape = (number | null)[];

/** The activations the recurrent layers (GRU, LSTM, SimpleRNN) and their gates accept. */
export const RECURRENT_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'linear', 'hardSigmoid'] as const;

/** One of {@link RECURRENT_ACTIVATIONS}. */
export type RecurrentActivation = (typeof RECURRENT_ACTIVATIONS)[number];

/** Options shared by `gru`, `lstm` and `simpleRNN` (Keras's keyword arguments in camelCase). */
export interface RecurrentArgs {
  /** Size of the hidden state (a positive integer). */
  units: number;
  /** Output activation. Default `'tanh'`. */
  activation?: RecurrentActivation;
  /** Whether the layer has biases. Default `true`. */
  useBias?: boolean;
  /** Return the whole output sequence rather than the last output. Default `false`. */
  returnSequences?: boolean;
  /**
   * Also return the last state(s): `apply` then returns `[output, state]` (`[output, h, c]`
   * for an LSTM), Keras's `return_state`. Default `false`.
   */
  returnState?: boolean;
  /**
   * Process the sequence from its last step to its first (the backward half of a
   * bidirectional layer); outputs come in processing order, as Keras. With a mask of
   * right-padded sequences the padding is met first and carries the initial state. Default `false`.
   */
  goBackwards?: boolean;
  /** Kernel initializer. Default `'glorotUniform'` (seeded). */
  kernelInitializer?: InitializerOption;
  /** Recurrent kernel initializer. Default `'orthogonal'` (seeded). */
  recurrentInitializer?: InitializerOption;
  /** Bias initializer. Default `'zeros'`. */
  biasInitializer?: InitializerOption;
  /** Input dropout rate in `[0, 1)`. Default `0`. */
  dropout?: number;
  /** Recurrent dropout rate in `[0, 1)`. Default `0`. */
  recurrentDropout?: number;
  /** Seed of the initial weights. Default: from {@link withSeed} / {@link setSeed}, else random. */
  seed?: Seed;
  /** `[timeSteps, features]`; `timeSteps` may be `null`. */
  inputShape?: Shape;
  /** Layer name. Default: the layer's kind numbered, `'gru'`, `'gru_1'`, ... (`'lstm'`, `'simple_rnn'`). */
  name?: string;
}

/** Checks that `units` is a positive integer. */
export function checkUnits(fn: string, units: unknown): number {
  if (typeof units !== 'number' || !Number.isInteger(units) || units <= 0) {
    throw new Error(`${fn}: units must be a positive integer, got ${JSON.stringify(units) ?? String(units)}`);
  }
  return units;
}

/** Checks that an activation name is one the recurrent layers support. */
export function checkActivation(fn: string, arg: string, value: unknown): RecurrentActivation {
  if (typeof value !== 'string' || !(RECURRENT_ACTIVATIONS as readonly string[]).includes(value)) {
    throw new Error(`${fn}: ${arg} must be one of ${RECURRENT_ACTIVATIONS.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value as RecurrentActivation;
}

/** Checks that a dropout rate lies in `[0, 1)`. */
export function checkRate(fn: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${fn}: ${arg} must be a number in [0, 1), got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** Checks a layer's `inputShape` for a recurrent layer: `[timeSteps, features]`. */
export function checkSequenceInputShape(fn: string, inputShape: unknown): void {
  if (inputShape !== undefined && (!Array.isArray(inputShape) || inputShape.length !== 2)) {
    throw new Error(
      `${fn}: inputShape must be [timeSteps, features] (timeSteps may be null), got ${JSON.stringify(inputShape)}`,
    );
  }
}

const layerCounts = new Map<string, number>();

/** Keras-style default layer names: `gru`, `gru_1`, `gru_2`, ... */
export function nextLayerName(base: string): string {
  const n = layerCounts.get(base) ?? 0;
  layerCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * Turns a serialized initializer (`{ className, config }`, as a saved model holds it) back
 * into an initializer; names and initializer objects pass through.
 */
export function deserializeInitializer(option: InitializerOption | tf.serialization.ConfigDict): InitializerOption {
  if (typeof option === 'string') return option;
  if (option instanceof tf.serialization.Serializable) return option as InitializerOption;
  const className = option.className;
  const entry = typeof className === 'string' ? tf.serialization.SerializationMap.getMap().classNameMap[className] : undefined;
  if (entry === undefined) {
    throw new Error(`initializer: unknown initializer ${JSON.stringify(option)}`);
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (option.config ?? {}) as tf.serialization.ConfigDict) as unknown as InitializerOption;
}
