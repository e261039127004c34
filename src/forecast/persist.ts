/**
 * A forecaster on disk: the model and its two scalers through `saveModel` / `loadModel`,
 * and `forecaster.json` with the settings, the detected season and the last input window
 * (so a loaded forecaster can forecast without the data).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { MinMaxScaler, type MinMaxScalerJSON } from '../data/scaler';
import { loadModel, MODEL_FILES, modelSaveFiles, sha256, type JsonValue } from '../models/save';
import type { TrainingHistory } from '../training/observer';
import type { ModelScore } from './evaluation';
import type { ForecasterConfig } from './options';
import type { ModelChoice } from './training-run';
import { writeFilesAtomic } from '../base/atomic-write';
import { makeFolder } from '../base/folders';

/** The settings file a saved forecaster holds besides `model.json`, `weights.bin`, `scaler.json`. */
export const FORECASTER_FILE = 'forecaster.json';

/** What `forecaster.json` holds. */
export interface ForecasterState {
  kind: 'grulab-forecaster';
  version: 1;
  /** The options with defaults filled in; `csv` as an absolute path. */
  config: ForecasterConfig;
  dateColumn: string;
  inputColumns: string[];
  /** Season length of the seasonal naive baseline (0: none). */
  seasonalPeriod: number;
  /** Which model forecasts (absent in files saved before it was recorded: `'trained'`). */
  choice?: ModelChoice;
  /** With `normalization: 'window'`, the factor the relative windows were multiplied by. */
  windowScale?: number;
  /** The last `timeStep` rows of the inputs, unscaled, and their dates (ISO). */
  recent: { dates: string[]; rows: number[][] };
  history?: TrainingHistory;
  /** The scores of the last `evaluate()`, without the predictions. */
  scores?: ModelScore[];
  /**
   * The SHA-256 of the `model.json` saved with this file (which records its weights' and
   * scalers'), so that a folder whose model files come from another save is recognised.
   * Absent in files saved before it was recorded.
   */
  files?: { 'model.json': string };
}

/** A loaded forecaster's parts. */
export interface LoadedForecaster {
  state: ForecasterState;
  model: tf.LayersModel;
  inputScaler: MinMaxScaler;
  targetScaler: MinMaxScaler;
}

/**
 * Writes the model, the scalers and `forecaster.json` to `dir` (created if missing): every
 * file to a temporary name first, then renamed into place with `forecaster.json` last, so a
 * failed save leaves no half-written forecaster behind. `forecaster.json` records the
 * SHA-256 of the `model.json` written with it.
 *
 * @throws Error naming the directory when it cannot be written.
 */
export async function writeForecaster(dir: string, parts: LoadedForecaster): Promise<void> {
  const config = parts.state.config.csv === undefined ? parts.state.config : { ...parts.state.config, csv: resolve(parts.state.config.csv) };
  const scaler = { input: parts.inputScaler.toJSON(), target: parts.targetScaler.toJSON() } as unknown as JsonValue;
  const modelFiles = await modelSaveFiles(parts.model, { scaler });
  const modelJson = modelFiles.find(([name]) => name === MODEL_FILES.model)?.[1] as string;
  const state: ForecasterState = { ...parts.state, config, files: { [MODEL_FILES.model]: sha256(modelJson) } };
  try {
    makeFolder(dir);
  } catch (err) {
    throw new Error(`Forecaster.save: cannot create directory ${dir}: ${(err as Error).message}`);
  }
  try {
    writeFilesAtomic([...modelFiles, [FORECASTER_FILE, JSON.stringify(state, null, 2)] as const].map(([name, data]) => [join(dir, name), data] as const));
  } catch (err) {
    throw new Error(`Forecaster.save: cannot write to ${dir}: ${(err as Error).message}`);
  }
}

/** `[null, a, b]` as text. */
const shapeText = (shape: ReadonlyArray<number | null>) => `[${shape.map(String).join(', ')}]`;

/**
 * Checks that the model, the scalers and the settings of a loaded forecaster belong
 * together: the model takes `[batch, timeStep, inputs]` and gives `[batch, horizon]`
 * (direct) or `[batch, 1]` (recursive), the scalers have a range per input column and one
 * for the target, the saved window has `timeStep` rows of every input column.
 *
 * @throws Error naming both files and what differs.
 */
