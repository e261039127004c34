#!/usr/bin/env node
/**
 * `npm run lab`: registers the project's tslab as a Jupyter kernel (so `tslab` need not be
 * on PATH), then opens the notebooks in JupyterLab 4:
 *  1. the JupyterLab installed on the machine (`jupyter lab`), when it is 4.x or newer;
 *  2. else the project's JupyterLab 4 (test/lab-app, the one the browser tests run), built
 *     from npm on first use and served by the installed jupyterlab_server (Debian's
 *     `python3-jupyterlab-server`): Debian packages no JupyterLab;
 *  3. else an installed JupyterLab 3 or Jupyter Notebook, saying how to get JupyterLab 4;
 *  4. else says how to install one.
 */
import { spawnSync, spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeKernelSpec } from '../notebook-runner/kernelspec';
import { ensureLabApp, LAB_APP, labServerPython } from './lab-app-build';

const notebooks = path.resolve(__dirname, '..', '..', 'notebooks');
const GET_LAB_4 = 'sudo apt-get install python3-jupyterlab-server (then `npm run lab` serves JupyterLab 4 built from npm), or pip install jupyterlab';

function jupyterDataDir(): string {
  const answer = spawnSync('jupyter', ['--data-dir'], { encoding: 'utf8' });
  if (answer.status === 0 && answer.stdout.trim() !== '') return answer.stdout.trim();
  return process.platform === 'darwin'
    ? path.join(os.homedir(), 'Library', 'Jupyter')
    : path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

/** The version `jupyter SUBCOMMAND --version` prints, or undefined when it is not installed. */
function installedVersion(subcommand: string): string | undefined {
  const answer = spawnSync('jupyter', [subcommand, '--version'], { encoding: 'utf8' });
  return answer.status === 0 ? answer.stdout.trim().split('\n').pop() : undefined;
}

/** Starts `command`, forwarding Ctrl-C, and exits with it. */
function runUntilExit(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn(command, args, { cwd: notebooks, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
  process.on('SIGINT', () => child.kill('SIGINT'));
}

const kernelDir = writeKernelSpec(jupyterDataDir());
console.log(`registered the TypeScript kernel "tslab" (this project's tslab) in ${kernelDir}`);
// Jupyter refuses to start as root without --allow-root (containers, CI machines).
const asRoot = process.getuid?.() === 0 && !process.argv.includes('--allow-root') ? ['--allow-root'] : [];
const userArgs = process.argv.slice(2);
const lab = installedVersion('lab');
const python = labServerPython();

if (lab !== undefined && Number.parseInt(lab, 10) >= 4) {
  console.log(`starting JupyterLab ${lab} in ${notebooks} (Ctrl-C to stop)`);
  runUntilExit('jupyter', ['lab', ...asRoot, ...userArgs]);
} else if (python !== undefined) {
  if (lab !== undefined) console.log(`JupyterLab ${lab} is installed; its 3.x line is past its end of life, so the project's JupyterLab 4 opens instead`);
  const build = ensureLabApp({ onStep: (message) => console.log(`JupyterLab 4, first use: ${message}`) });
  if (build.how !== 'up to date') console.log(`JupyterLab 4 (${path.join(LAB_APP, 'build')}): ${build.how} in ${build.seconds.toFixed(0)} s`);
  // Its settings and workspaces: the user's own, kept beside Jupyter's data.
  const state = path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'grulab', 'jupyterlab');
  console.log(`starting JupyterLab 4 (built from npm, served by ${python}'s jupyterlab_server) in ${notebooks} (Ctrl-C to stop)`);
  runUntilExit(python, [path.join(LAB_APP, 'main.py'), `--ServerApp.root_dir=${notebooks}`, ...asRoot, ...userArgs], { ...process.env, GRULAB_LAB_STATE: state });
} else {
  const fallback = lab !== undefined ? 'lab' : installedVersion('notebook') !== undefined ? 'notebook' : undefined;
  if (fallback === undefined) {
    console.log(`No JupyterLab or Jupyter Notebook is installed. For JupyterLab 4: ${GET_LAB_4}; then run \`npm run lab\` again.`);
    process.exit(1);
  }
  console.log(`starting jupyter ${fallback} in ${notebooks} (Ctrl-C to stop). For JupyterLab 4: ${GET_LAB_4}`);
  runUntilExit('jupyter', [fallback, ...asRoot, ...userArgs]);
}
