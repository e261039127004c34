export * from './observer';
