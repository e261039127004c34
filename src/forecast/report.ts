/**
 * A forecaster's results for people: the evaluation and backtest as text tables, and its
 * figures, built with the charts module's builders.
 */
import { table } from 'table';
import type { Data } from 'plotly.js';
import { comparisonBarsFigure } from '../charts/analysis-figures';
import { formatPlotlyDate } from '../charts/dates';
import { forecastFigure, historyFigure, timeSeriesFigure } from '../charts/series-figures';
import { chartColors, seriesColor, type Figure } from '../charts/theme';
import type { TrainingHistory } from '../training/observer';
import type { BacktestResult } from './backtest';
import type { Evaluation } from './evaluation';
import type { ManyEvaluation } from './many/many-evaluation';
import { formatManyEvaluation } from './many/many-report';
import type { ErrorMetrics } from '../metrics/forecast-errors';

/** A number for a table: 3 decimals, or `-` when not a number. */
function cell(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

const TABLE_STYLE = { drawHorizontalLine: (i: number, rows: number) => i === 0 || i === 1 || i === rows };

/**
 * The evaluation as a text table: one row per model (the forecaster's, named by the model
 * that made it, then the baselines) with MAE, RMSE, MAPE and MASE on the test part, the
 * baselines that could not be fitted, and a verdict against the best baseline (lowest MASE)
 * that says how many windows and steps it rests on (one test part: the backtest's folds give
 * its spread).
 *
 * @param evaluation what `Forecaster.evaluate()` returned.
 * @param units the target's units for the header, e.g. `'°C'`; default none.
 * @returns the table, the notes and the verdict, ready to print.
 * @example
 * A many-series forecaster's evaluation is formatted as `formatManyEvaluation` does: every
 * method's sMAPE, MASE, OWA, MSIS and coverage, the models chosen and the verdict.
 *
 * console.log(formatEvaluation(fc.evaluate(), '°C'));
 * // ║ GRU  │ 2.370 │ 3.012 │ 19.5 │ 0.712 ║ ... "GRU MASE is 4.1 % lower than the best baseline's (Seasonal naive (period 363)) over 1164 windows × 7 steps of one test part"
 */
export function formatEvaluation(evaluation: Evaluation | ManyEvaluation, units = ''): string {
  if ('methods' in evaluation) return formatManyEvaluation(evaluation);
  const u = units === '' ? '' : ` (${units})`;
  const rows = [[`Model (test part, ${evaluation.windows} windows × ${evaluation.horizon} steps)`, `MAE${u}`, `RMSE${u}`, 'MAPE (%)', 'MASE']];
  for (const s of evaluation.scores) rows.push([s.model, cell(s.mae), cell(s.rmse), cell(s.mape, 1), cell(s.mase)]);
  const notes: string[] = [];
  for (const { model, reason } of evaluation.unavailable) notes.push(`${model}: not fitted, ${reason}.`);
  if (evaluation.mapeOmitted !== undefined) notes.push(`${evaluation.mapeOmitted}.`);
  if (evaluation.choice === 'naive') notes.push('Neither the trained GRU nor the linear highway beat the naive forecast clearly (by more than one standard error) on the validation part: the forecast is the naive one.');
  else if (evaluation.choice === 'untrained') notes.push('No training epoch beat the untrained model clearly (by more than one standard error) on the validation part: the GRU head stays at zero, so the forecast is the naive one plus the linear highway.');
  const season = evaluation.seasonalPeriod === undefined ? 'naive' : `seasonal naive (period ${evaluation.seasonalPeriod})`;
  // Without a MASE scale the models are ranked by MAE (evaluation.ts): the verdict says so.
  const measure = Number.isFinite(evaluation.maseScale) ? 'MASE' : 'MAE';
  if (measure === 'MASE') notes.push(`MASE: MAE divided by the in-sample MAE of the ${season} forecast (${cell(evaluation.maseScale)}); below 1 beats it.`);
  else notes.push(`MASE undefined: ${maseMissing(evaluation, season)}; the models are compared by MAE.`);
  const pct = Math.abs(evaluation.skillVsBest * 100).toFixed(1);
  const best = evaluation.bestBaseline;
  const model = evaluation.scores[0].model;
  // One test part, its windows overlapping: no spread to rank by, so the verdict names its
  // base and leaves the ranking to the backtest's folds.
  const base = `over ${evaluation.windows} windows × ${evaluation.horizon} step${evaluation.horizon === 1 ? '' : 's'} of one test part`;
  const verdict = evaluation.skillVsBest > 0
    ? `${model} ${measure} is ${pct} % lower than the best baseline's (${best}) ${base}.`
    : evaluation.skillVsBest < 0
      ? `${model} ${measure} is ${pct} % higher than the best baseline's (${best}) ${base}: it does not beat ${best}.`
      : `${model} ${measure} equals the best baseline's (${best}) ${base}.`;
  return `${table(rows, TABLE_STYLE)}${notes.join('\n')}\n${verdict}\n`;
}

/** Why the MASE scale is `NaN` (see `maseScale`): a season as long as the rows before the test part, or those rows constant. */
function maseMissing(evaluation: Evaluation, season: string): string {
  const rows = evaluation.testRows[0];
  const period = Math.max(1, evaluation.seasonalPeriod ?? 1);
  return rows <= period
    ? `the in-sample MAE of the ${season} forecast needs more than ${period} rows before the test part, and there are ${rows}`
    : `the ${rows} rows before the test part do not change from one ${period === 1 ? 'row' : 'season'} to the next, so the ${season} forecast's in-sample MAE is 0`;
}

/**
 * The backtest as a text table: one row per fold (its test rows, the model that forecast it,
 * as each fold chooses its own, and each model's MAE) and the mean.
 *
 * @param result what `Forecaster.backtest()` returned.
 * @returns the table, ready to print.
 * @example
 * console.log(formatBacktest(await fc.backtest({ folds: 3 }))); // fold | train rows | test rows | model | model MAE | naive MAE ...
 */
export function formatBacktest(result: BacktestResult): string {
  const seasonal = result.mean.seasonalNaive !== undefined;
  const header = ['Fold', 'Train rows', 'Test rows', 'Model', 'Model MAE', 'Naive MAE', ...(seasonal ? ['Seasonal naive MAE'] : [])];
  const line = (m: { gru: ErrorMetrics; naive: ErrorMetrics; seasonalNaive?: ErrorMetrics }) => [
    cell(m.gru.mae), cell(m.naive.mae), ...(seasonal ? [cell((m.seasonalNaive as ErrorMetrics).mae)] : []),
  ];
  const rows = [header];
  for (const f of result.folds) rows.push([String(f.fold + 1), `${f.trainRows[0]}-${f.trainRows[1] - 1}`, `${f.testRows[0]}-${f.testRows[1] - 1}`, f.model, ...line(f)]);
  const models = [...new Set(result.folds.map((f) => f.model))];
  rows.push(['Mean', '', '', models.length === 1 ? models[0] : 'by fold', ...line(result.mean)]);
  return table(rows, { drawHorizontalLine: (i: number, count: number) => i <= 1 || i >= count - 1 });
}

/** The figures of {@link forecasterCharts}. */
export interface ForecastCharts {
  /** The target over all dates, with the test part's start in the title. */
  data: Figure;
  /** Training and validation loss per epoch. */
  history: Figure;
  /** The test part: actual, the forecaster's model's and every baseline's 1-step-ahead forecasts, and the forecast after the last date. */
  forecast: Figure;
  /** MASE (and MAE, RMSE) of the forecaster's model and the baselines: bars, and a table under them. */
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
    title: `${target}: ${evaluation.scores[0].model} 1-step-ahead predictions on the test part and the next ${input.next.values.length} step(s)`,
    yLabel: target,
    units,
  });
  const trace: Data = {
    type: 'scatter', mode: 'lines+markers', name: `Forecast (next ${input.next.values.length})`,
    x: input.next.dates.map(formatPlotlyDate), y: input.next.values,
    line: { color: chartColors.forecast, width: 2 }, marker: { color: chartColors.forecast, size: 6 },
  };
  forecast.data.push(trace);
  // Every baseline's 1-step-ahead forecast beside the GRU's, dashed, off until clicked in the legend but for the best one.
  Object.entries(evaluation.baselinePredictions).forEach(([model, predictions], i) => {
    forecast.data.push({
      type: 'scatter', mode: 'lines', name: model, x: evaluation.origins.map((o) => formatPlotlyDate(dates[o])), y: predictions.map((p) => p[0]),
      line: { color: seriesColor(i + 2), width: 1, dash: 'dash' }, visible: model === evaluation.bestBaseline ? true : 'legendonly',
    });
  });
  const models = evaluation.scores.map((s) => s.model);
  const comparison = comparisonBarsFigure({
    models,
    metrics: [
      { name: 'Test MASE', units: '', values: evaluation.scores.map((s) => s.mase) },
      { name: 'Test MAE', units, values: evaluation.scores.map((s) => s.mae) },
    ],
    title: `${evaluation.scores[0].model} against the baselines (horizon ${evaluation.horizon}; best baseline: ${evaluation.bestBaseline})`,
  });
  return { data, history, forecast, comparison };
}

/**
 * The MASE table as a Plotly table figure (model, MAE, RMSE, MAPE, MASE), for the HTML report.
 *
 * @example
 * maseTableFigure(fc.evaluate()).data[0].type; // => 'table'
 */
export function maseTableFigure(evaluation: Evaluation, units = ''): Figure {
  const u = units === '' ? '' : ` (${units})`;
  const scores = evaluation.scores;
  return {
    data: [{
      type: 'table',
      header: { values: ['Model', `MAE${u}`, `RMSE${u}`, 'MAPE (%)', 'MASE'], align: 'left' },
      cells: { values: [scores.map((s) => s.model), scores.map((s) => cell(s.mae)), scores.map((s) => cell(s.rmse)), scores.map((s) => cell(s.mape, 1)), scores.map((s) => cell(s.mase))], align: 'left' },
    } as Data],
    layout: {
      title: { text: `Test errors (MASE scale ${cell(evaluation.maseScale)}; best baseline ${evaluation.bestBaseline})` },
      height: 140 + 34 * (scores.length + 1),
      margin: { t: 60, b: 10, l: 20, r: 20 },
    },
  };
}
