/**
 * The one look shared by every grulab figure: colours, fonts, grid and the helpers that
 * give each figure a title and axis titles with units.
 */
import type { Data, Layout, LayoutAxis } from 'plotly.js';

/** A Plotly figure as the builders return it: traces plus layout, ready for `show`. */
export interface Figure {
  /** The traces, as `Plotly.newPlot(div, data, layout)` takes them. */
  data: Data[];
  /** The layout, including `title` and axis titles with units. */
  layout: Partial<Layout>;
}

/**
 * Colours by role, so that "actual", "train" and "test" look the same in every lesson.
 * Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
 *
 * @example
 * grulab.chartColors.test; // => '#E69F00'
 */
export const chartColors = {
  actual: '#4d4d4d',
  train: '#0072B2',
  test: '#E69F00',
  forecast: '#D55E00',
  loss: '#0072B2',
  valLoss: '#E69F00',
  /** Colours for several series of equal standing (columns, models). */
  series: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'],
} as const;

/** Colour number `index` of {@link chartColors.series}, cycling. */
export function seriesColor(index: number): string {
  return chartColors.series[index % chartColors.series.length];
}

/** Axis look shared by all figures (light grid, no zero line clutter). */
export const baseAxis: Partial<LayoutAxis> = {
  showgrid: true,
  gridcolor: '#e6e6e6',
  zeroline: false,
  linecolor: '#999999',
  showline: true,
  ticks: 'outside',
  tickcolor: '#999999',
  automargin: true,
};

/** `label (units)`, or just `label` when there are no units. */
export function withUnits(label: string, units?: string): string {
  return units ? `${label} (${units})` : label;
}

/** An axis with the shared look and a title. */
export function axis(title: string, extra: Partial<LayoutAxis> = {}): Partial<LayoutAxis> {
  return { ...baseAxis, title: { text: title }, ...extra };
}

/**
 * The base layout of every figure: title, fonts, white background, horizontal legend
 * above the plot, hover across traces.
 */
export function baseLayout(title: string, extra: Partial<Layout> = {}): Partial<Layout> {
  return {
    title: { text: title, x: 0.02, xanchor: 'left' },
    font: { family: 'Helvetica, Arial, sans-serif', size: 13, color: '#333333' },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    colorway: [...chartColors.series],
    margin: { l: 70, r: 30, t: 80, b: 60 },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', xanchor: 'left' },
    hovermode: 'x unified',
    ...extra,
  };
}

/** Plotly config used for every display: responsive, no Plotly logo, no cloud links. */
export const baseConfig = { responsive: true, displaylogo: false } as const;

/**
 * `values` as a plain array for JSON, with non-finite numbers turned into `null`
 * (Plotly draws a gap there).
 *
 * @throws when `values` is not array-like.
 */
export function toPlotValues(fn: string, arg: string, values: ArrayLike<number>): Array<number | null> {
  if (values == null || typeof values.length !== 'number') {
    throw new TypeError(`${fn}: ${arg} must be an array of numbers, got ${String(values)}`);
  }
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      throw new TypeError(`${fn}: ${arg}[${i}] must be a number, got ${JSON.stringify(v)}`);
    }
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}
