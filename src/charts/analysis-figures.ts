/**
 * Figures that look inside and across models: GRU gate heatmaps, grouped comparison
 * bars, and gradient norm against time steps back (lesson 05).
 */
import type { AxisName, Data, Layout } from 'plotly.js';
import { Figure, axis, baseLayout, seriesColor, toPlotValues, withUnits } from './theme';

/** A `[timeSteps, units]` matrix: one row per time step. */
export type TimeByUnit = ReadonlyArray<ArrayLike<number>>;

/** Options of {@link gateHeatmapsFigure}. */
export interface GateHeatmapsFigureOptions {
  /** Update gate activations z_t, shape `[timeSteps, units]`, values in [0, 1]. */
  updateGate: TimeByUnit;
  /** Reset gate activations r_t, shape `[timeSteps, units]`, values in [0, 1]. */
  resetGate: TimeByUnit;
  /** Hidden state h_t, shape `[timeSteps, units]`, values in [-1, 1]. */
  hiddenState: TimeByUnit;
  /** Figure title. Default `'GRU gates over one input sequence'`. */
  title?: string;
}

/** `m` (`[timeSteps, units]`) transposed to Plotly's `z[unit][timeStep]`. */
function unitsByTime(fn: string, arg: string, m: TimeByUnit, shape?: [number, number]): Array<Array<number | null>> {
  if (!Array.isArray(m) || m.length === 0) {
    throw new RangeError(`${fn}: ${arg} must be a non-empty [timeSteps, units] array, got ${Array.isArray(m) ? 'an empty array' : String(m)}`);
  }
  const rows = m.map((row, t) => toPlotValues(fn, `${arg}[${t}]`, row));
  const units = rows[0].length;
  rows.forEach((row, t) => {
    if (row.length !== units) throw new RangeError(`${fn}: ${arg}[${t}] has ${row.length} units, expected ${units} like ${arg}[0]`);
  });
  if (shape && (shape[0] !== rows.length || shape[1] !== units)) {
    throw new RangeError(`${fn}: ${arg} has shape [${rows.length}, ${units}], expected [${shape[0]}, ${shape[1]}] like updateGate`);
  }
  return Array.from({ length: units }, (_, u) => rows.map((row) => row[u]));
}

