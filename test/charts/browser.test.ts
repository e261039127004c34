/**
 * Charts in a real browser: executes test/fixtures/charts/charts.ipynb in the tslab kernel,
 * then checks every chart (an `svg.main-svg`, the expected number of plotted points, no page
 * JavaScript errors) in (a) the `jupyter nbconvert --to html` export and (b) a live classic
 * Jupyter Notebook server after trusting the notebook. Debian `chromium`, driven by
 * playwright-core, offline: every request off the machine is refused. Screenshots go to
 * out/screenshots/ for people to look at.
 *
 * Run: node --import tsx --test test/browser.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../helpers/ports';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { writeKernelSpec } from '../../src/notebook-runner/kernelspec';
import * as grulab from '../../src/index';
import { projectRoot } from '../helpers/paths';

const ROOT = projectRoot;
const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'charts');
const SHOTS = path.join(ROOT, 'out', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const REQUIRE_JS = '/usr/share/javascript/requirejs/require.min.js';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Points per trace for each chart, in page order, from the fixture's parameters
 * (DAYS = 120, TIME_STEPS = 20, UNITS = 6, STEPS_BACK = 30); null = any positive count
 * (the running-loss samples of the progress chart depend on timing).
 */
const EXPECTED: Array<{ name: string; points: Array<number | null> }> = [
  { name: 'time series', points: [120, 120] },
  { name: 'forecast', points: [120, 70, 30, 1] },
  { name: 'history', points: [8, 8] },
  { name: 'gate heatmaps', points: [120, 120, 120] },
  { name: 'comparison bars', points: [1, 1, 1, 1, 1, 1] },
  { name: 'gradient norm', points: [30, 30, 30] },
  { name: 'live chart after update', points: [10] },
  { name: 'training progress', points: [null, 3, 3] },
];

function missingTool(): string | undefined {
  if (spawnSync('jupyter', ['--version'], { encoding: 'utf8' }).status !== 0) return '`jupyter` is not on PATH (apt-get install jupyter-nbconvert jupyter-notebook)';
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium)`;
  return undefined;
}

/** Rebuilds dist/ when src/charts is newer, since the notebook imports the built `grulab`. */
function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist', 'charts', 'display.js');
  const srcDir = path.join(ROOT, 'src', 'charts');
  const newest = Math.max(...fs.readdirSync(srcDir).map((f) => fs.statSync(path.join(srcDir, f)).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  // tsc emits even when files outside src/charts have type errors; a real failure shows below.
  spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
  assert.ok(fs.statSync(built).mtimeMs >= newest, 'npm run build did not update dist/charts');
}

/** The Python that runs Jupyter (its shebang), for `python -m nbformat.sign`. */
function jupyterPython(): string {
  const which = spawnSync('sh', ['-c', 'command -v jupyter'], { encoding: 'utf8' }).stdout.trim();
  const first = fs.readFileSync(which, 'utf8').split('\n')[0];
  return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : 'python3';
}


interface ChartInfo { id: string; svg: boolean; points: number[] }

/** Opens `url`, waits for every chart to be drawn, returns per-chart info and page errors. */
async function inspectCharts(context: BrowserContext, url: string, shot: string, css = '', count = EXPECTED.length): Promise<{ charts: ChartInfo[]; errors: string[]; amd: boolean }> {
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Refused off-machine requests (nbconvert's MathJax CDN link) are expected offline.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console.error: ${m.text()}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction((n) => {
    const divs = Array.from(document.querySelectorAll('.grulab-chart'));
    return divs.length >= n && divs.every((d) => d.querySelector('svg.main-svg'));
  }, count, { timeout: 90_000, polling: 250 });
  const result = await page.evaluate(() => {
    type Calc = Array<{ z?: unknown[][] }> & { 0?: { trace?: { type?: string }; z?: unknown[][] } };
    const charts = Array.from(document.querySelectorAll('.grulab-chart')).map((div) => {
      const calcdata = ((div as unknown as { calcdata?: Calc[] }).calcdata ?? []);
      const points = calcdata.map((cd) => {
        const first = cd[0];
        if (first?.trace?.type === 'heatmap') return (first.z ?? []).reduce((n, row) => n + row.length, 0);
        return cd.length;
      });
      return { id: div.id, svg: !!div.querySelector('svg.main-svg'), points };
    });
    const w = window as unknown as { define?: ((...args: unknown[]) => void) & { amd?: unknown } };
    return { charts, amd: typeof w.define === 'function' && !!w.define.amd };
  });
  if (css) await page.addStyleTag({ content: css });
  await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  return { ...result, errors };
}

function checkCharts(charts: ChartInfo[]): void {
  assert.equal(charts.length, EXPECTED.length, `expected ${EXPECTED.length} charts, found ${charts.length}`);
  charts.forEach((c, i) => {
    const want = EXPECTED[i];
    assert.ok(c.svg, `${want.name}: no svg.main-svg`);
    assert.equal(c.points.length, want.points.length, `${want.name}: trace count`);
    want.points.forEach((n, t) => {
      if (n === null) assert.ok(c.points[t] > 0, `${want.name}: trace ${t} has no points`);
      else assert.equal(c.points[t], n, `${want.name}: trace ${t} points`);
    });
  });
}

const skipReason = missingTool();
if (skipReason) console.log(`# browser tests skipped: ${skipReason}`);

