export { CosineDense, type CosineDenseArgs } from './cosine-dense-layer';
export {
  buildEmbeddingHead,
  DEFAULT_HEAD_SCALE,
  type BuiltEmbeddingHead,
  type EmbeddingHeadOptions,
} from './embedding-head';
export { L2Normalize } from './l2-normalize-layer';
