/**
 * grulab: GRU networks in TypeScript notebooks.
 *
 * This is the library's one public entry: notebooks and tests import from here only.
 */
export * from './base/backend';
export * from './base/random';
export * from './data/index';
export * from './models/index';
export * from './charts/index';
export * from './training/fit';
export * from './forecast/index';
