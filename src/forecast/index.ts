/**
 * Forecasting your own data: a GRU forecaster composed from the data, models and charts
 * modules, with naive baselines, rolling-origin backtests, saving and loading.
 */
export { forecaster, loadForecaster, Forecaster, type Forecast, type LoadForecasterOptions } from './forecaster';
export { DEFAULT_SPLIT, type ForecasterOptions, type ForecasterConfig } from './options';
export { FORECAST_STRATEGIES, type ForecastStrategy } from './strategy';
export type { Evaluation, ModelScore } from './engine';
export type { BacktestOptions, BacktestFold, BacktestResult } from './backtest';
export { errorMetrics, meanMetrics, type ErrorMetrics } from './metrics';
export { detectSeasonalPeriod, naiveForecast, seasonalNaiveForecast, type DetectSeasonalPeriodOptions } from './baselines';
export { detectAnomalies, type DetectAnomaliesOptions, type AnomalyResult } from './anomalies';
export { nextDates } from './series';
export { formatEvaluation, formatBacktest, type ForecastCharts } from './report';
export { FORECASTER_FILE, type ForecasterState } from './persist';
