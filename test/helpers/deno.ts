/**
 * Deno for tests: the binary of the `deno` dev dependency (its platform package ships it,
 * no download), and its Jupyter kernelspec written into a folder of the test's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The deno binary, or the reason there is none (for a test's `skip`). */
export function denoBinary(): { path: string } | { missing: string } {
  try {
    // The npm package's own lookup: its platform package's binary, linked beside it once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const install = require('deno/install_api.cjs') as { runInstall(): string };
    return { path: install.runInstall() };
  } catch (err) {
    return { missing: `deno is not installed (npm ci installs the deno dev dependency): ${(err as Error).message}` };
  }
}

/**
 * Writes `<dataDir>/kernels/deno/kernel.json`, what `deno jupyter --install` writes, with
 * this binary; use `JUPYTER_PATH=<dataDir>`.
 */
export function writeDenoKernelSpec(dataDir: string, deno: string): void {
  const dir = path.join(dataDir, 'kernels', 'deno');
  fs.mkdirSync(dir, { recursive: true });
  const spec = { argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript' };
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 2));
}
