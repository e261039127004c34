/**
 * Figures over time: a dated series, forecast against actual, and training history.
 */
import type { Data, Shape, Annotations } from 'plotly.js';
import { type DateLike, formatPlotlyDate, nextDate, toDate, toPlotlyDates } from './dates';
import { type Figure, axis, baseLayout, chartColors, seriesColor, toPlotValues, withUnits } from './theme';

/** Options of {@link timeSeriesFigure}. */
export interface TimeSeriesFigureOptions {
  /** One date per value, `Date` or date string. */
  dates: ReadonlyArray<DateLike>;
  /** One or several named columns, each with one value per date. */
  series: Record<string, ArrayLike<number>>;
  /** Figure title. Default `'Time series'`. */
  title?: string;
  /** Y-axis label without units. Default `'Value'`. */
  yLabel?: string;
  /** Units of the values, shown on the y axis (e.g. `'°C'`). Default none. */
  units?: string;
}

/**
 * A line chart of one or several columns over dates.
 *
 * @param options - see {@link TimeSeriesFigureOptions}.
 * @returns one `scatter` line trace per column, x in Plotly date strings (UTC).
 * @throws when a date is invalid, `series` is empty, or a column's length differs from `dates`.
 * @example
 * const fig = timeSeriesFigure({ dates: ['2010-01-01', '2010-01-02'], series: { Temperature: [20.1, 21.3] }, units: '°C' });
 * fig.data.length; // => 1
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function timeSeriesFigure(options: TimeSeriesFigureOptions): Figure {
  const fn = 'timeSeriesFigure';
  const x = toPlotlyDates(fn, 'dates', options.dates);
  const names = Object.keys(options.series ?? {});
  if (names.length === 0) throw new RangeError(`${fn}: series must hold at least one column, got none`);
  const data: Data[] = names.map((name, i) => {
    const y = toPlotValues(fn, `series['${name}']`, options.series[name]);
    if (y.length !== x.length) {
      throw new RangeError(`${fn}: series['${name}'] has ${y.length} values, expected ${x.length} (one per date)`);
    }
    return { type: 'scatter', mode: 'lines', name, x, y, line: { color: seriesColor(i), width: 1.5 } };
  });
  const yTitle = withUnits(options.yLabel ?? 'Value', options.units);
  return {
    data,
    layout: baseLayout(options.title ?? 'Time series', {
      xaxis: axis('Date', { type: 'date' }),
      yaxis: axis(yTitle),
      showlegend: names.length > 1,
    }),
  };
}

/** Predictions for a part of the series, starting at index `start` of the dates. */
export interface PredictionSpan {
  /** Index into `dates` of the first prediction. */
  start: number;
  /** The predicted values, in original units. */
  values: ArrayLike<number>;
}

/** Options of {@link forecastFigure}. */
export interface ForecastFigureOptions {
  /** One date per actual value. */
  dates: ReadonlyArray<DateLike>;
  /** The actual series in original units. */
  actual: ArrayLike<number>;
  /** Predictions on the training part. Default none. */
  train?: PredictionSpan;
  /** Predictions on the test part. Default none. */
  test?: PredictionSpan;
  /** The forecast for the step after the last date; `date` defaults to last date + last spacing. */
  next?: { value: number; date?: DateLike };
  /** Figure title. Default `'Forecast vs actual'`. */
  title?: string;
  /** Y-axis label without units. Default `'Temperature'`. */
  yLabel?: string;
  /** Units of the values. Default `'°C'`. */
  units?: string;
}

function spanTrace(fn: string, arg: 'train' | 'test', span: PredictionSpan, x: string[]): Data & { x: string[] } {
  const y = toPlotValues(fn, `${arg}.values`, span.values);
  if (!Number.isInteger(span.start) || span.start < 0 || span.start + y.length > x.length) {
    throw new RangeError(
      `${fn}: ${arg}.start must be an integer with start + values.length <= dates.length (${x.length}), ` +
        `got start ${span.start} and ${y.length} values`,
    );
  }
  const color = arg === 'train' ? chartColors.train : chartColors.test;
  return {
    type: 'scatter', mode: 'lines', name: `${arg === 'train' ? 'Train' : 'Test'} prediction`,
    x: x.slice(span.start, span.start + y.length), y, line: { color, width: 1.5 },
  };
}

/**
 * Actual values against predictions on the train and test parts, each part on a shaded
 * background, with the next-step forecast marked.
 *
 * @param options - see {@link ForecastFigureOptions}.
 * @returns traces in order: actual, train prediction, test prediction, next forecast (those given).
 * @throws when a date is invalid, lengths disagree, or a span falls outside `dates`.
 * @example
 * const fig = forecastFigure({ dates: ['2010-01-01', '2010-01-02', '2010-01-03'], actual: [20, 21, 22],
 *   test: { start: 1, values: [20.5, 21.8] }, next: { value: 22.4 } });
 * fig.data.map((t) => t.name); // => ['Actual', 'Test prediction', 'Next-day forecast']
 * @see notebooks/04-temperature-forecasting.ipynb
 */
