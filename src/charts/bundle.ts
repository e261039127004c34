/**
 * plotly.js as HTML: the bundle from the installed `plotly.js-dist` (never a CDN), the
 * script that loads it once per page, and the markup of one chart.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { type Figure, baseConfig } from './theme';

let minified: string | undefined;
let compressed: string | undefined;

/**
 * Version of the installed plotly.js (`plotly.js-dist`), the one every chart uses.
 *
 * @example
 * grulab.plotlyVersion(); // => '3.7.0'
 */
export function plotlyVersion(): string {
  const manifest = fs.readFileSync(require.resolve('plotly.js-dist/package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * The plotly.js bundle source. `plotly.js-dist` 3 ships only the 11 MB unminified file,
 * so it is minified with esbuild (plotly's own build tool; present with tsx) when that
 * is installed: 4.9 MB. Without esbuild the full file is used.
 */
export function plotlySource(): string {
  if (minified !== undefined) return minified;
  const full = fs.readFileSync(require.resolve('plotly.js-dist'), 'utf8');
  try {
    // Optional: loaded only when installed, so not a static import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as { transformSync(src: string, o: { minify: boolean; legalComments: string }): { code: string } };
    minified = esbuild.transformSync(full, { minify: true, legalComments: 'none' }).code;
  } catch {
    minified = full;
  }
  return minified;
}

/** The bundle gzipped (level 9) and base64-encoded, as embedded in notebook outputs. */
export function compressedPlotly(): string {
  compressed ??= zlib.gzipSync(Buffer.from(plotlySource(), 'utf8'), { level: 9 }).toString('base64');
  return compressed;
}

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Script that runs the plotly.js source held in the string `src` with `define`, `module`,
 * `exports` and `require` hidden: Jupyter Notebook and nbconvert pages load RequireJS, and a
 * UMD bundle that sees `define` registers as an AMD module instead of setting `window.Plotly`.
 */
const RUN_HIDDEN = 'new Function("define","module","exports","require",src+"\\n//# sourceURL=plotly.min.js").call(window);';

/**
 * HTML that loads plotly.js into the page once: the gzipped bundle, decoded in the browser
 * with `DecompressionStream`. Charts on the page wait for `window.Plotly`.
 */
export function plotlyLoaderHtml(): string {
  const version = plotlyVersion();
  return `<div class="grulab-plotly-bundle" data-plotly-version="${version}" style="display:none"></div>
<script>
(function () {
  var w = window;
  if ((w.Plotly && w.Plotly.newPlot) || w.__grulabPlotlyLoading) return;
  w.__grulabPlotlyLoading = true;
  var b64 = "${compressedPlotly()}";
  try {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).text().then(function (src) { ${RUN_HIDDEN} }).catch(function (e) {
      w.__grulabPlotlyLoading = false; w.__grulabPlotlyError = String(e); console.error("grulab: loading plotly.js failed", e);
    });
  } catch (e) {
    w.__grulabPlotlyLoading = false; w.__grulabPlotlyError = String(e);
    console.error("grulab: this browser cannot decode the embedded plotly.js (needs DecompressionStream)", e);
  }
})();
</script>`;
}

/** Options of {@link chartHtml}. */
export interface ChartHtmlOptions {
  /** Height of the chart in pixels. Default the figure's `layout.height`, else 450. */
  height?: number;
}

/** A fresh element id for a chart. */
export function newChartId(): string {
  return `grulab-chart-${randomBytes(6).toString('hex')}`;
}

/**
 * HTML of one chart: a `div` and a script that draws the figure as soon as `window.Plotly`
 * exists (it polls, so the bundle may arrive in an earlier or a later output of the page).
 */
export function chartHtml(figure: Figure, options: ChartHtmlOptions = {}, id = newChartId()): string {
  const height = options.height ?? figure.layout.height ?? 450;
  const fig = { data: figure.data, layout: figure.layout, config: baseConfig };
  return `<div id="${id}" class="grulab-chart" style="width:100%;min-width:320px;height:${height}px"></div>
<script>
(function () {
  var fig = ${scriptJson(fig)};
  var start = Date.now(), warned = false;
  function poll() {
    var div = document.getElementById("${id}");
    if (!div) return;
    var P = window.Plotly;
    if (P && P.newPlot) { div.textContent = ""; P.newPlot(div, fig.data, fig.layout, fig.config); return; }
    if (!warned && Date.now() - start > 15000) {
      warned = true;
      div.textContent = "Waiting for plotly.js: its one copy on this page is in the output of the first chart of the kernel session. " +
        "If that output was cleared, run grulab.loadPlotly() in a cell, or Restart & Run All." +
        (window.__grulabPlotlyError ? " (" + window.__grulabPlotlyError + ")" : "");
    }
    if (Date.now() - start < 600000) setTimeout(poll, 100);
  }
  poll();
})();
</script>`;
}

/** A chart found in an output's HTML by {@link chartsInHtml}. */
export interface ChartInHtml {
  /** The chart's element id. */
  id: string;
  /** Its height in pixels. */
  height: number;
  /** The figure it draws, with its plotly config. */
  figure: Figure & { config?: Record<string, unknown> };
}

const CHART_PATTERN = /<div id="(grulab-chart-[0-9a-f]+)" class="grulab-chart" style="[^"]*height:(\d+)px">[\s\S]*?<\/div>\n<script>\n\(function \(\) \{\n {2}var fig = (.*);\n/g;

/**
 * The charts in an output's HTML, as {@link chartHtml} wrote them (one per `show`, one per
 * live training chart), for tools that work on saved notebooks.
 *
 * @example
 * chartsInHtml(chartHtml(fig)).length; // => 1
 */
export function chartsInHtml(html: string): ChartInHtml[] {
  return Array.from(html.matchAll(CHART_PATTERN), (m) => ({ id: m[1], height: Number(m[2]), figure: JSON.parse(m[3]) as ChartInHtml['figure'] }));
}

/**
 * The output HTML with a static picture inside chart `id`'s element: what a viewer that runs
 * no scripts shows. The chart's script empties the element before drawing, so where scripts
 * run the live chart replaces the picture.
 *
 * @param pngBase64 - the PNG, base64-encoded.
 */
export function withStaticImage(html: string, id: string, pngBase64: string): string {
  const open = new RegExp(`(<div id="${id}" class="grulab-chart" style="[^"]*">)[\\s\\S]*?(</div>)`);
  const img = `<img class="grulab-static" alt="chart (static picture; open the notebook trusted for the interactive chart)" style="max-width:100%" src="data:image/png;base64,${pngBase64}">`;
  return html.replace(open, (_, start: string, end: string) => `${start}${img}${end}`);
}

/**
 * A standalone HTML page showing `figure` (or several, one under the other), with
 * plotly.js inlined uncompressed so that it opens in any browser, offline.
 */
export function standaloneHtml(figure: Figure | readonly Figure[], title: string): string {
  const figures: readonly Figure[] = Array.isArray(figure) ? figure : [figure as Figure];
  const esc = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  const src = plotlySource().replace(/<\/script/gi, '<\\/script');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0;padding:16px;font-family:Helvetica,Arial,sans-serif">
<script>${src}</script>
${figures.map((f) => chartHtml(f)).join('\n')}
</body></html>
`;
}
