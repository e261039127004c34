/**
 * A saved forecaster's files are cross-checked when loaded: model files of another save or
 * of another configuration are refused with a message naming both files (they loaded and
 * failed later with a raw TensorFlow.js shape error, or forecast silently with another
 * save's model), and `model.json` cannot name a weights file outside its folder.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DataFrame } from 'danfojs-node';
import { datasetPath, dense, forecaster, gru, loadCsv, loadForecaster, loadModel, ready, saveModel, type ForecasterOptions } from '../../src/index';
import { tempDir } from '../helpers/temp-dir';

const SMALL: Omit<ForecasterOptions, 'target'> = { units: [4], epochs: 1, batchSize: 64, seed: 3, verbose: 0, horizon: 2 };
const MODEL_FILES = ['model.json', 'weights.bin', 'scaler.json'];

function temperatureFrame(rows: number): DataFrame {
  const df = loadCsv(datasetPath('daily-temperature.csv'));
  return new DataFrame({
    Date: (df.column('Date').values as unknown as Date[]).slice(0, rows),
    Temp: (df.column('Temp').values as number[]).slice(0, rows),
  });
}

/** Trains and saves a small forecaster with `options`, in a new folder. */
async function saved(options: Partial<ForecasterOptions>): Promise<string> {
  const dir = tempDir('grulab-saved-');
  const fc = forecaster({ ...SMALL, data: temperatureFrame(600), target: 'Temp', ...options });
  await fc.fit();
  await fc.save(dir);
  fc.dispose();
  return dir;
}

/** `to` with the model files of `from` copied over its own. */
function withModelOf(from: string, to: string): string {
  const dir = tempDir('grulab-mixed-');
  for (const name of fs.readdirSync(to)) fs.copyFileSync(join(to, name), join(dir, name));
  for (const name of MODEL_FILES) fs.copyFileSync(join(from, name), join(dir, name));
  return dir;
}

let window20 = '';
let window12 = '';
let otherSeed = '';
before(async () => {
  await ready();
  window20 = await saved({ timeStep: 20 });
  window12 = await saved({ timeStep: 12 });
  otherSeed = await saved({ timeStep: 20, seed: 4 });
});

test('model files of another configuration are refused at load, naming both files', async () => {
  const mixed = withModelOf(window12, window20);
  await assert.rejects(loadForecaster(mixed), {
    message: `loadForecaster: ${join(mixed, 'model.json')} is not the model ${join(mixed, 'forecaster.json')} was saved with (files of another save or another configuration?); save the forecaster again`,
  });
  // A forecaster.json saved before the checksum was recorded: the shapes still say it.
  const settings = JSON.parse(fs.readFileSync(join(mixed, 'forecaster.json'), 'utf8')) as { files?: unknown };
  delete settings.files;
  fs.writeFileSync(join(mixed, 'forecaster.json'), JSON.stringify(settings));
  await assert.rejects(loadForecaster(mixed), {
    message: `loadForecaster: the model takes inputs of shape [null, 12, 1] but the settings say timeStep 20 and 1 input column (Temp): [null, 20, 1], so ${join(mixed, 'model.json')} and ${join(mixed, 'forecaster.json')} are not of one save; save the forecaster again`,
  });
});

test('model files of another save of the same configuration are refused at load', async () => {
  const mixed = withModelOf(otherSeed, window20);
  await assert.rejects(loadForecaster(mixed), /model\.json is not the model .*forecaster\.json was saved with/);
  const own = await loadForecaster(window20);
  assert.equal(own.predictNext().values.length, 2, 'the untouched save loads');
  own.dispose();
});

test('model.json cannot name a weights file outside its folder (a path out, an absolute path, a link out)', async () => {
  const dir = tempDir('grulab-manifest-');
  const model = tf.sequential({ layers: [gru({ units: 2, inputShape: [3, 1], seed: 1 }), dense({ units: 1, seed: 1 })] });
  await saveModel(model, join(dir, 'run'));
  model.dispose();
  const modelPath = join(dir, 'run', 'model.json');
  const original = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
  // a file outside the model's folder with the weights' size, so only the path can give it away
  fs.copyFileSync(join(dir, 'run', 'weights.bin'), join(dir, 'secret.bin'));
  fs.symlinkSync(join(dir, 'secret.bin'), join(dir, 'run', 'link.bin'));
  const cases: Array<[string, RegExp]> = [
    ['../secret.bin', /names weights file "\.\.\/secret\.bin", outside the directory; a model's weights files lie in its directory/],
    [join(dir, 'secret.bin'), /names weights file ".*secret\.bin", an absolute path/],
    ['./link.bin', /names weights file "\.\/link\.bin", a link to .*secret\.bin, outside the directory/],
  ];
  for (const [weights, message] of cases) {
    original.weightsManifest[0].paths = [weights];
    fs.writeFileSync(modelPath, JSON.stringify(original));
    await assert.rejects(loadModel(join(dir, 'run')), message, weights);
  }
});
