/**
 * What `npm run notebooks` writes for people to open: executed copies signed with Jupyter's
 * notebook trust (or advice on how to trust them where Jupyter is absent), `--static-images`
 * pictures drawn by headless Chromium (or an error naming what to install), and danfojs
 * frames shown as HTML tables with their text form kept. Real runner, real kernels.
 *
 * Run: npm run build && node --import tsx --test test/executed-copies.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { joinText, projectRoot, type ExecutedNotebook } from '../helpers/notebooks';
import { jupyterEnv, SYSTEM_PYTHON } from '../helpers/lab-app';

const cli = path.join(projectRoot, 'dist', 'cli', 'notebooks-command.js');
const chartsFixture = path.join(projectRoot, 'test', 'fixtures', 'charts');
const CHROMIUM = '/usr/bin/chromium';
const hasNbformat = spawnSync(SYSTEM_PYTHON, ['-c', 'import nbformat.sign'], { stdio: 'ignore' }).status === 0;
const skipJupyter = !hasNbformat && process.env.CI === undefined ? `${SYSTEM_PYTHON} lacks nbformat (apt-get install python3-nbformat)` : false;
const skipChromium = !fs.existsSync(CHROMIUM) && process.env.CI === undefined ? `${CHROMIUM} is absent (apt-get install chromium)` : false;

/** A folder inside the project (so kernels resolve `grulab`), removed after the tests. */
const work = path.join(projectRoot, 'out', `executed-copies-test-${process.pid}`);
/** PATH with only Node's folder: no jupyter, python3 or chromium. */
const bareDir = path.join(work, 'bare-bin');

function runCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 256 * 1024 * 1024 });
}

function read(file: string): ExecutedNotebook {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ExecutedNotebook;
}

/** Whether Jupyter's notary (in `dataDir`) trusts the notebook, asked the way Jupyter asks. */
function trusted(file: string, dataDir: string): boolean {
  const check = spawnSync(SYSTEM_PYTHON, ['-c', [
    'import sys, nbformat', 'from nbformat.sign import NotebookNotary',
    'nb = nbformat.read(sys.argv[1], nbformat.NO_CONVERT)',
    'print(NotebookNotary(data_dir=sys.argv[2]).check_signature(nb))'].join('\n'), file, dataDir], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  return check.stdout.trim() === 'True';
}

function notebookFile(name: string, cells: string[]): string {
  const dir = path.join(work, 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  const notebook = {
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null })),
  };
  fs.writeFileSync(path.join(dir, name), JSON.stringify(notebook));
  return dir;
}

before(() => {
  fs.mkdirSync(bareDir, { recursive: true });
  fs.symlinkSync(process.execPath, path.join(bareDir, 'node'));
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

describe('executed copies are signed with Jupyter trust', { skip: skipJupyter }, () => {
  it('signs each copy in the user data folder and says so; Jupyter trusts it', () => {
    const tmp = path.join(work, 'trust');
    const out = path.join(tmp, 'out');
    const run = runCli(['--dir', path.join(projectRoot, 'test', 'fixtures', 'runner'), '--out', out, 'basic'], { ...jupyterEnv(tmp), PATH: `/usr/bin:${process.env.PATH}` });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /signed 1 executed copy with Jupyter's notebook trust \([^)]+, your notebook secret and signature store\)/);
    assert.ok(fs.existsSync(path.join(tmp, 'data', 'nbsignatures.db')), 'the signature store is in JUPYTER_DATA_DIR');
    assert.equal(trusted(path.join(out, 'basic.ipynb'), path.join(tmp, 'data')), true);
    // A copy edited afterwards is no longer trusted: the signature covers the content.
    const edited = read(path.join(out, 'basic.ipynb'));
    edited.cells[0].source = '// changed\n';
    fs.writeFileSync(path.join(tmp, 'edited.ipynb'), JSON.stringify(edited));
    assert.equal(trusted(path.join(tmp, 'edited.ipynb'), path.join(tmp, 'data')), false);
  });

  it('without Jupyter: the copies are written unsigned and the summary says how to trust them', () => {
    const tmp = path.join(work, 'no-jupyter');
    const out = path.join(tmp, 'out');
    const run = runCli(['--dir', path.join(projectRoot, 'test', 'fixtures', 'runner'), '--out', out, 'basic'], { ...jupyterEnv(tmp), PATH: bareDir });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.existsSync(path.join(out, 'basic.ipynb')));
    assert.match(run.stdout, /executed copies not signed \(Jupyter is not installed: .*\); their charts draw only after you trust them: install Jupyter .*then run: jupyter trust \S+basic\.ipynb/);
    assert.equal(fs.existsSync(path.join(tmp, 'data', 'nbsignatures.db')), false);
  });

  it('--no-trust leaves the copies unsigned', () => {
    const tmp = path.join(work, 'no-trust');
    const run = runCli(['--dir', path.join(projectRoot, 'test', 'fixtures', 'runner'), '--out', path.join(tmp, 'out'), '--no-trust', 'basic'], jupyterEnv(tmp));
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /signed/);
  });
});

