export * from './resnet-architectures';
export { buildResNet, EMBEDDING_LAYER, type BuiltResNet, type ResNetOptions } from './resnet-builder';
