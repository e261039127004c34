/**
 * The project's JupyterLab 4 (test/lab-app/): a JupyterLab front end built with webpack from
 * the npm `@jupyterlab/*` packages and served by jupyterlab_server (`LabServerApp`, Debian's
 * `python3-jupyterlab-server`) through test/lab-app/main.py. The browser tests run it, and
 * `npm run lab` serves it where no JupyterLab is installed (Debian packages none).
 *
 * The build is keyed on the SHA-256 of its lockfile, package.json, index.js and
 * webpack.config.js, and kept in `~/.cache/grulab/lab-app/<key>/`, so that a fresh clone (CI)
 * copies it instead of installing and building again.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The app's folder: its package.json, lockfile, sources, main.py, and build/ once built. */
export const LAB_APP = path.resolve(__dirname, '..', '..', 'test', 'lab-app');
const BUILD = path.join(LAB_APP, 'build');
const INPUTS = ['package-lock.json', 'package.json', 'index.js', 'webpack.config.js'];
const PYTHONS = ['/usr/bin/python3', 'python3'];

/**
 * The first Python that has jupyterlab_server and jupyter_server (Debian's `/usr/bin/python3`
 * before the one on PATH, which may be another Python), or undefined.
 *
 * @example
 * labServerPython(); // => '/usr/bin/python3' (with python3-jupyterlab-server installed)
 */
export function labServerPython(): string | undefined {
  return PYTHONS.find((python) => spawnSync(python, ['-c', 'import jupyterlab_server, jupyter_server'], { stdio: 'ignore' }).status === 0);
}

/**
 * The cache key of the build: a hash of every file that decides its content.
 *
 * @example
 * labBuildKey().length; // => 16
 */
export function labBuildKey(): string {
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
    throw new Error(`JupyterLab 4 build: \`${command} ${args.join(' ')}\` in ${LAB_APP} failed (exit ${result.status}):\n${(result.stderr || result.stdout).slice(-4000)}`);
  }
}

/** How the build was obtained, and how long it took. */
export interface LabBuild {
  how: 'up to date' | 'copied from cache' | 'built';
  seconds: number;
  key: string;
}

/** Options of {@link ensureLabApp}. */
export interface EnsureLabAppOptions {
  /** Told each long step before it starts (npm install, webpack). Default: nothing. */
  onStep?: (message: string) => void;
}

/**
 * Makes test/lab-app/build current: nothing when its stamp matches, else a copy from the
 * cache, else `npm ci` (only when node_modules is stale) and webpack, then fills the cache.
 *
 * @param options - see {@link EnsureLabAppOptions}.
 * @throws when npm or webpack fails, with the tail of their output.
 * @example
 * ensureLabApp().how; // => 'up to date' (after a first build)
 */
export function ensureLabApp(options: EnsureLabAppOptions = {}): LabBuild {
  const started = Date.now();
  const key = labBuildKey();
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
    options.onStep?.(`installing JupyterLab 4's npm packages into ${path.join(LAB_APP, 'node_modules')} (about 700 MB, a few minutes)`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    fs.writeFileSync(installed, lockHash);
  }
  options.onStep?.('building JupyterLab 4 with webpack (under a minute)');
  fs.rmSync(BUILD, { recursive: true, force: true });
  run(process.execPath, [path.join(LAB_APP, 'node_modules', 'webpack-cli', 'bin', 'cli.js')]);
  fs.writeFileSync(stamp, key);
  try {
    fs.rmSync(cached, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.cpSync(BUILD, `${cached}.tmp`, { recursive: true });
    fs.renameSync(`${cached}.tmp`, cached);
  } catch (err) {
    console.log(`# JupyterLab 4 build: could not fill the build cache ${cached}: ${(err as Error).message}`);
  }
  return done('built');
}
