/**
 * Saving a model, with the scaler that prepared its data, to a directory; loading it back.
 *
 * The directory holds TF.js's own format (`model.json` + `weights.bin`, readable by
 * `tf.loadLayersModel`) and `scaler.json` when a scaler state is given.
 *
 * Porting note: TF.js's `file://` save handler lives in `@tensorflow/tfjs-node`, which this
 * project cannot use (no native libtensorflow); these functions write the files themselves,
 * each to a temporary name first and then renamed, so a failed save changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFilesAtomic } from '../base/atomic-write';

/** A JSON-able value (what a scaler's state is). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** State of the scaler that prepared the data (e.g. a MinMaxScaler's min and scale), saved as `scaler.json`. */
  scaler?: JsonValue;
}

/** What {@link loadModel} returns. */
export interface LoadedModel {
  model: tf.LayersModel;
  /** The scaler state saved alongside, when there was one. */
  scaler?: JsonValue;
}

/** The files a saved model directory holds. */
export const MODEL_FILES = { model: 'model.json', weights: 'weights.bin', scaler: 'scaler.json' } as const;

/** Writes every `[path, data]` to `path.tmp-<pid>` first, then renames them all into place. */
/** SHA-256 of a file's bytes, hex. */
function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Key in `model.json`'s `userDefinedMetadata` holding the companion files' SHA-256 (`null`: absent). */
const CHECKSUMS = 'grulabFiles';

/**
 * Saves a model (architecture, weights, training config) and optionally a scaler state to `dir`.
 *
 * @param model the model to save (it may use grulab's GRU layer and seeded initializers).
 * @param dir the directory; created if missing. Existing files of a previous save are replaced.
 * @param options `scaler`: JSON-able state saved as `scaler.json` (default: none, and an old one is removed).
 * @throws Error naming the directory or file when it cannot be written; nothing is replaced then.
 * @example
 * await saveModel(model, 'runs/temperature', { scaler: scaler.toJSON() });
 * // => writes model.json, weights.bin, scaler.json
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export async function saveModel(model: tf.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  if (artifacts === undefined) throw new Error('saveModel: TF.js produced no model artifacts');
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const weightBytes = new Uint8Array(weightData);
  const scalerText = options.scaler === undefined ? undefined : JSON.stringify(options.scaler);
  const checksums = {
    [MODEL_FILES.weights]: sha256(weightBytes),
    [MODEL_FILES.scaler]: scalerText === undefined ? null : sha256(scalerText),
  };
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths: [`./${MODEL_FILES.weights}`], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig } : {}),
    userDefinedMetadata: { ...artifacts.userDefinedMetadata, [CHECKSUMS]: checksums },
  };
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`saveModel: cannot create directory ${dir}: ${(err as Error).message}`);
  }
  const files: [string, string | Uint8Array][] = [[join(dir, MODEL_FILES.weights), weightBytes]];
  if (scalerText !== undefined) files.push([join(dir, MODEL_FILES.scaler), scalerText]);
  // model.json is renamed last and records the SHA-256 of the files renamed before it, so a
  // save killed between two renames leaves a directory loadModel recognises as mixed, never a
  // model silently paired with another save's weights or scaler.
  files.push([join(dir, MODEL_FILES.model), JSON.stringify(modelJson)]);
  try {
    if (scalerText === undefined) await fs.rm(join(dir, MODEL_FILES.scaler), { force: true });
    writeFilesAtomic(files);
  } catch (err) {
    throw new Error(`saveModel: cannot write to ${dir}: ${(err as Error).message}`);
  }
}

/** Checks a companion file against the SHA-256 that `model.json` recorded for it. */
function checkCompanion(modelPath: string, file: string, recorded: string | null | undefined, data: Buffer | undefined): void {
  if (recorded === undefined) return; // saved by another tool: nothing recorded
  const actual = data === undefined ? null : sha256(data);
  if (actual !== recorded) {
    const what = data === undefined ? 'is missing' : 'does not match';
    throw new Error(
      `loadModel: ${file} ${what} the save that wrote ${modelPath} (was that save interrupted?); save the model again`,
    );
  }
}

async function readFileNamed(path: string): Promise<Buffer> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`loadModel: cannot read ${path}${code === 'ENOENT' ? ' (file not found)' : `: ${(err as Error).message}`}`);
  }
}

async function readJson(path: string): Promise<unknown> {
  const text = (await readFileNamed(path)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`loadModel: ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Loads a model saved by {@link saveModel} (or any TF.js `model.json` + weights directory),
 * with its scaler state when one was saved. The loaded model predicts exactly as the saved one.
 *
 * @param dir the directory `saveModel` wrote.
 * @returns `{ model, scaler }` (`scaler` is `undefined` when none was saved).
 * @throws Error naming the file when `model.json` or a weights file is missing, or a JSON file is corrupt.
 * @example
 * const { model, scaler } = await loadModel('runs/temperature');
 * model.predict(x); // => the same numbers as before saving
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const modelPath = join(dir, MODEL_FILES.model);
  const modelJson = (await readJson(modelPath)) as tf.io.ModelJSON;
  if (modelJson === null || typeof modelJson !== 'object' || modelJson.modelTopology === undefined) {
    throw new Error(`loadModel: ${modelPath} has no modelTopology; it is not a TF.js layers model`);
  }
  const recorded = (modelJson.userDefinedMetadata?.[CHECKSUMS] ?? {}) as Record<string, string | null | undefined>;
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      for (const path of group.paths) {
        const data = await readFileNamed(join(dir, path));
        checkCompanion(modelPath, join(dir, path), path === `./${MODEL_FILES.weights}` ? recorded[MODEL_FILES.weights] : undefined, data);
        buffers.push(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
      }
    }
    return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
  });
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw new Error(`loadModel: ${modelPath} could not be turned into a model: ${(err as Error).message}`);
  }
  const scalerPath = join(dir, MODEL_FILES.scaler);
  const hasScaler = await fs.access(scalerPath).then(
    () => true,
    () => false,
  );
  checkCompanion(modelPath, scalerPath, recorded[MODEL_FILES.scaler], hasScaler ? await fs.readFile(scalerPath) : undefined);
  return hasScaler ? { model, scaler: (await readJson(scalerPath)) as JsonValue } : { model };
}
