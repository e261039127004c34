/**
 * grulab installed into another project, the way a user does it: `npm pack`, a fresh
 * project that installs the tarball (everything else from the npm registry, no other host,
 * no `overrides` of its own), then a script there that reads CSV, Parquet and Feather files
 * and trains a small model, a tslab notebook there run by grulab's runner, and the
 * declarations type-checked there.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compressionRegistry, CompressionType, DateMillisecond, Float64, RecordBatchFileWriter, Table, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { joinText, type ExecutedNotebook } from '../helpers/notebooks';
import { fixturePath, projectRoot } from '../helpers/paths';
import { denoBinary } from '../helpers/deno';
import { tempDir } from '../helpers/temp-dir';

const fixtures = fixturePath('package');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The environment of a command run in the consumer project: this process's, less the
 * `npm_*` variables that `npm test` sets (its prefix and config would point the consumer's
 * npm at this project).
 */
function consumerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: consumerEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

let consumer = '';
let install: SpawnSyncReturns<string>;
let registry = '';

before(() => {
  assert.ok(fs.existsSync(path.join(projectRoot, 'dist', 'index.js')), 'dist/ is built (npm run build)');
  const packDir = tempDir('grulab-pack-');
  // dist/ is already built: --ignore-scripts skips `prepare`'s second build.
  const pack = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], projectRoot, 120_000);
  assert.equal(pack.status, 0, pack.stderr);
  const [{ filename }] = JSON.parse(pack.stdout) as Array<{ filename: string }>;
  consumer = tempDir('grulab-consumer-');
  fs.writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'grulab-consumer', version: '1.0.0', private: true, dependencies: { '@tensorflow/tfjs': '4.22.0', grulab: `file:${path.join(packDir, filename)}` } }, null, 2),
  );
  registry = run(npm, ['config', 'get', 'registry'], consumer, 30_000).stdout.trim().replace(/\/?$/, '/');
  // --prefer-offline: what the npm cache holds (this project's own install filled it) is not
  // fetched again; the lockfile records every package's URL, the registry's included.
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'http', '--no-omit-lockfile-registry-resolved'];
  install = run(npm, ['install', ...flags], consumer, 600_000);
});

test('the packed tarball installs into a fresh project from the npm registry alone', () => {
  assert.equal(install.status, 0, `npm install failed:\n${install.stderr.slice(-4000)}`);
  // every request npm made, and every package the lockfile records, came from the registry
  const fetched = [...install.stderr.matchAll(/^npm http fetch \S+ \d+ (\S+)/gm)].map((m) => m[1]);
  assert.deepEqual(fetched.filter((url) => !url.startsWith(registry)), [], `registry ${registry}`);
  const lock = JSON.parse(fs.readFileSync(path.join(consumer, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
  const resolved = Object.values(lock.packages).flatMap((p) => (p.resolved === undefined ? [] : [p.resolved]));
  assert.ok(resolved.length > 50, `${resolved.length} resolved packages`);
  assert.deepEqual(resolved.filter((url) => !url.startsWith(registry) && !url.startsWith('file:')), []);
  // one TensorFlow.js on disk: danfojs (inside grulab's package) uses the project's copy
  const cores: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (full.endsWith(path.join('@tensorflow', 'tfjs-core'))) cores.push(path.relative(consumer, full));
      else walk(full);
    }
  };
  walk(path.join(consumer, 'node_modules'));
  assert.deepEqual(cores, [path.join('node_modules', '@tensorflow', 'tfjs-core')]);
});

/**
 * The first 300 days of the shipped temperatures as a Parquet file (hyparquet-writer, snappy
 * pages) and an LZ4-compressed Feather v2 file (apache-arrow), for the consumer's loadTable.
 */
function writeTypedFiles(dir: string): void {
  const lines = fs.readFileSync(path.join(projectRoot, 'datasets', 'daily-temperature.csv'), 'utf8').trim().split('\n').slice(1, 301);
  const dates = lines.map((line) => new Date(`${line.split(',')[0]}T00:00:00Z`));
  const temps = lines.map((line) => Number(line.split(',')[1]));
  fs.writeFileSync(path.join(dir, 'temperature.parquet'), new Uint8Array(parquetWriteBuffer({
    columnData: [{ name: 'Date', data: dates, type: 'TIMESTAMP' }, { name: 'Temp', data: temps, type: 'DOUBLE' }],
  })));
  // lz4js encodes for the writer; grulab registers its decoders only
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lz4 = require('lz4js') as { compress(data: Uint8Array): Uint8Array };
  compressionRegistry.set(CompressionType.LZ4_FRAME, { ...compressionRegistry.get(CompressionType.LZ4_FRAME), encode: (data) => Uint8Array.from(lz4.compress(data)) });
  const table = new Table({ Date: vectorFromArray(dates, new DateMillisecond()), Temp: vectorFromArray(temps, new Float64()) });
  fs.writeFileSync(path.join(dir, 'temperature.feather'), new RecordBatchFileWriter({ compressionType: CompressionType.LZ4_FRAME }).writeAll(table).toUint8Array(true));
}

test('a script in that project reads CSV, Parquet and Feather, trains a small model; danfojs shares its TensorFlow.js', () => {
  assert.equal(install.status, 0, 'installed');
  fs.copyFileSync(path.join(fixtures, 'train.js'), path.join(consumer, 'train.js'));
  writeTypedFiles(consumer);
  const result = run(process.execPath, ['train.js'], consumer, 300_000);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
    backend: string; rows: number; typedRows: { parquet: number; feather: number }; typedSameAsCsv: boolean; tensorShared: boolean; mae: number;
    tfjsCore: { user: string; danfojs: string }; tfjs: { user: string; danfojs: string };
  };
  assert.equal(report.backend, 'wasm');
  assert.equal(report.rows, 8000);
  // the installed Parquet and Arrow readers (hyparquet, its compressors, apache-arrow, lz4js)
  assert.deepEqual(report.typedRows, { parquet: 300, feather: 300 });
  assert.equal(report.typedSameAsCsv, true);
  assert.equal(report.tensorShared, true);
  assert.equal(report.tfjsCore.danfojs, report.tfjsCore.user);
  assert.equal(report.tfjs.danfojs, report.tfjs.user);
  assert.ok(report.tfjs.user.startsWith(path.join(consumer, 'node_modules', '@tensorflow', 'tfjs', path.sep)), report.tfjs.user);
  assert.ok(Number.isFinite(report.mae) && report.mae > 0, `MAE ${report.mae}`);
});

