/**
 * grulab: GRU networks in TypeScript notebooks.
 *
 * The public entry (`import * as grulab from "grulab"`): what the lessons and a forecasting
 * user need, listed name by name and grouped by job. Plumbing (the fused kernel's switches,
 * file formats, the training loop under `fit`, chart internals) lives in `grulab/internals`
 * (`src/internals.ts`). Every value exported here has an `@example` in its TSDoc; the
 * README's "Public API" section gives each one's purpose in a line.
 */

// Data: loading CSVs, scaling, windows, splits, shipped datasets, seeded random numbers.
export { loadCsv, type LoadCsvOptions } from './data/load';
export { loadTable } from './data/load-table';
export type { ReadOptions } from './data/read-options';
export type { FillMissing } from './data/missing';
export { describeFrequency, type Frequency, type FrequencyUnit } from './data/calendar';
export type { Aggregate } from './data/resample';
export type { WhereFilter } from './data/long-format';
export { datasetPath, type DatasetFile } from './data/datasets';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerJSON } from './data/scaler';
export type { NumericData } from './data/columns';
export { createDataset, type CreateDatasetOptions, type SeriesLike, type Windows } from './data/windows';
export { chronologicalSplit, type SplitDates, type SplitFractions, type SplitParts, type SplitSpec } from './data/split';
export { prepareWindows, type PrepareWindowsOptions, type PreparedWindows } from './data/pipeline';
export { createRng, type Rng } from './base/random';
export { textVectorizer, padSequences, type TextVectorizer, type TextVectorizerOptions } from './data/text';

// Models: the backend, the Keras-like layers, the from-scratch GRU cell, summary, saving.
export { ready, describeBackend, type BackendInfo, type BackendName } from './base/backend';
export { gru, type GruArgs, type GruCallArgs, type GrulabGRU } from './models/gru-layer';
export { lstm, simpleRNN, dense, type LstmArgs, type DenseArgs, type DenseActivation } from './models/layers';
export type { RecurrentArgs, RecurrentActivation } from './models/layer-args';
export type { InitializerOption, Seed, SeededInitializerName } from './models/initializers';
export {
  gruCellStep,
  cellWeightsFromKeras,
  type GruCellWeights,
  type GruCellStepArgs,
  type GruCellStepResult,
  type KerasGruArrays,
} from './models/gru-cell-step';
export { embedding, type EmbeddingArgs } from './models/embedding';
export { bidirectional, type BidirectionalArgs, type MergeMode } from './models/bidirectional';
export { modelSummary } from './models/summary';
export { saveModel, loadModel, type SaveModelOptions, type LoadedModel, type JsonValue } from './models/save';

// Training: seeds for repeatable runs, and `fit` with its progress display.
export { setSeed, withSeed } from './models/initializers';
export { fit, type FitOptions } from './training/fit';
export type { TrainOptions, TrainResult } from './training/training-loop';
export type { EarlyStoppingOptions } from './training/early-stopping';
export type {
  TrainingObserver, TrainingHistory, TrainBeginInfo, BatchEndInfo, EpochEndInfo, TrainEndInfo,
} from './training/observer';

// Comparing runs: time cases against each other (warm-up, alternating rounds), and word a
// comparison over seeds or repeats with its spread ("within noise" when the intervals overlap).
export { timeAlternating, type TimedCase, type TimeAlternatingOptions, type TimingResult, type TimingSummary } from './base/timing';
export { compareSamples, type CompareSamplesOptions, type Comparison, type SampleSummary, type PairVerdict } from './metrics/comparison';

// Charts: Plotly figure builders (plain `{ data, layout }`) and their display.
export { chartColors, type Figure } from './charts/theme';
export type { DateLike } from './charts/dates';
export {
  timeSeriesFigure,
  forecastFigure,
  historyFigure,
  type TimeSeriesFigureOptions,
  type ForecastFigureOptions,
  type PredictionSpan,
  type HistoryFigureOptions,
} from './charts/series-figures';
export {
  gateHeatmapsFigure,
  comparisonBarsFigure,
  gradientNormFigure,
  type GateHeatmapsFigureOptions,
  type TimeByUnit,
  type ComparisonBarsFigureOptions,
  type ComparisonMetric,
  type GradientNormFigureOptions,
} from './charts/analysis-figures';
export {
  confusionMatrixFigure,
  anomaliesFigure,
  type ConfusionMatrixFigureOptions,
  type AnomaliesFigureOptions,
} from './charts/application-figures';
export { show, saveHtml, loadPlotly, type ShowOptions } from './charts/display';
// DataFrames and Series show as HTML tables in notebooks once grulab is loaded (charts/tables.ts).
import './charts/tables';

// Forecasting your own data: the forecaster, its baselines, metrics and reports.
// `Forecaster` is exported as a type only: create one with `forecaster()` or `loadForecaster()`.
export { forecaster, loadForecaster, type Forecaster, type Forecast, type LoadForecasterOptions } from './forecast/forecaster';
export type { ForecasterOptions } from './forecast/options';
export type { ForecastStrategy } from './forecast/strategy';
export type { Evaluation, ModelScore } from './forecast/evaluation';
export type { BacktestOptions, BacktestFold, BacktestResult } from './forecast/backtest';
export { errorMetrics, type ErrorMetrics } from './metrics/forecast-errors';
export { detectSeasonalPeriod, type DetectSeasonalPeriodOptions } from './baselines/seasonal-period';
export { formatEvaluation, formatBacktest, type ForecastCharts } from './forecast/report';
// Many series at once: `forecaster({ id, ... })` gives a ManyForecaster (a type only, as Forecaster).
export type { ManyForecaster, SeriesForecastRow, ManyFitSummary } from './forecast/many/many-forecaster';
export type { ManyForecasterOptions } from './forecast/many/many-options';
export type { Candidate } from './forecast/many/fit-many';
export type { ManyEvaluation, MethodScore, SeriesScore } from './forecast/many/many-evaluation';
export type { ManyCharts } from './forecast/many/many-report';
export { loadM4, type M4Set } from './data/m4-dataset';

// Applications: classification scores and anomaly detection (notebooks 07-09).
export { binaryMetrics, type BinaryMetrics } from './metrics/classification-metrics';
export { detectAnomalies, type DetectAnomaliesOptions, type AnomalyResult } from './metrics/anomalies';
