import { chineseWhispers } from './chinese-whispers';
import { defaultClusterParams } from './cluster-faces';
import { adjustedSimilarity, neighbourhoodDensity } from './density';
import { knnAcross, knnGraph, type KnnGraph } from './knn';
import type { ClusterParams } from './types';
import { distanceToSimilarity } from './vectors';

/** The faces already clustered: vectors (row-major, unit length), labels (-1: unclustered) and photos. */
export interface ExistingFaces {
  vectors: Float32Array;
  labels: Int32Array;
  photoIds: ArrayLike<number>;
  /**
   * Their densities (`Clustering.density`, or an earlier result's `density`), needed with local scaling;
   * when missing they are recomputed from all existing faces, which costs a full kNN graph.
   */
  density?: Float32Array;
}

/** New faces to place. */
export interface AddedFaces {
  vectors: Float32Array;
  photoIds: ArrayLike<number>;
  /** [added index, existing index]: the added face may never join the existing face's cluster (a rejection). */
  cannotLink?: ReadonlyArray<readonly [number, number]>;
}

export interface IncrementalResult {
  /** Label of each added face: an existing cluster's, a new one's (past the largest existing label), or -1. */
  labels: Int32Array;
  /** The existing labels, where an unclustered face may now belong to a new cluster; nothing else changes. */
  existingLabels: Int32Array;
  /** The added faces' densities, with local scaling: store them beside the existing ones. */
  density?: Float32Array;
}

/**
 * Places new faces without re-clustering: Chinese Whispers restricted to the new faces. Each new face's k
 * nearest neighbours are found among the existing faces and the other new faces; existing faces keep their
 * labels and only vote, so a new face joins the cluster holding most of its edge weight within `threshold`,
 * never one that holds a face of its own photo or a face it is cannot-linked to. An unclustered existing
 * face votes for a label of its own, so new faces can form a cluster with it; new faces with no edge start
 * clusters of their own; new clusters smaller than `minSize` stay -1. Merges of existing clusters that the
 * new faces would justify wait for the next full re-cluster. With local scaling, an added face's density
 * comes from its neighbours among existing and added faces; existing densities are kept as they are.
 */
export function assignIncremental(
  existing: ExistingFaces,
  added: AddedFaces,
  dim: number,
  params: Partial<ClusterParams> = {},
): IncrementalResult {
  const p = { ...defaultClusterParams, ...params };
  const existingCount = existing.labels.length;
  const addedCount = Math.floor(added.vectors.length / dim);
  const total = existingCount + addedCount;
  let labelBound = 0;
  for (const label of existing.labels) labelBound = Math.max(labelBound, label + 1);
  // Node ids: existing faces 0..E-1, added faces E..E+A-1. Unclustered existing faces and added faces start
  // with labels of their own past every existing cluster label.
  const labels = new Int32Array(total);
  for (let i = 0; i < existingCount; i++)
    labels[i] = existing.labels[i]! >= 0 ? existing.labels[i]! : labelBound + i;
  for (let i = existingCount; i < total; i++) labels[i] = labelBound + i;

  // Node ids double as rows of existing ++ added, so the search's neighbour ids need no mapping.
  const all = new Float32Array(total * dim);
  all.set(existing.vectors.subarray(0, existingCount * dim));
  all.set(added.vectors.subarray(0, addedCount * dim), existingCount * dim);
  const knn = knnAcross(added.vectors, all, dim, Math.max(p.k, p.localScaling), existingCount);
  const reference = p.referenceDensity;
  const density = p.localScaling > 0 ? densities(existing, knn, dim, p.localScaling, reference) : undefined;
  const minSimilarity = distanceToSimilarity(p.threshold);
  const start = new Int32Array(total + 1); // existing rows stay empty: they do not move
  const targets: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < addedCount; i++) {
    for (let at = i * knn.k; at < i * knn.k + p.k; at++) {
      const node = knn.neighbours[at]!;
      if (node < 0) break;
      const raw = knn.similarities[at]!;
      const similarity = density
        ? adjustedSimilarity(raw, density[existingCount + i]!, density[node]!, reference)
        : raw;
      if (similarity < minSimilarity) continue;
      targets.push(node);
      weights.push(Math.max(p.weighting === 'margin' ? similarity - minSimilarity : similarity, 1e-6));
    }
    start[existingCount + i + 1] = targets.length;
  }
  const cannot = addedCannotLists(existing, added, existingCount, addedCount);
  const result = chineseWhispers(
    { count: total, start, targets: Int32Array.from(targets), weights: Float32Array.from(weights) },
    cannot,
    {
      iterations: p.iterations,
      seed: p.seed,
      labels,
      movable: Int32Array.from({ length: addedCount }, (_, i) => existingCount + i),
    },
  );
  const finished = finish(existing.labels, result, labelBound, p.minSize);
  return density ? { ...finished, density: density.slice(existingCount) } : finished;
}

