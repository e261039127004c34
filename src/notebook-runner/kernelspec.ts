/**
 * The Jupyter kernelspec for the project's own tslab, so that neither `tslab` nor a
 * global install needs to be on PATH; and other kernels' specs looked up by name, as
 * Jupyter finds them (`deno jupyter --install` writes Deno's).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../base/atomic-write';

/** A kernelspec (`kernel.json`): how to start a kernel. `argv` holds `{connection_file}`. */
export interface KernelSpec {
  /** The kernel's name, its folder under `kernels/`. */
  name: string;
  argv: string[];
  display_name: string;
  language: string;
}

/** Name under which the kernelspec is registered (`jupyter kernelspec list`). */
export const KERNEL_NAME = 'tslab';

/** Absolute path of the project's tslab launcher. */
export function tslabBinary(): string {
  return require.resolve('tslab/bin/tslab');
}

/** The kernel.json content: tslab's TypeScript kernel run by this Node.js. */
export function kernelSpec(): KernelSpec {
  return {
    name: KERNEL_NAME,
    argv: [process.execPath, tslabBinary(), 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (grulab tslab)',
    language: 'typescript',
  };
}

/**
 * Writes `<dataDir>/kernels/tslab/kernel.json`. With `JUPYTER_PATH=<dataDir>` (or a
 * Jupyter data dir such as `~/.local/share/jupyter`) Jupyter finds the kernel.
 *
 * @returns the kernel's folder.
 */
export function writeKernelSpec(dataDir: string): string {
  const dir = path.join(dataDir, 'kernels', KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const { name: _name, ...json } = kernelSpec();
  writeFileAtomic(path.join(dir, 'kernel.json'), JSON.stringify(json, null, 2) + '\n');
  return dir;
}

/**
 * The folders Jupyter looks for kernelspecs in, in its order: `JUPYTER_PATH`'s entries,
 * the user's data folder (`JUPYTER_DATA_DIR`, else the platform's), then the system's.
 */
export function jupyterDataDirs(): string[] {
  const fromPath = (process.env.JUPYTER_PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const home = os.homedir();
  const user =
    process.env.JUPYTER_DATA_DIR ??
    (process.platform === 'darwin'
      ? path.join(home, 'Library', 'Jupyter')
      : process.platform === 'win32'
        ? path.join(process.env.APPDATA ?? home, 'jupyter')
        : path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'jupyter'));
  const system = process.platform === 'win32' ? [] : ['/usr/local/share/jupyter', '/usr/share/jupyter'];
  return [...fromPath, user, ...system];
}

/**
 * The kernelspec registered under `name`: this project's tslab for `'tslab'`, else
 * `kernels/<name>/kernel.json` from the first of {@link jupyterDataDirs} that holds one.
 *
 * @throws Error naming the kernel and the folders searched when none holds it, or the
 *   file when it is not a kernelspec (no `argv` list).
 * @example
 * findKernelSpec('deno').argv; // => ['/usr/local/bin/deno', 'jupyter', '--kernel', '--conn', '{connection_file}']
 */
export function findKernelSpec(name: string): KernelSpec {
  if (name === KERNEL_NAME) return kernelSpec();
  const dirs = jupyterDataDirs();
  for (const dir of dirs) {
    const file = path.join(dir, 'kernels', name, 'kernel.json');
    if (!fs.existsSync(file)) continue;
    let spec: Partial<KernelSpec>;
    try {
      spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KernelSpec>;
    } catch (err) {
      throw new Error(`kernel '${name}': ${file} is not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(spec.argv) || spec.argv.length === 0 || !spec.argv.every((arg) => typeof arg === 'string')) {
      throw new Error(`kernel '${name}': ${file} has no argv list of strings, so it says nothing about how to start the kernel`);
    }
    return { name, argv: spec.argv, display_name: spec.display_name ?? name, language: spec.language ?? '' };
  }
  throw new Error(`kernel '${name}' is not installed: no kernels/${name}/kernel.json in ${dirs.join(', ')} (for Deno: deno jupyter --install)`);
}
