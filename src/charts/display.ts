/**
 * Showing figures in a notebook, tslab's or Deno's (`show`, `liveChart`, `loadPlotly`), and saving them
 * as standalone HTML (`saveHtml`).
 *
 * Size policy: plotly.js (4.9 MB minified) goes into the notebook once per kernel
 * session, gzipped and base64-encoded (about 2 MB), in its own output just before the
 * first chart; every chart output holds only its figure JSON and a small script that waits
 * for `window.Plotly`. A saved notebook therefore carries one copy, and renders on reopen
 * and in `jupyter nbconvert --to html`, where all outputs share one page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chartHtml, plotlyLoaderHtml, plotlyVersion, standaloneHtml, newChartId } from './bundle';
import { openDisplay, inNotebook } from './notebook-display';
import type { Figure } from './theme';
import { baseConfig } from './theme';
import { writeFileAtomic } from '../base/atomic-write';

let bundleSent = false;
let noteShown = false;

/** Options of {@link show} and {@link liveChart}. */
export interface ShowOptions {
  /** Chart height in pixels. Default the figure's `layout.height`, else 450. */
  height?: number;
}

function outsideNote(fn: string): void {
  if (noteShown) return;
  noteShown = true;
  // console.warn rather than process.stderr: a kernel that captures the console shows it in the cell.
  console.warn(`grulab.${fn}: not running in a notebook kernel (tslab, or deno jupyter), so nothing is displayed; saveHtml(figure, path) writes a page to open in a browser.`);
}

function titleOf(figure: Figure): string {
  const t = figure.layout.title;
  return typeof t === 'string' ? t : (t?.text ?? 'untitled');
}

/** The MIME bundle of one chart: Plotly's own type for JupyterLab's extension, HTML for the rest. */
export function chartBundle(figure: Figure, options: ShowOptions = {}, id = newChartId()): Record<string, unknown> {
  return {
    'application/vnd.plotly.v1+json': { data: figure.data, layout: figure.layout, config: baseConfig },
    'text/html': chartHtml(figure, options, id),
    'text/plain': `<Plotly figure '${titleOf(figure)}': ${figure.data.length} trace(s)>`,
  };
}

/** Sends plotly.js unless this kernel session already did (used by `show`, `liveChart`, progress). */
export function ensurePlotly(): void {
  if (bundleSent) return;
  loadPlotly();
}

/**
 * Puts plotly.js into the notebook page now, as its own output (about 2 MB, gzipped). `show`
 * does this by itself before the first chart of a kernel session; call it again only if
 * that output was cleared.
 *
 * @returns nothing; outside a notebook kernel it only prints a note.
 * @example
 * grulab.loadPlotly(); // cell output: (hidden) plotly.js 3.7.0
 */
export function loadPlotly(): void {
  const out = openDisplay(false, '');
  if (!out) return outsideNote('loadPlotly');
  out.send({ 'text/html': plotlyLoaderHtml(), 'text/plain': `plotly.js ${plotlyVersion()} (loaded into the page by grulab)` });
  bundleSent = true;
}

/**
 * Displays a figure in the current notebook cell (tslab or Deno kernel). Renders in JupyterLab, classic
 * Notebook, `nbconvert --to html` and on reopening a saved trusted notebook, offline.
 *
 * @param figure - a figure from one of the builders (or any `{ data, layout }`).
 * @param options - see {@link ShowOptions}.
 * @returns nothing (so that tslab prints nothing after the chart); outside a notebook
 *   it prints a one-time note on stderr.
 * @example
 * grulab.show(grulab.historyFigure({ history: { loss: [0.1, 0.05] } })); // a chart in the cell output
 */
export function show(figure: Figure, options: ShowOptions = {}): void {
  const out = openDisplay(false, '');
  if (!out) return outsideNote('show');
  ensurePlotly();
  out.send(chartBundle(figure, options));
}

/** A chart that redraws in place, from {@link liveChart}. */
export interface LiveChart {
  /** The Jupyter display id of the output. */
  readonly displayId: string;
  /** Replaces the chart with `figure` in the same output (plotly.js is not sent again). */
  update(figure: Figure): void;
}

/**
 * Displays a figure that can be redrawn in place later, e.g. during training.
 *
 * @param figure - the first state of the chart.
 * @param options - see {@link ShowOptions}.
 * @returns a handle whose `update(figure)` sends `update_display_data`; outside a notebook
 *   its `update` does nothing.
 * @example
 * const chart = grulab.liveChart(fig);
 * chart.update(nextFig); // the same output now shows nextFig
 */
export function liveChart(figure: Figure, options: ShowOptions = {}): LiveChart {
  const displayId = newChartId();
  const out = openDisplay(true, displayId);
  if (!out) {
    outsideNote('liveChart');
    return { displayId, update: () => undefined };
  }
  // The bundle goes in its own output: an update replaces this output's HTML.
  ensurePlotly();
  out.send(chartBundle(figure, options));
  return { displayId, update: (next) => out.send(chartBundle(next, options)) };
}

/**
 * Writes `figure` as a standalone HTML page with plotly.js inlined (about 5 MB), to open in
 * any browser offline. The file is written to a temporary name and renamed, so `filePath`
 * is either the old file or the complete new one.
 *
 * @param figure - the figure to save, or several (one page, one under the other; the first names the page).
 * @param filePath - destination, e.g. `'out/forecast.html'`; its folder must exist.
 * @throws when `filePath` is not a non-empty string or its folder does not exist.
 * @example
 * grulab.saveHtml(fig, 'out/forecast.html'); // => writes out/forecast.html
 */
export function saveHtml(figure: Figure | readonly Figure[], filePath: string): void {
  if (typeof filePath !== 'string' || filePath === '') {
    throw new TypeError(`saveHtml: filePath must be a non-empty string, got ${JSON.stringify(filePath)}`);
  }
  const dir = path.dirname(path.resolve(filePath));
  if (!fs.existsSync(dir)) {
    throw new Error(`saveHtml: folder '${dir}' of filePath '${filePath}' does not exist`);
  }
  const first: Figure = Array.isArray(figure) ? (figure as readonly Figure[])[0] : (figure as Figure);
  writeFileAtomic(filePath, standaloneHtml(figure, titleOf(first)));
}

export { inNotebook };
