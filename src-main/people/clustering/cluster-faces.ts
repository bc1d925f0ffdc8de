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
 * The defaults, fitted by `npm run bench -- cluster --refit` on the faces of LFW DevTrain's people only
 * (never DevTest's): Chinese Whispers on locally scaled similarities (50 neighbours), then the
 * average-linkage merge of its clusters. Local scaling depends on the size of the set (a smaller catalog
 * has sparser neighbourhoods, so it is penalised less and merges more), so the threshold, the merge
 * threshold and the reference density are those with the best mean BCubed F over all of DevTrain, its
 * halves, quarters and eighths (people drawn at random, each part clustered alone): 0.963, against 0.956
 * for the earlier defaults fitted on all of DevTrain alone (0.37, 0.38, reference 0.90); ahead on all of
 * DevTrain too (0.957 against 0.955), and most on the eighths (0.968 against 0.953). The reference 0.91 also leaves alone the dense
 * neighbourhoods of a small set of one-look faces (ORL's grayscale crops: densities 0.92), which 0.90 cut
 * apart. k = 5 (tied with 10; the grid's first wins). minSize 2: BCubed cannot tell 1 from 2 (an
 * unclustered face counts as a cluster of one), 3 scores lower, and one face alone is not worth showing as
 * a person.
 */
export const defaultClusterParams: Readonly<ClusterParams> = {
  threshold: 0.34,
  k: 5,
  minSize: 2,
  weighting: 'similarity',
  localScaling: 50,
  referenceDensity: 0.91,
  mergeThreshold: 0.36,
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
  const reference = p.referenceDensity;
  const scaling =
    p.localScaling > 0
      ? { density: neighbourhoodDensity(graph, p.localScaling, reference), reference }
      : undefined;
  const edges = groupGraph(truncateKnn(graph, p.k), groups, p.threshold, p.weighting, scaling);
  let groupLabels = chineseWhispers(
    edges,
    { start: groups.cannotStart, items: groups.cannot },
    { iterations: p.iterations, seed: p.seed },
  );
  if (p.mergeThreshold > 0) {
    groupLabels = mergeClusters(set.vectors, set.dim, groups, groupLabels, graph, p.mergeThreshold, scaling);
  }
  const faceLabels = splitViolations(set, groupLabelsToFaces(groupLabels, groups.groupOf), groups);
  const result = finalizeLabels(faceLabels, p.minSize);
  return scaling ? { ...result, density: scaling.density } : result;
}