describe('--static-images', { skip: skipChromium }, () => {
  it('adds a PNG drawn by headless Chromium to every chart output and inside every chart', () => {
    const tmp = path.join(work, 'static');
    const out = path.join(tmp, 'out');
    const started = Date.now();
    const run = runCli(['--dir', chartsFixture, '--out', out, '--static-images', '--no-trust'], { ...process.env, PATH: `/usr/bin:${process.env.PATH}` });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const outputs = read(path.join(out, 'charts.ipynb')).cells.flatMap((c) => c.outputs ?? []);
    const charts = outputs.filter((o) => o.data?.['application/vnd.plotly.v1+json']);
    const withCharts = outputs.filter((o) => joinText(o.data?.['text/html'] as string | string[] | undefined).includes('class="grulab-chart"'));
    assert.equal(charts.length, 7, 'the fixture shows 7 figures (6 builders and a live chart)');
    assert.equal(withCharts.length, 8, 'and a training progress chart');
    let bytes = 0;
    for (const output of charts) {
      const png = Buffer.from(String(output.data!['image/png']), 'base64');
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      assert.equal(png.readUInt32BE(16), 900, 'picture width');
      bytes += png.length;
    }
    for (const output of withCharts) {
      const html = joinText(output.data!['text/html'] as string | string[]);
      assert.match(html, /<div id="grulab-chart-[0-9a-f]+" class="grulab-chart" [^>]*><img class="grulab-static" [^>]*src="data:image\/png;base64,iVBOR/);
    }
    console.log(`# --static-images: 8 charts drawn in ${((Date.now() - started) / 1000).toFixed(1)} s (run included); ${charts.length} PNGs, ${(bytes / charts.length / 1024).toFixed(0)} KiB each on average`);
  });

  it('without Chromium the flag is an error naming what to install, before any notebook runs', () => {
    const out = path.join(work, 'static-missing');
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bareDir };
    delete env.GRULAB_CHROMIUM;
    const run = runCli(['--dir', chartsFixture, '--out', out, '--static-images'], env);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--static-images needs headless Chromium or Google Chrome .* sudo apt-get install chromium/);
    assert.equal(fs.existsSync(out), false, 'nothing was run or written');
  });
});

describe('danfojs frames in a notebook', () => {
  let cells: ExecutedNotebook['cells'];
  before(() => {
    const dir = notebookFile('tables.ipynb', [
      'import * as grulab from "grulab";\nconst df = grulab.loadCsv(grulab.datasetPath("daily-temperature.csv"));\ndf.shape',
      'df.head(3).print();',
      'df',
      'df["Temp"].head(4)',
      'console.log([df.shape[0]]);\nconst n = 3;',
    ]);
    const run = runCli(['--dir', dir, '--out', path.join(work, 'tables-out'), '--no-trust', 'tables'], process.env);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    cells = read(path.join(work, 'tables-out', 'tables.ipynb')).cells;
  });

  it('print() shows an HTML table with the text table as text/plain', () => {
    const outputs = cells[1].outputs ?? [];
    assert.equal(outputs.length, 1, JSON.stringify(outputs));
    const html = joinText(outputs[0].data?.['text/html'] as string);
    assert.match(html, /<table border="1" class="dataframe">/);
    assert.match(html, /<th><\/th><th>Date<\/th><th>Temp<\/th>/);
    assert.match(html, /<tr><th>0<\/th><td>2010-01-01<\/td><td>6\.56<\/td><\/tr>/);
    assert.match(html, /<p>3 rows × 2 columns<\/p>/);
    const text = joinText(outputs[0].data?.['text/plain'] as string);
    assert.match(text, /║ +│ Date +│ Temp +║/, 'danfojs text table kept');
  });

  it('a long frame as last expression: head and tail with the row count, and no stray empty line', () => {
    const outputs = cells[2].outputs ?? [];
    assert.deepEqual(outputs.map((o) => o.output_type), ['display_data'], JSON.stringify(outputs).slice(0, 300));
    const html = joinText(outputs[0].data?.['text/html'] as string);
    const rows = html.match(/<tr><th>[^<]*<\/th>/g) ?? [];
    assert.deepEqual(rows.map((r) => r.slice(8, -5)), ['0', '1', '2', '3', '4', '...', '7995', '7996', '7997', '7998', '7999']);
    assert.match(html, /<p>8,000 rows × 2 columns<\/p>/);
  });

  it('a Series shows as a table with its name, length and dtype', () => {
    const html = joinText((cells[3].outputs ?? [])[0]?.data?.['text/html'] as string);
    assert.match(html, /<th><\/th><th>Temp<\/th>/);
    assert.match(html, /<p>Name: Temp, Length: 4, dtype: float32<\/p>/);
  });

  it('a frame inside another value and other output are unchanged', () => {
    const outputs = cells[4].outputs ?? [];
    assert.deepEqual(outputs.map((o) => [o.output_type, o.name, joinText(o.text)]), [['stream', 'stdout', '[ 8000 ]\n']]);
  });
});
