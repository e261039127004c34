/**
 * Models: the Keras-parity GRU layer, LSTM / SimpleRNN / Dense for comparison, the
 * from-scratch GRU cell, seeded initializers, training, saving and loading.
 */
export * from './observer';
export { setSeed, withSeed, seededInitializer, SeededVarianceScaling, SeededOrthogonal, UnitForgetBias } from './initializers';
export type { Seed, SeededInitializerName, InitializerOption } from './initializers';
export { gruSequence, gruSequenceReference, setFusedGru, fusedGruEnabled } from './gru-sequence';
export type { GruReferenceArgs } from './gru-sequence';
export { fusedGruSupported, gruSequenceFused } from './fused/index';
export type { GruActivation, GruSequenceArgs, GruSequenceResult } from './fused/index';
export * from './gru-layer';
export * from './layers';
export { embedding, GrulabEmbedding, type EmbeddingArgs } from './embedding';
export { bidirectional, GrulabBidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional';
export { binaryMetrics, confusionMatrix, rocAuc, type BinaryMetrics } from './classification-metrics';
export type { RecurrentArgs } from './layer-args';
export * from './torch';
export * from './scratch';
export * from './train';
export * from './save';
export * from './summary';
