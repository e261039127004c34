/**
 * Figures for the application lessons: a confusion matrix (classification) and a series
 * with its forecast and the anomalies marked (anomaly detection).
 */
import type { Data } from 'plotly.js';
import { type DateLike, toPlotlyDates } from './dates';
import { type Figure, axis, baseLayout, chartColors, seriesColor, toPlotValues, withUnits } from './theme';

/** Options of {@link confusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  /** `matrix[actual][predicted]` counts, as `confusionMatrix` or `binaryMetrics(...).confusion` return them. */
  matrix: ReadonlyArray<ReadonlyArray<number>>;
  /** Class names, one per row. Default `'0'`, `'1'`, ... */
  labels?: ReadonlyArray<string>;
  /** Figure title. Default `'Confusion matrix'`. */
  title?: string;
}

/**
 * A confusion matrix as a heatmap with the count and the row share in each cell: rows are
 * the true class, columns the predicted one, so the diagonal holds the correct predictions.
 *
 * @param options {@link ConfusionMatrixFigureOptions}.
 * @returns one `heatmap` trace with text annotations.
 * @throws when `matrix` is empty or not square, or `labels` has the wrong length.
 * @example
 * confusionMatrixFigure({ matrix: [[50, 3], [5, 42]], labels: ['ham', 'spam'] }).data[0].type; // => 'heatmap'
 * @see notebooks/07-text-classification.ipynb
 */
export function confusionMatrixFigure(options: ConfusionMatrixFigureOptions): Figure {
  const fn = 'confusionMatrixFigure';
  const matrix = options.matrix;
  if (!Array.isArray(matrix) || matrix.length === 0 || matrix.some((row) => !Array.isArray(row) || row.length !== matrix.length)) {
    throw new RangeError(`${fn}: matrix must be a non-empty square array of counts, got ${JSON.stringify(matrix)}`);
  }
  const rows = matrix.map((row, i) => toPlotValues(fn, `matrix[${i}]`, row).map((v) => v ?? 0));
  const labels = options.labels ?? rows.map((_, i) => String(i));
  if (labels.length !== rows.length) throw new RangeError(`${fn}: labels has ${labels.length} names, expected ${rows.length} (one per class)`);
  const text = rows.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => `${v}<br>${total === 0 ? '-' : `${((100 * v) / total).toFixed(1)} %`}`);
  });
  // Plotly draws row 0 at the bottom; reverse so the first class is on top, as printed.
  const data: Data[] = [{
    type: 'heatmap',
    x: [...labels],
    y: [...labels].reverse(),
    z: [...rows].reverse(),
    text: [...text].reverse(),
    texttemplate: '%{text}',
    hovertemplate: 'true %{y}, predicted %{x}: %{z}<extra></extra>',
    colorscale: 'Blues',
    showscale: false,
  } as unknown as Data];
  return {
    data,
    layout: baseLayout(options.title ?? 'Confusion matrix', {
      xaxis: axis('Predicted class', { showgrid: false, type: 'category' }),
      yaxis: axis('True class', { showgrid: false, type: 'category' }),
      hovermode: 'closest',
      width: 460,
      height: 420,
    }),
  };
}

/** Options of {@link anomaliesFigure}. */
export interface AnomaliesFigureOptions {
  /** One date per value. */
  dates: ReadonlyArray<DateLike>;
  /** The series as scanned (with any injected anomalies). */
  actual: ArrayLike<number>;
  /** The forecaster's prediction for each date. */
  predicted: ArrayLike<number>;
  /** Indices (into `dates`) the detector flagged. */
  flagged: ReadonlyArray<number>;
  /** Known anomalies by kind: indices into `dates` (e.g. `{ spike: [12, 80], 'level shift': [...] }`). Default none. */
  known?: Record<string, ReadonlyArray<number>>;
  /** Figure title. Default `'Anomalies'`. */
  title?: string;
  /** Y-axis label without units. Default `'Value'`. */
  yLabel?: string;
  /** Units of the values. Default none. */
  units?: string;
}

/**
 * The scanned series and its forecast, with the known anomalies shaded by kind and the
 * points the detector flagged marked with red crosses: hits sit on shading, false alarms
 * outside it, misses are shading without a cross.
 *
 * @param options {@link AnomaliesFigureOptions}.
 * @returns line traces for actual and predicted, one marker trace per known kind, one for the flags.
 * @throws when lengths differ or an index is outside the dates.
 * @example
 * anomaliesFigure({ dates, actual, predicted, flagged: [40], known: { spike: [40] } }).data.length; // => 4
 * @see notebooks/09-anomaly-detection.ipynb
 */
export function anomaliesFigure(options: AnomaliesFigureOptions): Figure {
  const fn = 'anomaliesFigure';
  const x = toPlotlyDates(fn, 'dates', options.dates);
  const actual = toPlotValues(fn, 'actual', options.actual);
  const predicted = toPlotValues(fn, 'predicted', options.predicted);
  for (const [name, values] of [['actual', actual], ['predicted', predicted]] as const) {
    if (values.length !== x.length) throw new RangeError(`${fn}: ${name} has ${values.length} values, expected ${x.length} (one per date)`);
  }
  const pick = (arg: string, indices: ReadonlyArray<number>): { x: string[]; y: Array<number | null> } => {
    for (const i of indices) {
      if (!(Number.isInteger(i) && i >= 0 && i < x.length)) throw new RangeError(`${fn}: ${arg} holds ${i}, expected an index in 0..${x.length - 1}`);
    }
    return { x: indices.map((i) => x[i]), y: indices.map((i) => actual[i]) };
  };
  const data: Data[] = [
    { type: 'scatter', mode: 'lines', name: 'actual', x, y: actual, line: { color: chartColors.actual, width: 1.2 } },
    { type: 'scatter', mode: 'lines', name: 'forecast', x, y: predicted, line: { color: chartColors.train, width: 1.2, dash: 'dot' } },
  ];
  Object.entries(options.known ?? {}).forEach(([kind, indices], k) => {
    const points = pick(`known['${kind}']`, indices);
    data.push({
      type: 'scatter', mode: 'markers', name: `injected: ${kind}`, ...points,
      marker: { color: seriesColor(k + 1), size: 11, opacity: 0.45, symbol: 'circle' },
    });
  });
  data.push({
    type: 'scatter', mode: 'markers', name: 'flagged', ...pick('flagged', options.flagged),
    marker: { color: '#CC0000', size: 7, symbol: 'x' },
  });
  return {
    data,
    layout: baseLayout(options.title ?? 'Anomalies', {
      xaxis: axis('Date', { type: 'date' }),
      yaxis: axis(withUnits(options.yLabel ?? 'Value', options.units)),
      hovermode: 'closest',
    }),
  };
}
