#!/usr/bin/env node
/**
 * `npm run lab`: registers the project's tslab as a Jupyter kernel (so `tslab` need not be
 * on PATH), then opens the notebooks in JupyterLab if it is installed, else in Jupyter
 * Notebook, else says how to install one.
 */
import { spawnSync, spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeKernelSpec } from '../notebook-runner/kernelspec';

const notebooks = path.resolve(__dirname, '..', '..', 'notebooks');

function jupyterDataDir(): string {
  const answer = spawnSync('jupyter', ['--data-dir'], { encoding: 'utf8' });
  if (answer.status === 0 && answer.stdout.trim() !== '') return answer.stdout.trim();
  return process.platform === 'darwin'
    ? path.join(os.homedir(), 'Library', 'Jupyter')
    : path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

function has(subcommand: string): boolean {
  return spawnSync('jupyter', [subcommand, '--version'], { encoding: 'utf8' }).status === 0;
}

const kernelDir = writeKernelSpec(jupyterDataDir());
console.log(`registered the TypeScript kernel "tslab" (this project's tslab) in ${kernelDir}`);
const app = ['lab', 'notebook'].find(has);
if (app === undefined) {
  console.log(
    'Neither JupyterLab nor Jupyter Notebook is installed. Install one, then run `npm run lab` again:\n' +
      '  Debian/Ubuntu: sudo apt-get install jupyter-notebook\n' +
      '  with pip:      pip install jupyterlab',
  );
  process.exit(1);
}
console.log(`starting jupyter ${app} in ${notebooks} (Ctrl-C to stop)`);
// Jupyter refuses to start as root without --allow-root (containers, CI machines).
const asRoot = process.getuid?.() === 0 && !process.argv.includes('--allow-root') ? ['--allow-root'] : [];
const child = spawn('jupyter', [app, ...asRoot, ...process.argv.slice(2)], { cwd: notebooks, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
process.on('SIGINT', () => child.kill('SIGINT'));
