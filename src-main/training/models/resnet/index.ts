export * from './resnet-architectures';
export {
  buildResNet,
  EMBEDDING_LAYER,
  resnetClassifiers,
  type BuiltResNet,
  type ResNetClassifier,
  type ResNetOptions,
} from './resnet-builder';
