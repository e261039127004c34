/**
 * Models: the Keras-parity GRU layer, LSTM / SimpleRNN / Dense for comparison, the
 * from-scratch GRU cell, seeded initializers, training, saving and loading.
 */
export * from './observer';
export { setSeed, withSeed, seededInitializer, SeededVarianceScaling, SeededOrthogonal, UnitForgetBias } from './initializers';
export type { Seed, SeededInitializerName, InitializerOption } from './initializers';
export { gruSequence, gruSequenceReference, setFusedGru, fusedGruEnabled } from './gru-sequence';
export type { GruReferenceArgs } from './gru-sequence';
export { fusedGruSupported, gruSequenceFused, fusedKernelMemory, resetFusedKernelPeak } from './fused/index';
export { setFused, fusedEnabled } from './fused/switch';
export { cellSequenceFused, fusedCellSupported } from './fused/cell-fused';
export type { CellKind, CellSequenceArgs } from './fused/cell-fused';
export { GrulabLSTM, GrulabSimpleRNN } from './recurrent-layers';
export type { GruActivation, GruSequenceArgs, GruSequenceResult, FusedKernelMemory } from './fused/index';
export * from './gru-layer';
export * from './layers';
export type { RecurrentArgs } from './layer-args';
export * from './torch';
export * from './scratch';
export * from './train';
export * from './save';
export * from './summary';
