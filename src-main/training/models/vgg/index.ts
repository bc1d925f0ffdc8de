export * from './vgg-architectures';
export { buildVgg, type VggOptions } from './vgg-builder';
