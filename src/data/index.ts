/**
 * grulab's data layer: loading CSV time series (danfojs DataFrames), exact min-max
 * scaling, the lessons' sliding windows, leakage-free splits, and the shipped datasets.
 */
export { loadCsv, type LoadCsvOptions } from './load';
export { type FillMissing, FILL_MISSING_MODES } from './missing';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerJSON } from './scaler';
export { type NumericData } from './tabular';
export {
  createDataset,
  makeWindows,
  checkTimeStep,
  type CreateDatasetOptions,
  type MakeWindowsOptions,
  type SeriesLike,
  type Windows,
} from './windows';
export {
  chronologicalSplit,
  SPLIT_PARTS,
  type SplitDates,
  type SplitFractions,
  type SplitParts,
  type SplitSpec,
} from './split';
export { prepareWindows, type PrepareWindowsOptions, type PreparedWindows } from './pipeline';
export {
  generateDailyTemperature,
  dailyTemperatureCsv,
  writeDailyTemperatureCsv,
  DAILY_TEMPERATURE_DEFAULTS,
  DAILY_TEMPERATURE_PATH,
  type DailyTemperatureOptions,
} from './synthetic';
export { textVectorizer, padSequences, type TextVectorizer, type TextVectorizerOptions } from './text';
export { datasetPath, DATASET_FILES, type DatasetFile } from './datasets';
