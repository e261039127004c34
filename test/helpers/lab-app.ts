/**
 * The test JupyterLab (test/lab-app/): a JupyterLab 3.6 front end built with webpack from
 * the npm `@jupyterlab/*` packages, served by Debian's jupyterlab_server (`LabServerApp`).
 *
 * `ensureLabApp()` installs and builds it only when its inputs changed: the build is keyed
 * on the SHA-256 of its lockfile, package.json, index.js, webpack.config.js, and kept in
 * `~/.cache/grulab/lab-app/<key>/` so that a fresh clone (CI) copies it instead of
 * building again. Run directly (`node --import tsx test/helpers/lab-app.ts`) it just does that.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './ports';
import { missingTool, SYSTEM_PYTHON } from './tools';
import { writeKernelSpec } from '../../src/notebook-runner/kernelspec';

export const LAB_APP = path.resolve(__dirname, '..', 'lab-app');
const BUILD = path.join(LAB_APP, 'build');
const INPUTS = ['package-lock.json', 'package.json', 'index.js', 'webpack.config.js'];

/** The cache key of the build: a hash of every file that decides its content. */
export function buildKey(): string {
  const hash = createHash('sha256');
  for (const name of INPUTS) hash.update(name).update(fs.readFileSync(path.join(LAB_APP, name)));
  return hash.digest('hex').slice(0, 16);
}

function cacheDir(key: string): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'grulab', 'lab-app', key);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: LAB_APP, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`test JupyterLab: \`${command} ${args.join(' ')}\` in ${LAB_APP} failed (exit ${result.status}):\n${(result.stderr || result.stdout).slice(-4000)}`);
  }
}

/** How the build was obtained, and how long it took. */
export interface LabBuild {
  how: 'up to date' | 'copied from cache' | 'built';
  seconds: number;
  key: string;
}

/**
 * Makes test/lab-app/build current: nothing when its stamp matches, else a copy from the
 * cache, else `npm ci` (only when node_modules is stale) and webpack, then fills the cache.
 *
 * @throws when npm or webpack fails, with the tail of their output.
 */
export function ensureLabApp(): LabBuild {
  const started = Date.now();
  const key = buildKey();
  const stamp = path.join(BUILD, '.grulab-build-key');
  const done = (how: LabBuild['how']): LabBuild => ({ how, key, seconds: (Date.now() - started) / 1000 });
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return done('up to date');
  const cached = cacheDir(key);
  if (fs.existsSync(path.join(cached, '.grulab-build-key'))) {
    fs.rmSync(BUILD, { recursive: true, force: true });
    fs.cpSync(cached, BUILD, { recursive: true });
    return done('copied from cache');
  }
  const lockHash = createHash('sha256').update(fs.readFileSync(path.join(LAB_APP, 'package-lock.json'))).digest('hex');
  const installed = path.join(LAB_APP, 'node_modules', '.grulab-lock-hash');
  if (!fs.existsSync(installed) || fs.readFileSync(installed, 'utf8') !== lockHash) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    fs.writeFileSync(installed, lockHash);
  }
  fs.rmSync(BUILD, { recursive: true, force: true });
  run(process.execPath, [path.join(LAB_APP, 'node_modules', 'webpack-cli', 'bin', 'cli.js')]);
  fs.writeFileSync(stamp, key);
  try {
    fs.rmSync(cached, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.cpSync(BUILD, `${cached}.tmp`, { recursive: true });
    fs.renameSync(`${cached}.tmp`, cached);
  } catch (err) {
    console.log(`# test JupyterLab: could not fill the build cache ${cached}: ${(err as Error).message}`);
  }
  return done('built');
}


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
  const disabled = Object.fromEntries([...(options.disabled ?? []), '@jupyterlab/apputils-extension:announcements'].map((id) => [id, true]));
  fs.writeFileSync(path.join(state, 'app-settings', 'page_config.json'), JSON.stringify({ disabledExtensions: disabled }));
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
    console.log(`test JupyterLab (${path.relative(process.cwd(), BUILD)}): ${build.how} in ${build.seconds.toFixed(1)} s, key ${build.key}`);
  }
}
