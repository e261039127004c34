/**
 * The test JupyterLab: the project's JupyterLab 4 (test/lab-app/, built by
 * src/cli/lab-app-build.ts from the npm `@jupyterlab/*` packages), served by Debian's
 * jupyterlab_server (`LabServerApp`) on jupyter_server 1.23, with main.py answering the three
 * jupyter_server 2 endpoints Lab 4 calls. Run directly (`node --import tsx
 * test/helpers/lab-app.ts`) it only builds the app, or copies it from its cache.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from './ports';
import { missingTool, SYSTEM_PYTHON } from './tools';
import { writeKernelSpec } from '../../src/notebook-runner/kernelspec';
import { ensureLabApp, LAB_APP } from '../../src/cli/lab-app-build';

export { ensureLabApp, LAB_APP };

/**
 * Settings defaults of the test JupyterLab (jupyterlab_server's `app-settings/overrides.json`).
 * Lab 4 virtualises notebooks: by default (`contentVisibility`) the browser skips drawing the
 * cells out of view, and in `full` mode they leave the DOM, so a page would not draw, nor the
 * tests count, the charts below the fold. `none` attaches and draws every cell, as Lab 3 did;
 * the tests count every chart without scrolling.
 */
export const LAB_SETTINGS = {
  '@jupyterlab/notebook-extension:tracker': { windowingMode: 'none' },
} as const;

/** A running test JupyterLab. */
export interface LabServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  token: string;
  /** Environment of the server and its kernels (JUPYTER_* folders of the test's own). */
  env: NodeJS.ProcessEnv;
  /** URL of a notebook, relative to the server's root folder. */
  notebookUrl(relative: string): string;
  /** Shuts down its kernels through the REST API, stops the server, and returns the kernel processes that outlived it (none expected). */
  stop(): Promise<number[]>;
  log(): string;
}

/** Jupyter's folders for a test: data (kernelspec, notebook secret, signatures), runtime, config. */
export function jupyterEnv(tmp: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_PATH: path.join(tmp, 'jupyter'), JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'), JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
  };
}

/** Registers the project's tslab in `<tmp>/jupyter`, with a marker in its environment to find its processes by. */
export function registerTestKernel(tmp: string): string {
  const dir = writeKernelSpec(path.join(tmp, 'jupyter'));
  const file = path.join(dir, 'kernel.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...spec, env: { GRULAB_LAB_TEST: tmp } }, null, 2));
  return tmp;
}

/** Pids of live processes whose environment holds `GRULAB_LAB_TEST=<marker>`. */
export function markedProcesses(marker: string): number[] {
  const needle = `GRULAB_LAB_TEST=${marker}\0`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/**
 * Starts the test JupyterLab on 127.0.0.1 with `root` as its notebook folder and the tslab
 * kernel registered in `tmp`. `disabled` lists extensions to switch off, as
 * `jupyter labextension disable` writes them into the page config.
 */
export async function startLab(options: { root: string; tmp: string; disabled?: string[] }): Promise<LabServer> {
  const { root, tmp } = options;
  const state = fs.mkdtempSync(path.join(tmp, 'lab-state-'));
  fs.mkdirSync(path.join(state, 'app-settings'), { recursive: true });
  const disabled = Object.fromEntries((options.disabled ?? []).map((id) => [id, true]));
  fs.writeFileSync(path.join(state, 'app-settings', 'page_config.json'), JSON.stringify({ disabledExtensions: disabled }));
  fs.writeFileSync(path.join(state, 'app-settings', 'overrides.json'), JSON.stringify(LAB_SETTINGS, null, 2));
  const port = await freePort();
  const token = `grulab-${process.pid}`;
  const env = { ...jupyterEnv(tmp), GRULAB_LAB_STATE: state };
  const args = [path.join(LAB_APP, 'main.py'), '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
    `--ServerApp.token=${token}`, `--ServerApp.root_dir=${root}`, '--ServerApp.open_browser=False',
    ...(process.getuid?.() === 0 ? ['--allow-root'] : [])];
  const server: ChildProcess = spawn(SYSTEM_PYTHON, args, { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr?.on('data', (b: Buffer) => { log += b.toString(); });
  const base = `http://127.0.0.1:${port}`;
  const api = (p: string, init?: RequestInit) => fetch(`${base}${p}${p.includes('?') ? '&' : '?'}token=${token}`, init);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await api('/api/status').then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline || server.exitCode !== null) {
      if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
      throw new Error(`the test JupyterLab did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = async (): Promise<number[]> => {
    const kernels = await api('/api/kernels').then((r) => r.json() as Promise<Array<{ id: string }>>, () => []);
    await Promise.all(kernels.map((k) => api(`/api/kernels/${k.id}`, { method: 'DELETE' }).catch(() => undefined)));
    if (server.exitCode === null) {
      process.kill(-server.pid!, 'SIGTERM');
      const by = Date.now() + 15_000;
      while (server.exitCode === null && Date.now() < by) await new Promise((r) => setTimeout(r, 200));
      if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
    }
    const left = markedProcesses(tmp);
    left.forEach((pid) => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
    return left;
  };
  return {
    base, token, env, stop, log: () => log,
    notebookUrl: (relative) => `${base}/lab/tree/${relative.split('/').map(encodeURIComponent).join('/')}?token=${token}`,
  };
}

if (require.main === module) {
  const missing = missingTool('labServer');
  if (missing) console.log(`test JupyterLab not built: ${missing}`);
  else {
    const build = ensureLabApp();
    console.log(`test JupyterLab (${path.relative(process.cwd(), path.join(LAB_APP, 'build'))}): ${build.how} in ${build.seconds.toFixed(1)} s, key ${build.key}`);
  }
}
