/**
 * The runner against Jupyter's own executor: the same fixture notebook run by
 * `jupyter nbconvert --to notebook --execute` (nbclient) with the project's tslab
 * kernelspec must give the same outputs (stream text, MIME types, outputs per cell).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeKernelSpec, KERNEL_NAME } from '../../src/notebook-runner/kernelspec';
import { runRunner } from '../helpers/notebooks';
import { tempDir } from '../helpers/temp-dir';
import { fixturePath } from '../helpers/paths';

const fixtures = fixturePath('runner');
const hasJupyter = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0;
// Skipped only where Jupyter is absent, and never in CI, where .ci/run installs it.
const skip = !hasJupyter && process.env.CI === undefined ? 'jupyter nbconvert is not installed (apt-get install jupyter-nbconvert python3-nbclient)' : false;

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Nb {
  cells: { cell_type: string; outputs?: Output[] }[];
}

/** What must agree: per code cell, per output, its type, stream name and text, MIME types. */
function shape(nb: Nb) {
  return nb.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) =>
      (cell.outputs ?? []).map((o) => ({
        type: o.output_type,
        name: o.name,
        text: Array.isArray(o.text) ? o.text.join('') : o.text,
        mime: Object.keys(o.data ?? {}).sort(),
      })),
    );
}

test('runner and nbconvert (nbclient) produce the same outputs', { skip, timeout: 180_000 }, () => {
  const tmp = tempDir('grulab-conformance-');
  writeKernelSpec(path.join(tmp, 'jupyter'));
  const ours = runRunner(['basic'], { dir: fixtures, timeoutMs: 120_000 });
  assert.equal(ours.status, 0, ours.stderr);
  const theirs = spawnSync(
    'jupyter',
    ['nbconvert', '--to', 'notebook', '--execute', `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      '--output-dir', path.join(tmp, 'theirs'), path.join(fixtures, 'basic.ipynb')],
    { encoding: 'utf8', cwd: fixtures, env: { ...process.env, JUPYTER_PATH: path.join(tmp, 'jupyter') } },
  );
  assert.equal(theirs.status, 0, theirs.stderr);
  const expected = shape(JSON.parse(fs.readFileSync(path.join(tmp, 'theirs', 'basic.ipynb'), 'utf8')) as Nb);
  assert.ok(expected.flat().length >= 4, 'the fixture produces outputs to compare');
  assert.deepEqual(shape(ours.read('basic.ipynb')), expected);
});
