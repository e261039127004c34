/**
 * Many small forecasts in one figure: a grid of panels, each a series' recent history, its
 * forecast and the forecast's intervals (and the actual values, when they are known), as
 * statsforecast's and Darts' plots of a collection show them.
 */
import type { Data, Layout } from 'plotly.js';
import { type DateLike, toPlotlyDates } from './dates';
import { type Figure, axis, baseLayout, chartColors, toPlotValues } from './theme';

/** One panel of {@link seriesGridFigure}. */
export interface GridPanel {
  /** The panel's title, e.g. `'H37: GRU (global), MASE 0.61'`. */
  title: string;
  /** History: times (dates, or step numbers) and values. */
  x: ReadonlyArray<DateLike | number>;
  y: ArrayLike<number>;
  /** The forecast: its times and values. */
  forecastX: ReadonlyArray<DateLike | number>;
  forecast: ArrayLike<number>;
  /** Intervals, widest first or in any order: level in percent, lower and upper bounds per step. */
  intervals?: ReadonlyArray<{ level: number; lower: ArrayLike<number>; upper: ArrayLike<number> }>;
  /** The actual values over the forecast's times, when known. */
  actual?: ArrayLike<number>;
}

/** Options of {@link seriesGridFigure}. */
export interface SeriesGridOptions {
  panels: ReadonlyArray<GridPanel>;
  /** Panels per row. Default `3`. */
  columns?: number;
  title?: string;
}

function times(values: ReadonlyArray<DateLike | number>): Array<string | number> {
  return values.every((v) => typeof v === 'number') ? (values as number[]).slice() : toPlotlyDates('seriesGridFigure', 'x', values as DateLike[]);
}

/**
 * A grid of forecast panels (Plotly subplots sharing nothing): history as a line, the
 * forecast as a line of the forecast colour, each interval as a shaded band (wider bands
 * lighter), the actual values dotted when given.
 *
 * @param options see {@link SeriesGridOptions}.
 * @returns the figure; one legend for the kinds of trace.
 * @throws when a panel's lengths disagree, or there is no panel.
 * @example
 * seriesGridFigure({ panels: [{ title: 'a', x: [1, 2, 3], y: [1, 2, 3], forecastX: [4, 5], forecast: [4, 5] }] }).data.length; // => 2
 */
export function seriesGridFigure(options: SeriesGridOptions): Figure {
  const fn = 'seriesGridFigure';
  const panels = options.panels;
  if (panels.length === 0) throw new Error(`${fn}: panels is empty; give at least one series`);
  const columns = Math.max(1, Math.min(options.columns ?? 3, panels.length));
  const rows = Math.ceil(panels.length / columns);
  const data: Data[] = [];
  const layout: Partial<Layout> = baseLayout(options.title ?? 'Forecasts', {
    grid: { rows, columns, pattern: 'independent' },
    height: 80 + 240 * rows,
    showlegend: true,
    legend: { orientation: 'h', y: -0.05 },
    annotations: [],
  });
  panels.forEach((p, k) => {
    const suffix = k === 0 ? '' : String(k + 1);
    const xref = `x${suffix}` as 'x';
    const yref = `y${suffix}` as 'y';
    if (p.x.length !== p.y.length) throw new Error(`${fn}: panel '${p.title}' has ${p.x.length} times and ${p.y.length} values`);
    if (p.forecastX.length !== p.forecast.length) throw new Error(`${fn}: panel '${p.title}' has ${p.forecastX.length} forecast times and ${p.forecast.length} values`);
    const fx = times(p.forecastX);
    const first = k === 0;
    const bands = [...(p.intervals ?? [])].sort((a, b) => b.level - a.level);
    bands.forEach((band, b) => {
      const lower = toPlotValues(fn, 'lower', band.lower);
      const upper = toPlotValues(fn, 'upper', band.upper);
      data.push({
        type: 'scatter', mode: 'lines', x: [...fx, ...fx.slice().reverse()], y: [...upper, ...lower.slice().reverse()],
        fill: 'toself', fillcolor: chartColors.forecast, opacity: 0.12 + 0.12 * b, line: { width: 0 }, hoverinfo: 'skip',
        name: `${band.level} % interval`, legendgroup: `band${band.level}`, showlegend: first, xaxis: xref, yaxis: yref,
      } as Data);
    });
    data.push({ type: 'scatter', mode: 'lines', x: times(p.x), y: toPlotValues(fn, 'y', p.y), name: 'History', legendgroup: 'history', showlegend: first, line: { color: chartColors.actual, width: 1 }, xaxis: xref, yaxis: yref });
    data.push({ type: 'scatter', mode: 'lines', x: fx, y: toPlotValues(fn, 'forecast', p.forecast), name: 'Forecast', legendgroup: 'forecast', showlegend: first, line: { color: chartColors.forecast, width: 2 }, xaxis: xref, yaxis: yref });
    if (p.actual !== undefined) {
      data.push({ type: 'scatter', mode: 'markers', x: fx, y: toPlotValues(fn, 'actual', p.actual), name: 'Actual', legendgroup: 'actual', showlegend: first, marker: { color: chartColors.actual, size: 3 }, xaxis: xref, yaxis: yref });
    }
    (layout as Record<string, unknown>)[`xaxis${suffix}`] = axis('', { automargin: true });
    (layout as Record<string, unknown>)[`yaxis${suffix}`] = axis('', { automargin: true });
    layout.annotations?.push({ text: p.title, showarrow: false, xref: `${xref} domain` as 'x', yref: `${yref} domain` as 'y', x: 0, y: 1.12, xanchor: 'left', font: { size: 11 } });
  });
  return { data, layout };
}
