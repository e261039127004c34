/**
 * grulab in Deno's Jupyter kernel (`deno jupyter`, from the deno dev dependency): a notebook
 * run by grulab's runner with the kernelspec in a temporary JUPYTER_PATH, and the display
 * messages the kernel publishes (tables, the chart's MIME bundle, the live progress
 * updated in place); and `deno run`, where show() notes that nothing is displayed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { Kernel } from '../../src/notebook-runner/kernel-client';
import { findKernelSpec } from '../../src/notebook-runner/kernelspec';
import type { JupyterMessage } from '../../src/notebook-runner/protocol';
import { denoBinary, writeDenoKernelSpec } from '../helpers/deno';
import { fixturePath } from '../helpers/paths';
import { joinText, projectRoot, runRunner, type ExecutedOutput } from '../helpers/notebooks';
import { tempDir } from '../helpers/temp-dir';

const deno = denoBinary();
const skip = 'missing' in deno ? deno.missing : false;
const fixtures = fixturePath('deno');

// The kernelspec, as `deno jupyter --install` would write it, where this process's runner and kernels look.
if (!('missing' in deno)) {
  const dataDir = tempDir('grulab-jupyter-');
  writeDenoKernelSpec(dataDir, deno.path);
  process.env.JUPYTER_PATH = dataDir;
}

const CHROMIUM = '/usr/bin/chromium';
const hasViewer = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0 && fs.existsSync(CHROMIUM);

/**
 * The executed copy as `jupyter nbconvert --to html` makes it, opened in headless Chromium
 * offline: how many charts plotly.js drew, and a screenshot in out/screenshots/.
 */
