import { chineseWhispers } from './chinese-whispers';
import { buildGroups } from './constraints';
import { groupGraph } from './group-graph';
import { neighbourhoodDensity } from './density';
import { knnGraph, truncateKnn, type KnnGraph } from './knn';
import { finalizeLabels, groupLabelsToFaces } from './labels';
import { mergeClusters } from './merge-clusters';
import { splitViolations } from './split-violations';
import type { ClusterParams, Clustering, FaceSet } from './types';

/**
 * The defaults, fitted by `npm run bench -- cluster` on the faces of LFW DevTrain's people only (never
 * DevTest's): the family and parameters with the best BCubed F there (0.955, against 0.946 for average
 * linkage and 0.925 for single linkage): Chinese Whispers on locally scaled similarities (50 neighbours),
 * k = 5 (tied with 10 on DevTrain; the grid's first wins), then the average-linkage merge of its clusters.
 * minSize 2: BCubed cannot tell 1 from 2 (an unclustered face counts as a cluster of one), 3 scores lower,
 * and one face alone is not worth showing as a person.
 */
export const defaultClusterParams: Readonly<ClusterParams> = {
  threshold: 0.37,
  k: 5,
  minSize: 2,
  weighting: 'similarity',
  localScaling: 50,
  mergeThreshold: 0.38,
  iterations: 50,
  seed: 1,
};

/**
 * Clusters all faces from scratch: the product's full re-cluster. Steps: must-link groups become single
 * nodes; the exact kNN graph; Chinese Whispers over its edges within `threshold`, never giving a node a
 * label held by a face it is cannot-linked to; optionally a merge of clusters whose average linkage is
 * within `mergeThreshold`; a split of any cluster still holding a cannot-linked pair (a safety net: the
 * steps before already respect the constraints); clusters under `minSize` become -1.
 * With `localScaling` m > 0, similarities are first adjusted by each face's density over its m nearest
 * neighbours (density.ts); the result then carries the densities, for `assignIncremental`.
 * `knn` may be passed in when the caller already has the graph (with at least max(k, localScaling)).
 */
export function clusterFaces(set: FaceSet, params: Partial<ClusterParams> = {}, knn?: KnnGraph): Clustering {
  const p = { ...defaultClusterParams, ...params };
  const n = Math.floor(set.vectors.length / set.dim);
  if (set.photoIds.length !== n)
    throw new Error(`clusterFaces: ${n} vectors but ${set.photoIds.length} photo ids`);
  const groups = buildGroups(set, n);
  const graph = knn ?? knnGraph(set.vectors, set.dim, Math.max(p.k, p.localScaling));
  const density = p.localScaling > 0 ? neighbourhoodDensity(graph, p.localScaling) : undefined;
  const edges = groupGraph(truncateKnn(graph, p.k), groups, p.threshold, p.weighting, density);
  let groupLabels = chineseWhispers(
    edges,
    { start: groups.cannotStart, items: groups.cannot },
    { iterations: p.iterations, seed: p.seed },
  );
  if (p.mergeThreshold > 0) {
    groupLabels = mergeClusters(set.vectors, set.dim, groups, groupLabels, graph, p.mergeThreshold, density);
  }
  const faceLabels = splitViolations(set, groupLabelsToFaces(groupLabels, groups.groupOf), groups);
  const result = finalizeLabels(faceLabels, p.minSize);
  return density ? { ...result, density } : result;
}
