/**
 * The external tools tests need (Jupyter's subcommands, Python modules, Chromium), each
 * detected exactly as the test uses it: `jupyter notebook --version` for a test that starts
 * the classic Notebook server, not just "is `jupyter` on PATH" (a machine with nbconvert but
 * no Notebook server has `jupyter` and lacks `jupyter-notebook`). A test that needs a
 * missing tool is skipped with a reason naming the tool and how to install it, except in CI
 * (`CI` set), where .ci/run installs every tool, so the test runs and fails loudly.
 *
 * Run directly (`node --import tsx test/helpers/tools.ts NAME...`) it prints, per tool name,
 * why it is missing or `ok`: the skip messages tests would print in this environment.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSigner } from '../../src/notebook-runner/trust';

/** Debian's Python, which holds Debian's Jupyter modules. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** A tool a test needs: how to tell it is there, and what to install. */
interface Tool {
  /** How the skip message names it. */
  what: string;
  /** Undefined when the tool works here, else why not. */
  probe(): string | undefined;
  install: string;
}

/** The last line of a failed probe's output: Jupyter's "Jupyter command `jupyter-notebook` not found." */
function lastLine(text: string | null | undefined): string {
  return (text ?? '').trim().split('\n').filter((line) => line.trim() !== '').slice(-1)[0] ?? '';
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir !== '' && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** Runs `command args` and says why it failed, if it did. */
function runs(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (run.error) return (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? `\`${command}\` is not on PATH` : run.error.message;
  if (run.status !== 0) return lastLine(run.stderr) || lastLine(run.stdout) || `exit code ${run.status}`;
  return undefined;
}

/** The Python that runs the `jupyter` found on PATH (its `#!` line): where nbconvert imports nbclient from. */
export function jupyterPython(): string | undefined {
  const jupyter = onPath('jupyter');
  if (jupyter === undefined) return undefined;
  const first = fs.readFileSync(jupyter, 'utf8').split('\n', 1)[0];
  return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : undefined;
}

const jupyterSubcommand = (sub: string, install: string): Tool => ({
  what: `\`jupyter ${sub}\``,
  probe: () => runs('jupyter', [sub, '--version']),
  install,
});

const pythonModules = (python: () => string | undefined, modules: string[], install: string): Tool => ({
  what: `Python modules ${modules.join(', ')}`,
  probe: () => {
    const program = python();
    if (program === undefined) return 'no `jupyter` on PATH to tell which Python it runs';
    return runs(program, ['-c', `import ${modules.join(', ')}`]) && `${program} cannot import ${modules.join(', ')}`;
  },
  install,
});

/** Every tool a test in this project needs. */
export const TOOLS = {
  /** `jupyter nbconvert`, to export and to execute notebooks. */
  nbconvert: jupyterSubcommand('nbconvert', 'apt-get install jupyter-nbconvert'),
  /** nbclient in the Python that runs `jupyter`: what `nbconvert --execute` runs notebooks with. */
  nbclient: pythonModules(jupyterPython, ['nbclient'], 'apt-get install python3-nbclient'),
  /** The classic Notebook server, `jupyter notebook`. */
  notebookServer: jupyterSubcommand('notebook', 'apt-get install jupyter-notebook'),
  /** nbformat's signing in the Python that runs `jupyter` (how a test trusts a notebook). */
  jupyterNbformat: pythonModules(jupyterPython, ['nbformat.sign'], 'apt-get install python3-nbformat'),
  /** nbformat in Debian's Python (how a test asks whether Jupyter trusts a notebook). */
  systemNbformat: pythonModules(() => SYSTEM_PYTHON, ['nbformat.sign'], 'apt-get install python3-nbformat'),
  /** What the runner signs executed copies with (`jupyter-trust`, or a Python with nbformat). */
  signer: {
    what: 'a notebook signer (jupyter-trust, or a Python with nbformat)',
    probe: () => (findSigner() === undefined ? 'neither jupyter-trust nor a Python with nbformat.sign was found' : undefined),
    install: 'apt-get install python3-nbformat',
  },
  /** jupyterlab_server and jupyter_server in Debian's Python: the test JupyterLab's server. */
  labServer: pythonModules(() => SYSTEM_PYTHON, ['jupyterlab_server', 'jupyter_server'], 'apt-get install python3-jupyterlab-server python3-jupyter-server'),
  /** PyTorch in Debian's Python (the float64 reference implementations). */
  torch: pythonModules(() => SYSTEM_PYTHON, ['torch'], 'apt-get install python3-torch'),
  /** Debian's Python itself (an independent CSV reader, fixture scripts). */
  systemPython: pythonModules(() => SYSTEM_PYTHON, ['csv'], 'apt-get install python3'),
  chromium: {
    what: 'Chromium',
    probe: () => (fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent`),
    install: 'apt-get install chromium',
  },
} satisfies Record<string, Tool>;

export type ToolName = keyof typeof TOOLS;

const probed = new Map<ToolName, string | undefined>();

/** Why the first of `needs` that is missing cannot be used, with what to install; undefined when all are there. */
export function missingTool(...needs: ToolName[]): string | undefined {
  for (const name of needs) {
    if (!probed.has(name)) probed.set(name, TOOLS[name].probe());
    const why = probed.get(name);
    if (why !== undefined) return `${TOOLS[name].what} is not available (${why}; ${TOOLS[name].install})`;
  }
  return undefined;
}

/**
 * The `skip` option of a test or suite needing `needs`: the reason (also printed) when one is missing, false when all are there or in CI.
 *
 * @example
 * it('classic Jupyter Notebook server: ...', { skip: skipUnless('notebookServer') }, ...);
 */
export function skipUnless(...needs: ToolName[]): string | false {
  const why = missingTool(...needs);
  if (why === undefined || process.env.CI !== undefined) return false;
  console.log(`skipped: ${why}`); // node --test shows it as a '#' line
  return why;
}

if (require.main === module) {
  for (const name of process.argv.slice(2) as ToolName[]) console.log(`${name}: ${missingTool(name) ?? 'ok'}`);
}
