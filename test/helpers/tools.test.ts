/**
 * The tests that need Jupyter skip, naming what is missing, on a machine that has only part
 * of it: each detects the exact subcommand, module or binary it uses (test/helpers/tools.ts).
 * Proved with a PATH holding only some of Jupyter's commands (copies of Debian's scripts, so
 * `jupyter` looks for its subcommands there and in no other folder).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './notebooks';
import { tempDir } from './temp-dir';
import { missingTool } from './tools';

const DEBIAN_JUPYTER = ['/usr/bin/jupyter', '/usr/bin/jupyter-nbconvert'];
const skip = missingTool('nbconvert', 'notebookServer') === undefined ? false : 'Debian\'s jupyter, jupyter-nbconvert and jupyter-notebook are needed to build the partial installs';

/** A folder of commands: `node`, and copies of the named Jupyter scripts. */
function binFolder(scripts: string[]): string {
  const dir = tempDir('grulab-bin-');
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  for (const script of scripts) fs.copyFileSync(script, path.join(dir, path.basename(script)));
  for (const name of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, name), 0o755);
  return dir;
}

/** Runs `node args` in the project with PATH set to `bin` only, and CI unset (so tests may skip). */
function runWithPath(bin: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
  delete env.CI;
  delete env.NODE_TEST_CONTEXT; // a test file run from a test file would report in the runner's binary form
  return spawnSync(process.execPath, args, { cwd: projectRoot, env, encoding: 'utf8', timeout: 10 * 60_000 });
}

let withNbconvert = '';
let noJupyter = '';
let jupyterAlone = '';
before(() => {
  if (skip) return;
  withNbconvert = binFolder(DEBIAN_JUPYTER);
  noJupyter = binFolder([]);
  jupyterAlone = binFolder(['/usr/bin/jupyter']);
});

test('jupyter and nbconvert without the classic Notebook server: the server is found missing, nbconvert is not', { skip }, () => {
  const run = runWithPath(withNbconvert, ['--import', 'tsx', 'test/helpers/tools.ts', 'nbconvert', 'notebookServer']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^nbconvert: ok$/m);
  assert.match(run.stdout, /^notebookServer: `jupyter notebook` is not available \(Jupyter command `jupyter-notebook` not found\.; apt-get install jupyter-notebook\)$/m);
});

test('without jupyter: the conformance test is skipped, saying why', { skip }, () => {
  const run = runWithPath(noJupyter, ['--import', 'tsx', '--test', 'test/notebook-runner/conformance.test.ts']);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /# SKIP `jupyter nbconvert` is not available \(`jupyter` is not on PATH; apt-get install jupyter-nbconvert\)/);
  assert.match(run.stdout, /^# skipped 1$/m);
  assert.match(run.stdout, /^# fail 0$/m);
});

test('jupyter without nbconvert: the browser tests are skipped, saying why', { skip }, () => {
  const run = runWithPath(jupyterAlone, ['--import', 'tsx', '--test', 'test/charts/browser.test.ts']);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /# SKIP `jupyter nbconvert` is not available \(Jupyter command `jupyter-nbconvert` not found\.; apt-get install jupyter-nbconvert\)/);
  assert.match(run.stdout, /^# fail 0$/m);
});
