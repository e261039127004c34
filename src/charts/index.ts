/**
 * Charts: Plotly figure builders (pure functions returning `{ data, layout }`) and their
 * display in tslab notebooks, in a terminal, or as standalone HTML.
 */
export type { Figure } from './theme';
export { chartColors } from './theme';
export type { DateLike } from './dates';
export { formatPlotlyDate } from './dates';
export type { TimeSeriesFigureOptions, ForecastFigureOptions, PredictionSpan, HistoryFigureOptions } from './series-figures';
export { timeSeriesFigure, forecastFigure, historyFigure } from './series-figures';
export type {
  GateHeatmapsFigureOptions, TimeByUnit, ComparisonBarsFigureOptions, ComparisonMetric, GradientNormFigureOptions,
} from './analysis-figures';
export { gateHeatmapsFigure, comparisonBarsFigure, gradientNormFigure } from './analysis-figures';
export { plotlyVersion } from './bundle';
export type { ShowOptions, LiveChart } from './display';
export { show, liveChart, loadPlotly, saveHtml, inNotebook } from './display';
export type { TrainingProgressOptions } from './progress';
export { trainingProgress } from './progress';
