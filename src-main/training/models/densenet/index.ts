export * from './densenet-architectures';
export { buildDenseNet, type DenseNetOptions } from './densenet-builder';
