/**
 * grulab's second entry, `grulab/internals`: plumbing that the public entry (`grulab`)
 * keeps out of a learner's way but that tests, benchmarks and curious readers use. The
 * fused GRU kernel and its switch, the seeded initializers, the training loop under
 * `fit`, file-format constants, the synthetic dataset's generator, chart helpers.
 *
 * Nothing here is needed to follow the lessons or to forecast a CSV; names may change
 * between versions without notice.
 *
 * @example
 * import { setFused } from "grulab/internals";
 * setFused(false); // every GRU, LSTM and SimpleRNN layer now runs op by op in TensorFlow.js
 */

// Data
export { FILL_MISSING_MODES } from './data/missing';
export { detectFrequency, nextDates, parseDate, FREQUENCY_UNITS, type FrequencyCheck, type ParsedDate } from './data/calendar';
export { AGGREGATES } from './data/resample';
export { DATASET_FILES } from './data/datasets';
export { makeWindows, checkTimeStep, type MakeWindowsOptions } from './data/windows';
export { SPLIT_PARTS } from './data/split';
export {
  generateDailyTemperature,
  dailyTemperatureCsv,
  writeDailyTemperatureCsv,
  DAILY_TEMPERATURE_DEFAULTS,
  DAILY_TEMPERATURE_PATH,
  type DailyTemperatureOptions,
} from './data/synthetic';

// Models: the backend names, seeded initializers, the layer classes, the sequence kernels and their switch.
export { BACKEND_NAMES } from './base/backend';
export { seededInitializer, SeededVarianceScaling, SeededOrthogonal, SeededRandomUniform, UnitForgetBias } from './models/initializers';
export { GrulabGRU } from './models/gru-layer';
export { GrulabEmbedding } from './models/embedding';
export { GrulabBidirectional } from './models/bidirectional';
export { TextVectorizer, PAD_ID, OOV_ID } from './data/text';
export { RECURRENT_ACTIVATIONS } from './models/layer-args';
export { gruSequence, gruSequenceReference, sequenceMask, setFusedGru, fusedGruEnabled, type GruReferenceArgs } from './models/gru-sequence';
export {
  fusedGruSupported, gruSequenceFused, fusedKernelMemory, resetFusedKernelPeak,
  type GruActivation, type GruSequenceArgs, type GruSequenceResult, type FusedKernelMemory,
} from './models/fused/gru-op';
export { setFused, fusedEnabled, setFusedStep, fusedStepEnabled } from './models/fused/fused-switch';
export { fusedStepPlan } from './training/fused-step/plan';
export { cellSequenceFused, fusedCellSupported, type CellKind, type CellSequenceArgs } from './models/fused/cell-op';
export { GrulabLSTM, GrulabSimpleRNN } from './models/recurrent-layers';
export { fromTorchGru, type TorchArray, type TorchGruWeights } from './models/torch';
export { MODEL_FILES } from './models/save';

// Training: the seeded loop that `fit` wraps, without a display.
export { trainModel } from './training/training-loop';

// Charts
export { formatPlotlyDate } from './charts/dates';
export { plotlyVersion } from './charts/bundle';
export { liveChart, inNotebook, type LiveChart } from './charts/display';
export { trainingProgress, type TrainingProgressOptions } from './charts/progress';
export { showTable, tableHtml, installTableDisplay, type TableHtmlOptions } from './charts/tables';

// Forecasting
export { DEFAULT_SPLIT, type ForecasterConfig } from './forecast/options';
export { FORECAST_STRATEGIES } from './forecast/strategy';
export { meanMetrics, maseScale } from './metrics/forecast-errors';
export { simplestWithinOneStandardError } from './forecast/model-choice';
export { maseTableFigure } from './forecast/report';
export { FORECASTER_FILE, type ForecasterState } from './forecast/persist';
