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
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import { writeFilesAtomic } from '../base/atomic-write';
import { makeFolder } from '../base/folders';

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

/**
 * SHA-256 of a file's bytes, hex.
 *
 * @example
 * sha256('abc'); // => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Key in `model.json`'s `userDefinedMetadata` holding the companion files' SHA-256 (`null`: absent). */
const CHECKSUMS = 'grulabFiles';

/** A file of a save: its name in the directory and its content. */
export type SaveFile = [name: string, data: string | Uint8Array];

/**
 * The files {@link saveModel} writes, by name, in the order they are to be renamed into
 * place: `weights.bin`, `scaler.json` when a scaler is given, then `model.json`, which
 * records the SHA-256 of the others (so a save killed between two renames leaves a
 * directory `loadModel` recognises as mixed, never a model silently paired with another
 * save's weights or scaler). For writers that save more files together with the model.
 *
 * @throws Error when TF.js produces no artifacts.
 */
export async function modelSaveFiles(model: tf.LayersModel, options: SaveModelOptions = {}): Promise<SaveFile[]> {
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
  const files: SaveFile[] = [[MODEL_FILES.weights, weightBytes]];
  if (scalerText !== undefined) files.push([MODEL_FILES.scaler, scalerText]);
  files.push([MODEL_FILES.model, JSON.stringify(modelJson)]);
  return files;
}

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
  const files = await modelSaveFiles(model, options);
  try {
    makeFolder(dir);
  } catch (err) {
    throw new Error(`saveModel: cannot create directory ${dir}: ${(err as Error).message}`);
  }
  try {
    if (options.scaler === undefined) await fs.rm(join(dir, MODEL_FILES.scaler), { force: true });
    writeFilesAtomic(files.map(([name, data]) => [join(dir, name), data] as const));
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

/**
 * The file a `weightsManifest` path names, which must lie inside the model's directory
 * (also once symbolic links are followed): a crafted `model.json` must not read `../../x`
 * or `/etc/x`.
 *
 * @throws Error naming `model.json` and the path.
 */
function weightsFile(dir: string, modelPath: string, manifestPath: unknown): string {
  const outside = (why: string) =>
    new Error(`loadModel: ${modelPath} names weights file ${JSON.stringify(manifestPath)}, ${why}; a model's weights files lie in its directory`);
  if (typeof manifestPath !== 'string' || manifestPath === '') throw outside('which is not a file name');
  if (isAbsolute(manifestPath)) throw outside('an absolute path');
  const file = resolve(dir, manifestPath);
  const inside = (root: string, target: string) => {
    const rest = relative(root, target);
    return rest !== '' && rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest);
  };
  if (!inside(resolve(dir), file)) throw outside('outside the directory');
  let real: string | undefined;
  try {
    real = realpathSync(file);
  } catch {
    // missing: reading it says so
  }
  if (real !== undefined && !inside(realpathSync(dir), real)) throw outside(`a link to ${real}, outside the directory`);
  return file;
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
 * @throws Error naming the file when `model.json` or a weights file is missing, or a JSON file is corrupt,
 *   when the files are of different saves, or when `model.json` names a weights file outside `dir`.
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
        const data = await readFileNamed(weightsFile(dir, modelPath, path));
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
