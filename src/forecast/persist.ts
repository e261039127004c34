/**
 * A forecaster on disk: the model and its two scalers through `saveModel` / `loadModel`,
 * and `forecaster.json` with the settings, the detected season and the last input window
 * (so a loaded forecaster can forecast without the data).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { MinMaxScaler, type MinMaxScalerJSON } from '../data/scaler';
import { loadModel, saveModel, type JsonValue } from '../models/save';
import type { TrainingHistory } from '../training/observer';
import type { ModelScore } from './evaluation';
import type { ForecasterConfig } from './options';
import type { ModelChoice } from './training-run';
import { stageFiles, type StagedFiles } from '../base/atomic-write';

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
}

/** A loaded forecaster's parts. */
export interface LoadedForecaster {
  state: ForecasterState;
  model: tf.LayersModel;
  inputScaler: MinMaxScaler;
  targetScaler: MinMaxScaler;
}

/**
 * Writes the model, the scalers and `forecaster.json` to `dir` (created if missing). The
 * settings file is written to a temporary name first and renamed last, so a failed save
 * leaves no half-written forecaster behind.
 *
 * @throws Error naming the directory when it cannot be written.
 */
export async function writeForecaster(dir: string, parts: LoadedForecaster): Promise<void> {
  const config = parts.state.config.csv === undefined ? parts.state.config : { ...parts.state.config, csv: resolve(parts.state.config.csv) };
  const state: ForecasterState = { ...parts.state, config };
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`Forecaster.save: cannot create directory ${dir}: ${(err as Error).message}`);
  }
  let staged: StagedFiles | undefined;
  try {
    staged = stageFiles([[join(dir, FORECASTER_FILE), JSON.stringify(state, null, 2)]]);
    const scaler = { input: parts.inputScaler.toJSON(), target: parts.targetScaler.toJSON() } as unknown as JsonValue;
    await saveModel(parts.model, dir, { scaler });
    staged.commit();
  } catch (err) {
    staged?.discard();
    throw err instanceof Error && err.message.startsWith('saveModel') ? err : new Error(`Forecaster.save: cannot write to ${dir}: ${(err as Error).message}`);
  }
}

/**
 * Reads what {@link writeForecaster} wrote.
 *
 * @throws Error naming the file when `forecaster.json` is missing, not JSON or not a
 *   forecaster's, and as `loadModel` for the model files.
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
  const { model, scaler } = await loadModel(dir);
  const scalers = scaler as unknown as { input?: MinMaxScalerJSON; target?: MinMaxScalerJSON } | undefined;
  if (scalers?.input === undefined || scalers.target === undefined) {
    model.dispose();
    throw new Error(`loadForecaster: ${join(dir, 'scaler.json')} must hold { input, target } scaler states`);
  }
  return { state, model, inputScaler: MinMaxScaler.fromJSON(scalers.input), targetScaler: MinMaxScaler.fromJSON(scalers.target) };
}