function checkParts(dir: string, parts: LoadedForecaster): void {
  const { state, model, inputScaler, targetScaler } = parts;
  const { timeStep, horizon, strategy } = state.config;
  const inputs = state.inputColumns.length;
  const settings = join(dir, FORECASTER_FILE);
  const mismatch = (what: string) =>
    new Error(`loadForecaster: ${what}, so ${join(dir, MODEL_FILES.model)} and ${settings} are not of one save; save the forecaster again`);
  const inputShape = model.inputs[0]?.shape ?? [];
  if (inputShape.length !== 3 || inputShape[1] !== timeStep || inputShape[2] !== inputs) {
    throw mismatch(`the model takes inputs of shape ${shapeText(inputShape)} but the settings say timeStep ${timeStep} and ${inputs} input column${inputs === 1 ? '' : 's'} (${state.inputColumns.join(', ')}): [null, ${timeStep}, ${inputs}]`);
  }
  const outputs = strategy === 'recursive' ? 1 : horizon;
  const outputShape = model.outputs[0]?.shape ?? [];
  if (outputShape.length !== 2 || outputShape[1] !== outputs) {
    throw mismatch(`the model gives outputs of shape ${shapeText(outputShape)} but the settings say strategy '${strategy}' with horizon ${horizon}: [null, ${outputs}]`);
  }
  const inputRanges = inputScaler.toJSON().dataMin.length;
  const targetRanges = targetScaler.toJSON().dataMin.length;
  if (inputRanges !== inputs || targetRanges !== 1) {
    throw mismatch(`scaler.json scales ${inputRanges} input column${inputRanges === 1 ? '' : 's'} and ${targetRanges} target${targetRanges === 1 ? '' : 's'} but the settings have ${inputs} input column${inputs === 1 ? '' : 's'} and 1 target`);
  }
  const { rows, dates } = state.recent;
  if (rows.length !== timeStep || dates.length !== timeStep || rows.some((row) => row.length !== inputs)) {
    throw new Error(`loadForecaster: ${settings}'s last window (recent) must hold ${timeStep} dates and rows of ${inputs} values (timeStep ${timeStep}, ${inputs} input columns); the file is damaged, save the forecaster again`);
  }
}

/**
 * Reads what {@link writeForecaster} wrote.
 *
 * @throws Error naming the file when `forecaster.json` is missing, not JSON or not a
 *   forecaster's, when the model files are not those saved with it (another save, another
 *   configuration: checked by `model.json`'s SHA-256 and by the model's shapes), and as
 *   `loadModel` for the model files.
 */
export async function readForecaster(dir: string): Promise<LoadedForecaster> {
  const file = join(dir, FORECASTER_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(`loadForecaster: cannot read ${file}${missing ? ' (file not found; is this a folder Forecaster.save wrote?)' : `: ${(err as Error).message}`}`);
  }
  let state: ForecasterState;
  try {
    state = JSON.parse(text) as ForecasterState;
  } catch (err) {
    throw new Error(`loadForecaster: ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (state === null || typeof state !== 'object' || state.kind !== 'grulab-forecaster' || state.version !== 1) {
    throw new Error(`loadForecaster: ${file} is not a grulab forecaster (kind 'grulab-forecaster', version 1)`);
  }
  const recorded = state.files?.[MODEL_FILES.model];
  if (recorded !== undefined) {
    const modelPath = join(dir, MODEL_FILES.model);
    const modelJson = await fs.readFile(modelPath).catch(() => undefined);
    if (modelJson !== undefined && sha256(modelJson) !== recorded) {
      throw new Error(
        `loadForecaster: ${modelPath} is not the model ${file} was saved with (files of another save or another configuration?); save the forecaster again`,
      );
    }
  }
  const { model, scaler } = await loadModel(dir);
  try {
    const scalers = scaler as unknown as { input?: MinMaxScalerJSON; target?: MinMaxScalerJSON } | undefined;
    if (scalers?.input === undefined || scalers.target === undefined) {
      throw new Error(`loadForecaster: ${join(dir, MODEL_FILES.scaler)} must hold { input, target } scaler states`);
    }
    const parts = { state, model, inputScaler: MinMaxScaler.fromJSON(scalers.input), targetScaler: MinMaxScaler.fromJSON(scalers.target) };
    checkParts(dir, parts);
    return parts;
  } catch (err) {
    model.dispose();
    throw err;
  }
}
