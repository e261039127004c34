/**
 * The Jupyter kernelspec for the project's own tslab, so that neither `tslab` nor a
 * global install needs to be on PATH.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../base/atomic-write';

/** Name under which the kernelspec is registered (`jupyter kernelspec list`). */
export const KERNEL_NAME = 'tslab';

/** Absolute path of the project's tslab launcher. */
export function tslabBinary(): string {
  return require.resolve('tslab/bin/tslab');
}

/** The kernel.json content: tslab's TypeScript kernel run by this Node.js. */
export function kernelSpec(): { argv: string[]; display_name: string; language: string } {
  return {
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
  writeFileAtomic(path.join(dir, 'kernel.json'), JSON.stringify(kernelSpec(), null, 2) + '\n');
  return dir;
}
