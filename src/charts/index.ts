/**
 * Charts: Plotly figure builders (pure functions returning `{ data, layout }`) and their
 * display in tslab notebooks, in a terminal, or as standalone HTML.
 */
export type { Figure } from './theme';
export { chartColors } from './theme';
export type { DateLike } from './dates';
export { formatPlotlyDate } from './dates';
export type { TimeSeriesFigureOptions, ForecastFigureOptions, PredictionSpan, HistoryFigureOptions } from './series';
export { timeSeriesFigure, forecastFigure, historyFigure } from './series';
export type {
  GateHeatmapsFigureOptions, TimeByUnit, ComparisonBarsFigureOptions, ComparisonMetric, GradientNormFigureOptions,
} from './analysis';
export { gateHeatmapsFigure, comparisonBarsFigure, gradientNormFigure } from './analysis';
export { plotlyVersion } from './bundle';
export type { ShowOptions, LiveChart } from './display';
export { show, liveChart, loadPlotly, saveHtml, inNotebook } from './display';
export type { TrainingProgressOptions } from './progress';
export { trainingProgress } from './progress';
export type { TableHtmlOptions } from './tables';
export { tableHtml, showTable, installTableDisplay } from './tables';

import { installTableDisplay } from './tables';
// DataFrames and Series display as tables in notebooks as soon as grulab is loaded.
installTableDisplay();
