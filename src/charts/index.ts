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
export type { ConfusionMatrixFigureOptions, AnomaliesFigureOptions } from './applications';
export { confusionMatrixFigure, anomaliesFigure } from './applications';
export { plotlyVersion } from './bundle';
export type { ShowOptions, LiveChart } from './display';
export { show, liveChart, loadPlotly, saveHtml, inNotebook } from './display';
export type { TrainingProgressOptions } from './progress';
export { trainingProgress } from './progress';