export function forecastFigure(options: ForecastFigureOptions): Figure {
  const fn = 'forecastFigure';
  const units = options.units ?? '°C';
  const x = toPlotlyDates(fn, 'dates', options.dates);
  const actual = toPlotValues(fn, 'actual', options.actual);
  if (actual.length !== x.length) {
    throw new RangeError(`${fn}: actual has ${actual.length} values, expected ${x.length} (one per date)`);
  }
  const data: Data[] = [
    { type: 'scatter', mode: 'lines', name: 'Actual', x, y: actual, line: { color: chartColors.actual, width: 1 } },
  ];
  const shapes: Array<Partial<Shape>> = [];
  const annotations: Array<Partial<Annotations>> = [];
  for (const arg of ['train', 'test'] as const) {
    const span = options[arg];
    if (!span) continue;
    const trace = spanTrace(fn, arg, span, x);
    data.push(trace);
    if (trace.x.length === 0) continue;
    const color = arg === 'train' ? chartColors.train : chartColors.test;
    const [x0, x1] = [trace.x[0], trace.x[trace.x.length - 1]];
    shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0, x1, y0: 0, y1: 1, fillcolor: color, opacity: 0.08, line: { width: 0 }, layer: 'below' });
    annotations.push({ xref: 'x', yref: 'paper', x: x0, y: 1, xanchor: 'left', yanchor: 'top', showarrow: false, text: arg === 'train' ? 'train' : 'test', font: { color } });
  }
  if (options.next) {
    const { value } = options.next;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${fn}: next.value must be a finite number, got ${JSON.stringify(value)}`);
    }
    const date = options.next.date === undefined ? nextDate(fn, options.dates) : toDate(fn, 'next.date', options.next.date);
    const when = formatPlotlyDate(date);
    data.push({
      type: 'scatter', mode: 'text+markers', name: 'Next-day forecast', x: [when], y: [value],
      marker: { color: chartColors.forecast, size: 11, symbol: 'star' },
      text: [`${value.toFixed(2)} ${units}`], textposition: 'top left', textfont: { color: chartColors.forecast },
    });
  }
  return {
    data,
    layout: baseLayout(options.title ?? 'Forecast vs actual', {
      xaxis: axis('Date', { type: 'date' }),
      yaxis: axis(withUnits(options.yLabel ?? 'Temperature', units)),
      shapes,
      annotations,
    }),
  };
}

/** Options of {@link historyFigure}. */
export interface HistoryFigureOptions {
  /** Loss (and validation loss) per epoch: what `fit` returns, or any `{ loss, valLoss }`. */
  history: { loss: number[]; valLoss?: number[] };
  /** Log-scale y axis. Default `false`. */
  logScale?: boolean;
  /** Figure title. Default `'Training history'`. */
  title?: string;
  /** Y-axis title. Default `'Loss (MSE, scaled units²)'`. */
  yTitle?: string;
}

/**
 * Loss and validation loss per epoch (epochs numbered from 1, as Keras prints them).
 *
 * @param options - see {@link HistoryFigureOptions}.
 * @returns a `loss` trace and, when present, a `val loss` trace, both `lines+markers`.
 * @throws when `valLoss` is given with a different length from `loss`.
 * @example
 * historyFigure({ history: { loss: [0.1, 0.05], valLoss: [0.12, 0.07] } }).data.length; // => 2
 */
export function historyFigure(options: HistoryFigureOptions): Figure {
  const fn = 'historyFigure';
  const loss = toPlotValues(fn, 'history.loss', options.history?.loss);
  const epochs = loss.map((_, i) => i + 1);
  const data: Data[] = [
    { type: 'scatter', mode: 'lines+markers', name: 'loss', x: epochs, y: loss, line: { color: chartColors.loss } },
  ];
  if (options.history.valLoss !== undefined) {
    const valLoss = toPlotValues(fn, 'history.valLoss', options.history.valLoss);
    if (valLoss.length !== loss.length) {
      throw new RangeError(`${fn}: history.valLoss has ${valLoss.length} values, expected ${loss.length} (one per epoch, like loss)`);
    }
    data.push({ type: 'scatter', mode: 'lines+markers', name: 'val loss', x: epochs, y: valLoss, line: { color: chartColors.valLoss } });
  }
  return {
    data,
    layout: baseLayout(options.title ?? 'Training history', {
      // under 10 epochs Plotly's automatic ticks fall between epochs (0.2, 0.4...), which 'd' prints as 0, 0, 1...
      xaxis: axis('Epoch', { tickformat: 'd', rangemode: 'tozero', ...(epochs.length < 10 ? { dtick: 1 } : {}) }),
      yaxis: axis(options.yTitle ?? 'Loss (MSE, scaled units²)', options.logScale ? { type: 'log' } : {}),
    }),
  };
}
