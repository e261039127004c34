/**
 * grulab's second entry, `grulab/internals`: plumbing that the public entry (`grulab`)
 * keeps out of a learner's way but that tests, benchmarks and curious readers use. The
 * fused kernels and their switches, the seeded initializers, the training loop under
 * `fit`, file-format constants, the synthetic dataset's generator, chart helpers.
 *
 * Nothing here is needed to follow the lessons or to forecast a CSV; names may change
 * between versions without notice.
 *
 * @example
 * import { setFused } from "grulab/internals";
 * setFused(false); // every GRU, LSTM and SimpleRNN layer now runs op by op in TensorFlow.js
 */

// Base
export { BACKEND_NAMES } from './base/backend';
export { checkTimeStep } from './base/checks';

// Data
export { FILL_MISSING_MODES } from './data/missing';
export { detectFrequency, nextDates, parseDate, FREQUENCY_UNITS, type FrequencyCheck, type ParsedDate } from './data/calendar';
export { calendarColumns } from './data/calendar-features';
export { AGGREGATES } from './data/resample';
export { READ_OPTION_NAMES, READ_OPTION_FLAGS, pickReadOptions, type ReadOptionFlag } from './data/read-options';
export { DATASET_FILES } from './data/datasets';
export { makeWindows, type MakeWindowsOptions } from './data/windows';
export { SPLIT_PARTS } from './data/split';
export { TextVectorizer, PAD_ID, OOV_ID } from './data/text';
export {
  generateDailyTemperature,
  dailyTemperatureCsv,
  writeDailyTemperatureCsv,
  DAILY_TEMPERATURE_DEFAULTS,
  DAILY_TEMPERATURE_PATH,
  type DailyTemperatureOptions,
} from './data/synthetic';

// Models: seeded initializers, the layer classes, the sequence kernels and their switch.
export { seededInitializer, SeededVarianceScaling, SeededOrthogonal, SeededRandomUniform, UnitForgetBias } from './models/initializers';
export { GrulabGRU } from './models/gru-layer';
export { GrulabEmbedding } from './models/embedding';
export { GrulabBidirectional } from './models/bidirectional';
export { GrulabLSTM, GrulabSimpleRNN } from './models/recurrent-layers';
export { RECURRENT_ACTIVATIONS } from './models/layer-args';
export { gruSequence, gruSequenceReference, sequenceMask, type GruReferenceArgs } from './models/gru-sequence';
export {
  fusedGruSupported, gruSequenceFused, fusedKernelMemory, resetFusedKernelPeak,
  type GruActivation, type GruSequenceArgs, type GruSequenceResult, type FusedKernelMemory,
} from './models/fused/gru-op';
export { cellSequenceFused, fusedCellSupported, type CellKind, type CellSequenceArgs } from './models/fused/cell-op';
export { setFused, fusedEnabled } from './models/fused/fused-switch';
export { fromTorchGru, type TorchArray, type TorchGruWeights } from './models/torch';
export { MODEL_FILES } from './models/save';

// Training: the seeded loop that `fit` wraps (without a display), the fused step's switch and plan, the progress display.
export { trainModel } from './training/training-loop';
export { lastTrainingStep, type TrainingStep, type TrainingStepRecord } from './training/batch-trainer';
export { setFusedStep, fusedStepEnabled } from './training/fused-step/step-switch';
export { fusedStepPlan } from './training/fused-step/plan';
export { trainingProgress, type TrainingProgressOptions } from './training/progress';

// Metrics and baselines
export { meanMetrics, maseScale } from './metrics/forecast-errors';
export { confusionMatrix, rocAuc } from './metrics/classification-metrics';
export { naiveForecast, seasonalNaiveForecast } from './baselines/naive';

// Charts
export { formatPlotlyDate } from './charts/dates';
export { plotlyVersion } from './charts/bundle';
export { liveChart, inNotebook, type LiveChart } from './charts/display';
export { openProgressDisplay, type ProgressDisplay, type ProgressDisplayOptions } from './charts/progress-display';
export { showTable, tableHtml, installTableDisplay, type TableHtmlOptions } from './charts/tables';

// Forecasting
export { DEFAULT_SPLIT, type ForecasterConfig } from './forecast/options';
export { FORECAST_STRATEGIES } from './forecast/strategy';
export { simplestWithinOneStandardError } from './forecast/model-choice';
export { maseTableFigure } from './forecast/report';
export { FORECASTER_FILE, type ForecasterState } from './forecast/persist';
export type { ModelChoice } from './forecast/training-run';
export { loadPanel, panelFromFrame, panelFromValues, panelFrame, type Panel, type PanelOptions, type PanelSeries, type TimeKind } from './data/panel';
export { fitMany, heldOutCutoffs, CANDIDATE_LABELS, type ManyFit, type ManySettings, type SeriesForecast, type CandidateForecast } from './forecast/many/fit-many';
export { trainGlobalGru, globalForecasts, globalTrainingWindows, globalNetwork, type GlobalGru, type GlobalGruSpec, type GlobalWindows } from './forecast/many/global-gru';
export { conformalWidths, conformalIntervals } from './forecast/many/conformal';
export { scoreMany } from './forecast/many/many-evaluation';
export { formatManyEvaluation, manyCharts, verdict } from './forecast/many/many-report';
export { settleManyOptions, periodOf, DEFAULT_CANDIDATES } from './forecast/many/many-options';
export { seriesGridFigure, type GridPanel, type SeriesGridOptions } from './charts/grid-figures';
export { openPhaseProgress, type PhaseProgress } from './charts/phase-progress';
