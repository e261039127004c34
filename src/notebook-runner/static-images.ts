/**
 * `--static-images`: a PNG picture of every chart of an executed notebook, made by headless
 * Chromium running plotly.js's own `Plotly.toImage` (the way Plotly's kaleido exports static
 * images), so that viewers which run no scripts (GitHub, VS Code and nbviewer previews, an
 * untrusted notebook) still show the chart.
 *
 * Each chart output gains an `image/png` entry, and each chart's HTML element holds the
 * picture until its script replaces it with the live chart. Chromium is driven through its
 * command line (`--dump-dom`), so the runner needs no browser library at run time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chartsInHtml, plotlySource, scriptJson, withStaticImage, type ChartInHtml } from '../charts/bundle';
import type { Notebook } from './notebook';

/** Width in pixels of the pictures (a notebook's output column). */
export const STATIC_IMAGE_WIDTH = 900;

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The error `--static-images` gives when no browser is found. */
export const NO_CHROMIUM =
  '--static-images needs headless Chromium or Google Chrome to draw the charts, and none was found ' +
  '(looked for GRULAB_CHROMIUM, then chromium, chromium-browser, google-chrome on PATH). ' +
  'Install one (Debian/Ubuntu: sudo apt-get install chromium) or set GRULAB_CHROMIUM to its path.';

/**
 * The Chromium to draw with: `GRULAB_CHROMIUM` when set, else the first of chromium,
 * chromium-browser, google-chrome on PATH.
 *
 * @returns its path, or undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GRULAB_CHROMIUM) return fs.existsSync(env.GRULAB_CHROMIUM) ? env.GRULAB_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of BROWSERS) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** A page that draws each figure with plotly.js and writes their PNG data URLs into `<pre id="out">`. */
function renderPage(charts: ChartInHtml[]): string {
  const figures = charts.map((c) => ({ data: c.figure.data, layout: c.figure.layout, height: c.height }));
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script>${plotlySource().replace(/<\/script/gi, '<\\/script')}</script>
<pre id="out"></pre>
<script>
(async function () {
  var figures = ${scriptJson(figures)}, out = [];
  for (var i = 0; i < figures.length; i++) {
    var f = figures[i], div = document.createElement("div");
    div.style.width = "${STATIC_IMAGE_WIDTH}px";
    document.body.appendChild(div);
    await Plotly.newPlot(div, f.data, f.layout, { staticPlot: true });
    out.push(await Plotly.toImage(div, { format: "png", width: ${STATIC_IMAGE_WIDTH}, height: f.height }));
    Plotly.purge(div);
    div.remove();
  }
  document.getElementById("out").textContent = JSON.stringify(out);
})().catch(function (e) { document.getElementById("out").textContent = "ERROR " + e; });
</script></body></html>`;
}

/**
 * Draws `charts` in one headless Chromium and returns their PNGs, base64-encoded, in order.
 *
 * @throws Error naming Chromium's exit status or plotly.js's error when drawing fails.
 */
export function renderCharts(charts: ChartInHtml[], chromium: string): string[] {
  if (charts.length === 0) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grulab-static-'));
  try {
    const page = path.join(dir, 'charts.html');
    fs.writeFileSync(page, renderPage(charts));
    const run = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'profile')}`,
      '--virtual-time-budget=600000', '--dump-dom', `file://${page}`],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 10 * 60_000 });
    const found = /<pre id="out">([^<]*)<\/pre>/.exec(run.stdout ?? '');
    const text = found ? found[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&') : '';
    if (!text.startsWith('[')) {
      const why = text || (run.error?.message ?? `exit status ${run.status}; ${(run.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
      throw new Error(`--static-images: ${chromium} did not draw the charts: ${why}`);
    }
    const urls = JSON.parse(text) as string[];
    if (urls.length !== charts.length) throw new Error(`--static-images: ${chromium} drew ${urls.length} of ${charts.length} charts`);
    return urls.map((u) => u.slice(u.indexOf(',') + 1));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function htmlOf(data: Record<string, unknown>): string | undefined {
  const raw = data['text/html'];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw.join('') : String(raw);
}

/**
 * Adds a PNG picture to every chart of an executed notebook: `image/png` in each chart
 * output (those with `application/vnd.plotly.v1+json`) and an `<img>` inside each chart's
 * HTML element (chart outputs and training progress outputs alike).
 *
 * @returns the number of charts drawn.
 * @throws Error when Chromium fails to draw them (the notebook is then left unchanged).
 */
export function addStaticImages(notebook: Notebook, chromium: string): number {
  const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []).filter((o) => o.output_type === 'display_data' || o.output_type === 'execute_result');
  const found = outputs.flatMap((output) => {
    const html = 'data' in output ? htmlOf(output.data) : undefined;
    return html ? chartsInHtml(html).map((chart) => ({ output, chart })) : [];
  });
  const pngs = renderCharts(found.map((f) => f.chart), chromium);
  found.forEach(({ output, chart }, i) => {
    if (!('data' in output)) return;
    output.data['text/html'] = withStaticImage(htmlOf(output.data)!, chart.id, pngs[i]);
    if (output.data['application/vnd.plotly.v1+json'] !== undefined) output.data['image/png'] = pngs[i];
  });
  return found.length;
}