/**
 * Three stacked heatmaps (time step × unit) of the update gate, the reset gate and the
 * hidden state of a GRU layer for one input sequence.
 *
 * @param options - see {@link GateHeatmapsFigureOptions}; all three matrices `[timeSteps, units]`.
 * @returns three `heatmap` traces with `z` of shape `[units, timeSteps]`, on axes x/y, x2/y2, x3/y3.
 * @throws when a matrix is empty, ragged, or its shape differs from `updateGate`'s.
 * @example
 * const z = [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7]]; // 3 time steps, 2 units
 * gateHeatmapsFigure({ updateGate: z, resetGate: z, hiddenState: z }).data.length; // => 3
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function gateHeatmapsFigure(options: GateHeatmapsFigureOptions): Figure {
  const fn = 'gateHeatmapsFigure';
  const update = unitsByTime(fn, 'updateGate', options.updateGate);
  const shape: [number, number] = [update[0].length, update.length];
  const panels = [
    { z: update, title: 'Update gate z<sub>t</sub>', zmin: 0, zmax: 1, colorscale: 'Viridis' },
    { z: unitsByTime(fn, 'resetGate', options.resetGate, shape), title: 'Reset gate r<sub>t</sub>', zmin: 0, zmax: 1, colorscale: 'Viridis' },
    { z: unitsByTime(fn, 'hiddenState', options.hiddenState, shape), title: 'Hidden state h<sub>t</sub>', zmin: -1, zmax: 1, colorscale: 'RdBu' },
  ];
  const gap = 0.08;
  const height = (1 - 2 * gap) / 3;
  const time = Array.from({ length: shape[0] }, (_, t) => t + 1);
  const unitIds = Array.from({ length: shape[1] }, (_, u) => u + 1);
  const layout: Partial<Layout> = baseLayout(options.title ?? 'GRU gates over one input sequence', {
    height: 720, hovermode: 'closest', showlegend: false, annotations: [],
  });
  const data: Data[] = panels.map((p, i) => {
    const y0 = Math.max(0, Number((1 - (i + 1) * height - i * gap).toFixed(6))); // panel 0 on top
    const suffix = i === 0 ? '' : String(i + 1);
    const layoutRecord = layout as Record<string, unknown>;
    layoutRecord[`xaxis${suffix}`] = axis(i === 2 ? 'Time step (1 = oldest)' : '', { anchor: `y${suffix}` as AxisName, showline: false, ...(i === 0 ? {} : { matches: 'x' as const }) });
    layoutRecord[`yaxis${suffix}`] = axis('Unit', { domain: [y0, y0 + height], anchor: `x${suffix}` as AxisName, showgrid: false, showline: false });
    layout.annotations!.push({ text: `${p.title} (${i === 2 ? '−1 to 1' : '0 to 1'})`, xref: 'paper', yref: 'paper', x: 0, y: y0 + height, xanchor: 'left', yanchor: 'bottom', showarrow: false });
    return {
      type: 'heatmap', name: p.title, x: time, y: unitIds, z: p.z, zmin: p.zmin, zmax: p.zmax, colorscale: p.colorscale,
      xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      colorbar: { y: y0 + height / 2, len: height, thickness: 12 },
      hovertemplate: `${p.title}<br>time step %{x}, unit %{y}<br>value %{z:.3f}<extra></extra>`,
    };
  });
  return { data, layout };
}

/** One metric of {@link comparisonBarsFigure}: a value per model. */
export interface ComparisonMetric {
  /** Metric name, e.g. `'Test MAE'`. */
  name: string;
  /** Units, e.g. `'°C'`, `'s'`, `'count'`. */
  units: string;
  /** One value per model, in the order of `models`. */
  values: ArrayLike<number>;
}

/** Options of {@link comparisonBarsFigure}. */
export interface ComparisonBarsFigureOptions {
  /** Model names, e.g. `['GRU', 'LSTM']`. */
  models: ReadonlyArray<string>;
  /** The metrics, each drawn in its own panel with its own y axis and units. */
  metrics: ReadonlyArray<ComparisonMetric>;
  /** Figure title. Default `'Model comparison'`. */
  title?: string;
}