describe('charts in a real browser', { skip: skipReason }, () => {
  let tmp = '';
  let executed = '';
  let context: BrowserContext;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env, JUPYTER_PATH: path.join(tmp, 'jupyter'), JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'), JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
  });

  before(async () => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grulab-browser-'));
    writeKernelSpec(path.join(tmp, 'jupyter'));
    fs.mkdirSync(SHOTS, { recursive: true });
    // Run from the fixture folder so Node resolves `grulab` through /work/main/node_modules.
    execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab',
      '--ExecutePreprocessor.timeout=300', '--output-dir', tmp, '--output', 'charts', 'charts.ipynb'],
    { cwd: FIXTURE_DIR, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    executed = path.join(tmp, 'charts.ipynb');
    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROME_ARGS, viewport: { width: 1200, height: 900 },
    });
    // Offline: serve nbconvert's RequireJS link from Debian's copy (so the page has AMD
    // `define`, as online), refuse everything else that leaves the machine.
    await context.route(/^https?:\/\//, async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      if (url.pathname.endsWith('/require.min.js') && fs.existsSync(REQUIRE_JS)) {
        return route.fulfill({ path: REQUIRE_JS, contentType: 'application/javascript' });
      }
      return route.abort();
    });
  });

  after(async () => {
    await context?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('executed notebook carries plotly.js once and small chart outputs', () => {
    const nb = JSON.parse(fs.readFileSync(executed, 'utf8')) as { cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }> };
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['text/html']);
    const sizes = outputs.map((o) => Buffer.byteLength(JSON.stringify(o.data)));
    console.log(`# output bytes: plotly.js loader ${sizes[0]}, charts ${sizes.slice(1).join(', ')}`);
    assert.equal(outputs.filter((o) => String(o.data!['text/html']).includes('grulab-plotly-bundle')).length, 1);
    assert.ok(sizes.slice(1).every((n) => n < 40_000), 'a chart output carries more than its figure');
  });

  it('nbconvert --to html: every chart drawn, offline, no JS errors', async () => {
    const html = path.join(tmp, 'charts.html');
    execFileSync('jupyter', ['nbconvert', '--to', 'html', '--output-dir', tmp, '--output', 'charts', executed], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    const shot = path.join(SHOTS, 'charts-nbconvert.png');
    const { charts, errors, amd } = await inspectCharts(context, `file://${html}`, shot);
    if (fs.existsSync(REQUIRE_JS)) assert.ok(amd, 'the nbconvert page should have RequireJS `define` (the case the loader must survive)');
    else console.log(`# ${REQUIRE_JS} absent (libjs-requirejs): nbconvert page checked without RequireJS`);
    checkCharts(charts);
    assert.deepEqual(errors, []);
  });

  it('saveHtml: the standalone page draws its chart with no notebook around it', async () => {
    const file = path.join(tmp, 'gradient.html');
    const steps = Array.from({ length: 40 }, (_, k) => k + 1);
    grulab.saveHtml(grulab.gradientNormFigure({ stepsBack: steps, series: { RNN: steps.map((k) => 0.8 ** k), GRU: steps.map((k) => 0.97 ** k) } }), file);
    const { charts, errors } = await inspectCharts(context, `file://${file}`, path.join(SHOTS, 'charts-standalone.png'), '', 1);
    assert.deepEqual(charts.map((c) => [c.svg, c.points]), [[true, [40, 40]]]);
    assert.deepEqual(errors, []);
  });

  it('classic Jupyter Notebook server: trusted notebook reopened, every chart drawn', async () => {
    const dir = path.join(tmp, 'server');
    fs.mkdirSync(dir);
    fs.copyFileSync(executed, path.join(dir, 'charts.ipynb'));
    execFileSync(jupyterPython(), ['-m', 'nbformat.sign', 'charts.ipynb'], { cwd: dir, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    const port = await freePort();
    const token = 'grulab-test-token';
    const server: ChildProcess = spawn('jupyter', ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
      '--port-retries=0', `--NotebookApp.token=${token}`, `--NotebookApp.notebook_dir=${dir}`,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    { cwd: dir, env: env(), detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    server.stderr?.on('data', (b: Buffer) => { log += b.toString(); });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const up = await fetch(`http://127.0.0.1:${port}/api?token=${token}`).then((r) => r.ok, () => false);
        if (up) break;
        assert.ok(Date.now() < deadline && server.exitCode === null, `notebook server did not start:\n${log}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const shot = path.join(SHOTS, 'charts-notebook.png');
      const url = `http://127.0.0.1:${port}/notebooks/charts.ipynb?token=${token}`;
      // The notebook scrolls inside #site; unfold it so the screenshot shows every chart.
      const { charts, errors, amd } = await inspectCharts(context, url, shot, '#site { height: auto !important; overflow: visible !important; }');
      assert.ok(amd, 'classic Notebook pages load RequireJS');
      checkCharts(charts);
      assert.deepEqual(errors, []);
    } finally {
      // Stop the server and the kernel it started: its whole process group.
      if (server.pid && server.exitCode === null) {
        process.kill(-server.pid, 'SIGTERM');
        const stopBy = Date.now() + 10_000;
        while (server.exitCode === null && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 200));
        if (server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
      }
    }
  });
});
