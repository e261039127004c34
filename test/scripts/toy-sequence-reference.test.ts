/**
 * Lesson 01's toy program as notebook 01 runs it, against a float64 re-implementation of
 * Keras's GRU equations and TensorFlow.js's Adam in PyTorch (scripts/toy-sequence-float64.py),
 * from the same initial weights: after the lesson's 200 epochs the predictions agree to float32
 * rounding. Skipped (with the reason) when Debian's python3-torch is missing, never in CI.
 *
 * Reproduce: npx tsx scripts/toy-sequence-export.ts --seed 70 | /usr/bin/python3 scripts/toy-sequence-float64.py
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from '../helpers/paths';

const root = projectRoot;
const python = '/usr/bin/python3';
const hasTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const skip = !hasTorch && process.env.CI === undefined ? 'python3-torch is not installed (apt-get install python3-torch)' : false;

test('notebook 01\'s toy program matches a float64 PyTorch re-implementation of Keras\'s GRU and Adam', { skip, timeout: 120_000 }, () => {
  const exported = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'toy-sequence-export.ts'), '--seed', '70'], { cwd: root, encoding: 'utf8' });
  assert.equal(exported.status, 0, exported.stderr);
  const reference = spawnSync(python, [path.join(root, 'scripts', 'toy-sequence-float64.py')], { input: exported.stdout, encoding: 'utf8' });
  assert.equal(reference.status, 0, reference.stderr);
  const line = (label: string): number[] => {
    const match = new RegExp(`^${label}.*\\[([^\\]]*)\\]$`, 'm').exec(reference.stdout);
    assert.ok(match, `no '${label}' line in:\n${reference.stdout}`);
    return match[1].split(',').map(Number);
  };
  const float64 = line('float64 reference');
  const ours = line('grulab');
  assert.equal(float64.length, 3);
  float64.forEach((v, i) => assert.ok(Math.abs(v - ours[i]) < 1e-4, `prediction ${i}: float64 ${v}, grulab ${ours[i]}`));
  // The seed-70 run ends within 0.3 of the targets, as notebook 01 says.
  float64.forEach((v, i) => assert.ok(Math.abs(v - [4, 5, 6][i]) <= 0.3, `float64 prediction ${v}`));
  const difference = Number(/largest difference: (\S+)/.exec(reference.stdout)?.[1]);
  assert.ok(difference < 1e-4, `largest difference ${difference}`);
});
