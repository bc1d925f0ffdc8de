/**
 * Face clustering: pure functions over unit embeddings, no SQLite and no tfjs. The people service calls
 * `clusterFaces` for a full re-cluster and `assignIncremental` for new faces; the rest is exported for
 * the bench (baselines, BCubed) and for tests.
 */
export { averageLinkageMerges, cutMerges, type Merges } from './average-linkage';
export { averageLinkage, singleLinkage } from './baselines';
export { bcubed, type BCubedOptions, type BCubedScores } from './bcubed';
export { chineseWhispers, type CannotLists, type WhispersOptions } from './chinese-whispers';
export { clusterFaces, defaultClusterParams } from './cluster-faces';
export { buildGroups, type ConstraintGroups } from './constraints';
export { adjustedSimilarity, neighbourhoodDensity, type LocalScaling } from './density';
export { groupGraph, type WeightedGraph } from './group-graph';
export {
  assignIncremental,
  type AddedFaces,
  type ExistingFaces,
  type IncrementalResult,
} from './incremental';
export { knnGraph, truncateKnn, type KnnGraph } from './knn';
export { finalizeLabels, groupLabelsToFaces } from './labels';
export { mergeClusters } from './merge-clusters';
export { singleLinkageMerges } from './single-linkage';
export { splitViolations, violatingLabels } from './split-violations';
export type { ClusterParams, Clustering, EdgeWeighting, FaceSet } from './types';
export { distanceToSimilarity, packVectors, similarityToDistance } from './vectors';