test("a tslab notebook in that project runs through grulab's runner: table, training, chart", () => {
  assert.equal(install.status, 0, 'installed');
  const notebooks = path.join(consumer, 'notebooks');
  fs.mkdirSync(notebooks, { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'consumer.ipynb'), path.join(notebooks, 'consumer.ipynb'));
  const runner = path.join(consumer, 'node_modules', 'grulab', 'dist', 'cli', 'notebooks-command.js');
  const result = run(process.execPath, [runner, '--dir', notebooks, '--out', path.join(consumer, 'out'), '--no-trust', '--timeout', '300'], consumer, 600_000);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const nb = JSON.parse(fs.readFileSync(path.join(consumer, 'out', 'consumer.ipynb'), 'utf8')) as ExecutedNotebook;
  const outputs = nb.cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.outputs ?? []);
  const text = (i: number): string => outputs[i].map((o) => joinText(o.text)).join('');
  assert.match(text(0), /TensorFlow\.js 4\.22\.0, backend: wasm/);
  assert.ok(outputs[1].some((o) => String(o.data?.['text/html'] ?? '').includes('grulab-table')), 'the frame shows as an HTML table');
  assert.match(text(2), /same TensorFlow\.js: true, frame from grulab\/danfojs: 2,1/);
  assert.match(text(3), /GRU test MAE: \d+\.\d{3}/);
  assert.ok(outputs[4].some((o) => o.data?.['application/vnd.plotly.v1+json'] !== undefined), 'the chart bundle');
});

/** Type-checks the consumer files with the project's TypeScript under one module resolution. */
function typeCheck(flags: string[], files: string[]): SpawnSyncReturns<string> {
  const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  return run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', ...flags, ...files], consumer, 120_000);
}

test('its declarations resolve for a consumer under node16 (CommonJS and ESM) and bundler module resolution, and for deno check', () => {
  assert.equal(install.status, 0, 'installed');
  fs.copyFileSync(path.join(fixtures, 'consumer-types.ts'), path.join(consumer, 'consumer-types.ts'));
  // the same file as an ES module (.mts): node16 then applies ESM resolution to the consumer's imports
  fs.copyFileSync(path.join(fixtures, 'consumer-types.ts'), path.join(consumer, 'consumer-types.mts'));
  // @types/node from this project: the consumer's own would be one more download
  fs.cpSync(path.join(projectRoot, 'node_modules', '@types', 'node'), path.join(consumer, 'node_modules', '@types', 'node'), { recursive: true });
  const node16 = ['--module', 'node16', '--moduleResolution', 'node16'];
  const bundler = ['--module', 'esnext', '--moduleResolution', 'bundler'];
  // one compiler run per resolution mode: node16 checks the CommonJS (.ts) and the ESM (.mts) file together
  for (const [flags, files] of [[node16, ['consumer-types.ts', 'consumer-types.mts']], [bundler, ['consumer-types.ts']]] as const) {
    const result = typeCheck([...flags], [...files]);
    assert.equal(result.status, 0, `tsc ${flags.join(' ')} ${files.join(' ')}:\n${result.stdout}${result.stderr}`);
  }
  const deno = denoBinary();
  if ('missing' in deno) return;
  const check = run(deno.path, ['check', '--quiet', 'consumer-types.ts'], consumer, 180_000);
  assert.equal(check.status, 0, `deno check:\n${check.stdout}${check.stderr}`);
});
