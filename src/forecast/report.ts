/**
 * A forecaster's results for people: the evaluation and backtest as text tables, and its
 * figures, built with the charts module's builders.
 */
import { table } from 'table';
import type { Data } from 'plotly.js';
import { comparisonBarsFigure } from '../charts/analysis-figures';
import { formatPlotlyDate } from '../charts/dates';
import { forecastFigure, historyFigure, timeSeriesFigure } from '../charts/series-figures';
import { chartColors, type Figure } from '../charts/theme';
import type { TrainingHistory } from '../models/observer';
import type { BacktestResult } from './backtest';
import type { Evaluation } from './engine';
import type { ErrorMetrics } from './metrics';

/** A number for a table: 3 decimals, or `-` when not a number. */
function cell(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

const TABLE_STYLE = { drawHorizontalLine: (i: number, rows: number) => i === 0 || i === 1 || i === rows };

/**
 * The evaluation as a text table: one row per model (GRU, naive, seasonal naive) with MAE,
 * RMSE and MAPE on the test part, and a verdict line.
 *
 * @param evaluation what `Forecaster.evaluate()` returned.
 * @param units the target's units for the header, e.g. `'°C'`; default none.
 * @returns the table and the verdict, ready to print.
 * @example
 * console.log(formatEvaluation(fc.evaluate(), '°C'));
 * // ║ GRU  │ 2.370 │ 3.012 │ 19.5 ║ ... "GRU MAE is 8.6 % lower than the naive forecast's"
 */
export function formatEvaluation(evaluation: Evaluation, units = ''): string {
  const u = units === '' ? '' : ` (${units})`;
  const rows = [[`Model (test part, ${evaluation.windows} windows × ${evaluation.horizon} steps)`, `MAE${u}`, `RMSE${u}`, 'MAPE (%)']];
  for (const s of evaluation.scores) rows.push([s.model, cell(s.mae), cell(s.rmse), cell(s.mape, 1)]);
  const pct = Math.abs(evaluation.skillVsNaive * 100).toFixed(1);
  const verdict =
    evaluation.skillVsNaive >= 0.05
      ? `GRU MAE is ${pct} % lower than the naive forecast's: the GRU earns its keep.`
      : evaluation.skillVsNaive > 0
        ? `GRU MAE is only ${pct} % lower than the naive forecast's: little gain for a trained model.`
        : `GRU MAE is ${pct} % higher than the naive forecast's: the GRU does not beat repeating the last value.`;
  return `${table(rows, TABLE_STYLE)}${verdict}\n`;
}

/**
 * The backtest as a text table: one row per fold (its test rows and each model's MAE) and
 * the mean.
 *
 * @param result what `Forecaster.backtest()` returned.
 * @returns the table, ready to print.
 * @example
 * console.log(formatBacktest(await fc.backtest({ folds: 3 }))); // fold | test rows | GRU MAE | naive MAE ...
 */
export function formatBacktest(result: BacktestResult): string {
  const seasonal = result.mean.seasonalNaive !== undefined;
  const header = ['Fold', 'Train rows', 'Test rows', 'GRU MAE', 'Naive MAE', ...(seasonal ? ['Seasonal naive MAE'] : [])];
  const line = (m: { gru: ErrorMetrics; naive: ErrorMetrics; seasonalNaive?: ErrorMetrics }) => [
    cell(m.gru.mae), cell(m.naive.mae), ...(seasonal ? [cell((m.seasonalNaive as ErrorMetrics).mae)] : []),
  ];
  const rows = [header];
  for (const f of result.folds) rows.push([String(f.fold + 1), `${f.trainRows[0]}-${f.trainRows[1] - 1}`, `${f.testRows[0]}-${f.testRows[1] - 1}`, ...line(f)]);
  rows.push(['Mean', '', '', ...line(result.mean)]);
  return table(rows, { drawHorizontalLine: (i: number, count: number) => i <= 1 || i >= count - 1 });
}

/** The figures of {@link forecasterCharts}. */
export interface ForecastCharts {
  /** The target over all dates, with the test part's start in the title. */
  data: Figure;
  /** Training and validation loss per epoch. */
  history: Figure;
  /** The test part: actual, the GRU's 1-step-ahead predictions, and the forecast after the last date. */
  forecast: Figure;
  /** MAE and RMSE of the GRU and the baselines. */
  comparison: Figure;
}

/** What {@link forecasterCharts} draws. */
export interface ForecastChartInput {
  target: string;
  units: string;
  dates: Date[];
  values: number[];
  history: TrainingHistory;
  evaluation: Evaluation;
  next: { dates: Date[]; values: number[] };
}

/**
 * The forecaster's four figures, from the charts module's builders; the forecast after the
 * last date is one extra trace on `forecastFigure` (which marks a single next value).
 */
export function forecasterCharts(input: ForecastChartInput): ForecastCharts {
  const { target, units, dates, values, evaluation } = input;
  const [testStart, testEnd] = evaluation.testRows;
  const data = timeSeriesFigure({ dates, series: { [target]: values }, title: `${target}: the whole series (test part from ${formatPlotlyDate(dates[testStart])})`, yLabel: target, units });
  const history = historyFigure({ history: input.history, title: 'Training history (GRU)' });
  const forecast = forecastFigure({
    dates: dates.slice(testStart, testEnd),
    actual: values.slice(testStart, testEnd),
    test: { start: evaluation.origins[0] - testStart, values: evaluation.predictions.map((p) => p[0]) },
    title: `${target}: GRU 1-step-ahead predictions on the test part and the next ${input.next.values.length} step(s)`,
    yLabel: target,
    units,
  });
  const trace: Data = {
    type: 'scatter', mode: 'lines+markers', name: `Forecast (next ${input.next.values.length})`,
    x: input.next.dates.map(formatPlotlyDate), y: input.next.values,
    line: { color: chartColors.forecast, width: 2 }, marker: { color: chartColors.forecast, size: 6 },
  };
  forecast.data.push(trace);
  const models = evaluation.scores.map((s) => s.model);
  const comparison = comparisonBarsFigure({
    models,
    metrics: [
      { name: 'Test MAE', units, values: evaluation.scores.map((s) => s.mae) },
      { name: 'Test RMSE', units, values: evaluation.scores.map((s) => s.rmse) },
    ],
    title: `GRU against the naive baselines (horizon ${evaluation.horizon})`,
  });
  return { data, history, forecast, comparison };
}