/** Densities of existing faces (given or recomputed) followed by those of the added faces. */
function densities(
  existing: ExistingFaces,
  addedKnn: KnnGraph,
  dim: number,
  m: number,
  reference: number,
): Float32Array {
  const existingCount = existing.labels.length;
  const known = existing.density ?? neighbourhoodDensity(knnGraph(existing.vectors, dim, m), m, reference);
  const out = new Float32Array(existingCount + addedKnn.n);
  out.set(known.subarray(0, existingCount));
  out.set(neighbourhoodDensity(addedKnn, m, reference), existingCount);
  return out;
}

/** Cannot-link lists of the added faces (photo-mates, existing and added, and explicit rejections). */
function addedCannotLists(
  existing: ExistingFaces,
  added: AddedFaces,
  existingCount: number,
  addedCount: number,
): { start: Int32Array; items: Int32Array } {
  const byPhoto = new Map<number, number[]>();
  for (let i = 0; i < addedCount; i++) byPhoto.set(added.photoIds[i]!, []);
  // One scan of the existing faces, keeping only the photos of added faces.
  for (let j = 0; j < existingCount; j++) byPhoto.get(existing.photoIds[j]!)?.push(j);
  for (let i = 0; i < addedCount; i++) byPhoto.get(added.photoIds[i]!)!.push(existingCount + i);
  const lists: number[][] = Array.from({ length: addedCount }, (_, i) =>
    byPhoto.get(added.photoIds[i]!)!.filter((node) => node !== existingCount + i),
  );
  for (const [i, j] of added.cannotLink ?? []) lists[i]!.push(j);
  const start = new Int32Array(existingCount + addedCount + 1);
  const items: number[] = [];
  for (let i = 0; i < addedCount; i++) {
    items.push(...lists[i]!);
    start[existingCount + i + 1] = items.length;
  }
  return { start, items: Int32Array.from(items) };
}

/** Maps whispered labels back: existing clusters keep theirs, new clusters of at least minSize get new ones. */
function finish(
  existingLabels: Int32Array,
  result: Int32Array,
  labelBound: number,
  minSize: number,
): IncrementalResult {
  const existingCount = existingLabels.length;
  const sizes = new Map<number, number>();
  for (let node = 0; node < result.length; node++) {
    const label = result[node]!;
    if (label >= labelBound && (node >= existingCount || existingLabels[node]! < 0)) {
      sizes.set(label, (sizes.get(label) ?? 0) + 1);
    }
  }
  const renumber = new Map<number, number>();
  let next = labelBound;
  const relabel = (label: number): number => {
    if (label < labelBound) return label;
    if ((sizes.get(label) ?? 0) < Math.max(1, minSize)) return -1;
    if (!renumber.has(label)) renumber.set(label, next++);
    return renumber.get(label)!;
  };
  const updated = Int32Array.from(existingLabels);
  for (let node = 0; node < existingCount; node++)
    if (existingLabels[node]! < 0) updated[node] = relabel(result[node]!);
  return { labels: result.subarray(existingCount).map(relabel), existingLabels: updated };
}