/**
 * Bars comparing models on several metrics, one panel per metric (parameter counts,
 * seconds per epoch and MAE do not share a scale), models coloured the same in every panel.
 *
 * @param options - see {@link ComparisonBarsFigureOptions}.
 * @returns one `bar` trace per model and metric, in metric-major order (`metrics.length * models.length` traces).
 * @throws when `models` or `metrics` is empty or a metric has a value count different from `models`.
 * @example
 * comparisonBarsFigure({ models: ['GRU', 'LSTM'], metrics: [{ name: 'Parameters', units: 'count', values: [7950, 10600] }] }).data.length; // => 2
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export function comparisonBarsFigure(options: ComparisonBarsFigureOptions): Figure {
  const fn = 'comparisonBarsFigure';
  const { models, metrics } = options;
  if (!Array.isArray(models) || models.length === 0) throw new RangeError(`${fn}: models must name at least one model, got ${JSON.stringify(models)}`);
  if (!Array.isArray(metrics) || metrics.length === 0) throw new RangeError(`${fn}: metrics must hold at least one metric, got ${JSON.stringify(metrics)}`);
  const gap = 0.1;
  const width = (1 - gap * (metrics.length - 1)) / metrics.length;
  const layout: Partial<Layout> = baseLayout(options.title ?? 'Model comparison', { hovermode: 'closest', barmode: 'group' });
  const layoutRecord = layout as Record<string, unknown>;
  const data: Data[] = [];
  metrics.forEach((metric, m) => {
    const values = toPlotValues(fn, `metrics[${m}].values`, metric.values);
    if (values.length !== models.length) {
      throw new RangeError(`${fn}: metrics[${m}] ('${metric.name}') has ${values.length} values, expected ${models.length} (one per model)`);
    }
    const suffix = m === 0 ? '' : String(m + 1);
    const x0 = m * (width + gap);
    layoutRecord[`xaxis${suffix}`] = axis('Model', { domain: [x0, x0 + width], anchor: `y${suffix}` as AxisName, type: 'category', showgrid: false });
    layoutRecord[`yaxis${suffix}`] = axis(withUnits(metric.name, metric.units), { anchor: `x${suffix}` as AxisName, rangemode: 'tozero' });
    models.forEach((model, i) => {
      data.push({
        type: 'bar', name: model, legendgroup: model, showlegend: m === 0, x: [model], y: [values[i]],
        marker: { color: seriesColor(i) }, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
        text: [formatValue(values[i])], textposition: 'outside', cliponaxis: false,
      });
    });
  });
  return { data, layout };
}

function formatValue(v: number | null): string {
  if (v === null) return '';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toPrecision(3);
}

/** Options of {@link gradientNormFigure}. */
export interface GradientNormFigureOptions {
  /** The x values: how many time steps back the gradient reaches, e.g. `[1, 2, ..., 100]`. */
  stepsBack: ArrayLike<number>;
  /** Gradient norm per step back, one named series per model (e.g. `{ RNN: [...], GRU: [...] }`). */
  series: Record<string, ArrayLike<number>>;
  /** Log-scale y axis; non-positive norms become gaps. Default `true`. */
  logY?: boolean;
  /** Figure title. Default `'Gradient norm vs time steps back'`. */
  title?: string;
  /** What is differentiated: the input `'x'` (default, lesson 05) or the hidden state `'h'`. */
  withRespectTo?: 'x' | 'h';
}

/**
 * Gradient norm ‖∂L/∂x_{t−k}‖ (or ‖∂L/∂h_{t−k}‖) against the number of steps back k, one line per model:
 * how fast the gradient vanishes through time.
 *
 * @param options - see {@link GradientNormFigureOptions}.
 * @returns one `lines+markers` trace per series.
 * @throws when `series` is empty or a series' length differs from `stepsBack`.
 * @example
 * gradientNormFigure({ stepsBack: [1, 2, 3], series: { RNN: [1, 0.1, 0.01], GRU: [1, 0.8, 0.6] } }).layout.yaxis?.type; // => 'log'
 * @see notebooks/05-gru-vs-lstm.ipynb
 */
export function gradientNormFigure(options: GradientNormFigureOptions): Figure {
  const fn = 'gradientNormFigure';
  const logY = options.logY ?? true;
  const x = toPlotValues(fn, 'stepsBack', options.stepsBack);
  const names = Object.keys(options.series ?? {});
  if (names.length === 0) throw new RangeError(`${fn}: series must hold at least one model, got none`);
  const data: Data[] = names.map((name, i) => {
    let y = toPlotValues(fn, `series['${name}']`, options.series[name]);
    if (y.length !== x.length) throw new RangeError(`${fn}: series['${name}'] has ${y.length} values, expected ${x.length} (one per stepsBack)`);
    if (logY) y = y.map((v) => (v !== null && v > 0 ? v : null)); // log axis cannot show 0
    return { type: 'scatter', mode: 'lines+markers', name, x, y, line: { color: seriesColor(i) }, marker: { size: 4 } };
  });
  return {
    data,
    layout: baseLayout(options.title ?? 'Gradient norm vs time steps back', {
      hovermode: 'closest',
      xaxis: axis('Time steps back k'),
      yaxis: axis(`Gradient norm ‖∂L/∂${options.withRespectTo ?? 'x'}<sub>t−k</sub>‖ (unitless)`, logY ? { type: 'log', exponentformat: 'power' } : {}),
    }),
  };
}
