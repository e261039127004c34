/**
 * Signing executed notebooks with Jupyter's own trust mechanism, as `jupyter trust` does:
 * an HMAC of the notebook with the user's secret (`<data dir>/notebook_secret`) stored in
 * the user's signature database (`<data dir>/nbsignatures.db`). Jupyter runs the scripts
 * of HTML outputs (the charts) only in notebooks it trusts, so an unsigned executed copy
 * opens with empty charts in Notebook and JupyterLab (without Plotly's extension).
 *
 * The signing is Jupyter's code (nbformat's `NotebookNotary`), called as a program: the
 * digest covers nbformat's canonical form of the notebook, which only nbformat computes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How the executed copies were (or were not) signed. */
export interface TrustResult {
  /** Whether every file was signed. */
  signed: boolean;
  /** The command that signed them, e.g. `/usr/bin/python3 -m nbformat.sign`. */
  command?: string;
  /** One line for the run's summary: what was done, or how to do it later. */
  message: string;
}

/** The command that `jupyter trust` would be, or a Python with nbformat. */
interface Signer {
  program: string;
  args: string[];
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The interpreter named by a script's `#!` line (how `jupyter` finds its Python). */
function shebangPython(script: string): string | undefined {
  try {
    const first = fs.readFileSync(script, 'utf8').split('\n', 1)[0];
    if (!first.startsWith('#!')) return undefined;
    const words = first.slice(2).trim().split(/\s+/);
    const program = path.basename(words[0]) === 'env' ? words[1] : words[0];
    return program && /python/.test(program) ? program : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds what can sign notebooks here: `jupyter-trust` (pip's Jupyter), else the Python that
 * runs `jupyter` when it has nbformat (Debian's), else `python3` with nbformat.
 */
export function findSigner(env: NodeJS.ProcessEnv = process.env): Signer | undefined {
  const trust = onPath('jupyter-trust', env);
  if (trust) return { program: trust, args: [] };
  const jupyter = onPath('jupyter', env);
  const candidates = [jupyter && shebangPython(jupyter), onPath('python3', env)].filter((p): p is string => !!p);
  for (const python of new Set(candidates)) {
    const probe = spawnSync(python, ['-c', 'import nbformat.sign'], { env, stdio: 'ignore', timeout: 30_000 });
    if (probe.status === 0) return { program: python, args: ['-m', 'nbformat.sign'] };
  }
  return undefined;
}

/** The advice printed when the copies could not be signed. */
export function trustLaterMessage(files: string[], reason: string): string {
  const where = files.length === 1 ? files[0] : path.join(path.dirname(files[0] ?? '.'), '*.ipynb');
  return `executed copies not signed (${reason}); their charts draw only after you trust them: ` +
    `install Jupyter (Debian/Ubuntu: sudo apt-get install jupyter-notebook; or pip install notebook), ` +
    `then run: jupyter trust ${where}`;
}

/**
 * Signs `files` in the user's Jupyter signature store, as `jupyter trust FILE...` does.
 * Nothing is thrown: the result says whether it worked and, if not, how to do it later.
 *
 * @param files - executed notebooks (absolute or relative paths).
 * @param env - environment for the signer (`JUPYTER_DATA_DIR` chooses the store).
 * @example
 * signNotebooks(['out/notebooks/01-gru-basics.ipynb']).message
 * // => 'signed 1 executed copy with Jupyter's notebook trust (/usr/bin/python3 -m nbformat.sign) ...'
 */
export function signNotebooks(files: string[], env: NodeJS.ProcessEnv = process.env): TrustResult {
  if (files.length === 0) return { signed: true, message: 'no executed copies to sign' };
  const signer = findSigner(env);
  if (!signer) return { signed: false, message: trustLaterMessage(files, 'Jupyter is not installed: neither jupyter-trust nor a Python with nbformat was found') };
  const command = [signer.program, ...signer.args].join(' ');
  const run = spawnSync(signer.program, [...signer.args, ...files], { env, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit code ${run.status}`).trim().split('\n').slice(-1)[0];
    return { signed: false, command, message: trustLaterMessage(files, `${command} failed: ${why}`) };
  }
  const count = files.length === 1 ? '1 executed copy' : `${files.length} executed copies`;
  return {
    signed: true,
    command,
    message: `signed ${count} with Jupyter's notebook trust (${command}, your notebook secret and signature store), so Jupyter draws their charts when you open them`,
  };
}