async function drawnCharts(notebook: string): Promise<{ charts: number; drawn: number; tables: number }> {
  const dir = tempDir('grulab-deno-html-');
  execFileSync('jupyter', ['nbconvert', '--to', 'html', '--output-dir', dir, '--output', 'deno', notebook], { stdio: ['ignore', 'ignore', 'pipe'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.route(/^https?:\/\//, (route) => route.abort()); // offline: plotly.js comes from the page itself
    await page.goto(`file://${path.join(dir, 'deno.html')}`);
    const count = () => page.evaluate(() => ({
      charts: document.querySelectorAll('.grulab-chart').length,
      drawn: Array.from(document.querySelectorAll('.grulab-chart')).filter((c) => c.querySelector('.main-svg') !== null).length,
      tables: document.querySelectorAll('.grulab-table table').length,
    }));
    await page.waitForFunction(() => {
      const charts = document.querySelectorAll('.grulab-chart');
      return charts.length > 0 && Array.from(charts).every((c) => c.querySelector('.main-svg') !== null);
    }, undefined, { timeout: 60_000 }).catch(() => undefined);
    const shots = path.join(projectRoot, 'out', 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'deno-nbconvert.png'), fullPage: true });
    return await count();
  } finally {
    await browser.close();
  }
}

const html = (outputs: ExecutedOutput[]): string => outputs.map((o) => String(o.data?.['text/html'] ?? '')).join('\n');

test("a notebook runs in Deno's kernel through the runner: tables, the chart's bundle, the progress", { skip }, async () => {
  // Known flake, under load only: Deno.jupyter.broadcast is asynchronous, and a display sent
  // as a cell ends can reach IOPub after the kernel's idle, when the runner has moved on
  // (seen once in a suite run at load 5: the chart cell came back empty). One rerun, said on stderr.
  let run = runRunner(['--kernel', 'deno', '--no-trust', '--timeout', '300'], { dir: fixtures, timeoutMs: 400_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const chartCell = (r: typeof run) => r.read('deno-display.ipynb').cells.filter((cell) => cell.cell_type === 'code')[3]?.outputs ?? [];
  if (chartCell(run).length === 0) {
    process.stderr.write('deno-kernel.test: the chart cell came back empty (a late broadcast); running once more\n');
    run = runRunner(['--kernel', 'deno', '--no-trust', '--timeout', '300'], { dir: fixtures, timeoutMs: 400_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  }
  const nb = run.read('deno-display.ipynb');
  const [imports, head, print, chart, training] = nb.cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.outputs ?? []);
  assert.match(imports.map((o) => joinText(o.text)).join(''), /TensorFlow\.js 4\.22\.0, backend: wasm/);
  // a cell's last value: Deno asks the frame's Symbol.for('Jupyter.display')
  assert.deepEqual(head.map((o) => o.output_type), ['execute_result']);
  assert.match(html(head), /class="grulab-table"[\s\S]*<th>0<\/th><td>2010-01-01<\/td><td>6\.56<\/td>[\s\S]*3 rows × 2 columns/);
  assert.match(String(head[0].data?.['text/plain']), /Temp/);
  // print(): a display message
  assert.deepEqual(print.map((o) => o.output_type), ['display_data']);
  assert.match(html(print), /<th>7999<\/th>[\s\S]*2 rows × 2 columns/);
  // show(): plotly.js once, then the chart as Plotly's MIME type, HTML and text
  assert.equal(chart.length, 2);
  assert.match(html([chart[0]]), /class="grulab-plotly-bundle"/);
  const figure = chart[1].data?.['application/vnd.plotly.v1+json'] as { data: Array<{ x: unknown[] }> } | undefined;
  assert.equal(figure?.data[0].x.length, 120);
  assert.match(html([chart[1]]), /class="grulab-chart"/);
  assert.equal(chart[1].data?.['text/plain'], "<Plotly figure 'Daily temperature': 1 trace(s)>");
  // the progress display, in its final state (the runner applies the updates)
  assert.equal(training.length, 1);
  assert.match(String(training[0].data?.['text/plain']), /^Epoch 3\/3 · batch \d+\/\d+ · loss \d\.\d{4} · val loss \d\.\d{4} · .* · done$/);
  assert.match(html(training), /class="grulab-progress"[\s\S]*class="grulab-chart"/);
  // the executed copy as a reader sees it: both charts (the series, the progress's loss chart) drawn, both tables
  if (!hasViewer) {
    console.log('# jupyter nbconvert or Chromium absent: the executed copy is not opened in a browser');
    return;
  }
  assert.deepEqual(await drawnCharts(path.join(run.out, 'deno-display.ipynb')), { charts: 2, drawn: 2, tables: 2 });
});

test("Deno's kernel receives the progress as one output updated in place (display_id)", { skip }, async () => {
  const kernel = await Kernel.start({ cwd: fixtures, spec: findKernelSpec('deno') });
  try {
    const messages: JupyterMessage[] = [];
    const code = [
      'import * as grulab from "grulab";',
      'import { inNotebook } from "grulab/internals";',
      'await grulab.ready();',
      'console.log(`in a notebook: ${inNotebook()}`);',
      'const df = grulab.loadCsv(grulab.datasetPath("daily-temperature.csv")).head(240);',
      'const fc = grulab.forecaster({ data: df, dateColumn: "Date", target: "Temp", timeStep: 10, horizon: 1, epochs: 3, units: [8] });',
      'const history = await fc.fit();',
    ].join('\n');
    const reply = await kernel.execute(code, { timeoutMs: 300_000, onMessage: (m) => messages.push(m) });
    assert.equal(reply.status, 'ok', JSON.stringify(messages.map((m) => m.content)).slice(0, 2000));
    const stdout = messages.filter((m) => m.header.msg_type === 'stream').map((m) => String(m.content.text)).join('');
    assert.match(stdout, /in a notebook: true/);
    const progressOf = (m: JupyterMessage) => String((m.content.data as Record<string, unknown> | undefined)?.['text/plain'] ?? '');
    const shown = messages.filter((m) => m.header.msg_type === 'display_data' && progressOf(m).startsWith('Epoch'));
    assert.equal(shown.length, 1, 'one progress output');
    const id = (shown[0].content.transient as { display_id?: string } | undefined)?.display_id;
    assert.match(String(id), /^grulab-chart-[0-9a-f]+$/);
    const updates = messages.filter((m) => m.header.msg_type === 'update_display_data');
    // epoch ends are throttled like batches (at most one update per 300 ms), and the final state always comes
    assert.ok(updates.length >= 1, `${updates.length} updates (at least the final one)`);
    assert.ok(updates.every((m) => (m.content.transient as { display_id?: string }).display_id === id));
    assert.match(progressOf(updates[updates.length - 1]), /^Epoch 3\/3 .* done$/);
  } finally {
    await kernel.shutdown();
  }
  assert.equal(kernel.alive, false);
});

test('under deno run, show() displays nothing and says so on stderr', { skip }, () => {
  // a script in the project, so that "grulab" resolves through its node_modules as in a notebook
  const script = path.join(fixtures, 'show-outside.ts');
  const result = spawnSync((deno as { path: string }).path, ['run', '-A', '--node-modules-dir=manual', script], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /after show/);
  assert.match(result.stderr, /grulab\.show: not running in a notebook kernel \(tslab, or deno jupyter\), so nothing is displayed; saveHtml/);
});
