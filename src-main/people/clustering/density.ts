import type { KnnGraph } from './knn';

/**
 * Local scaling against hubs. Some faces (frontal, evenly lit, average-looking) are close to many people,
 * and a plain threshold lets them pull strangers together. Each face's density r is the mean similarity to
 * its m nearest neighbours, and a pair's similarity is lowered by how much the two faces' mean density
 * exceeds the typical one: adjusted(i, j) = similarity(i, j) - max(0, (r_i + r_j) / 2 - referenceDensity).
 * CSLS (Conneau et al. 2018, "Word translation without parallel data") within one set of faces, clamped so
 * that faces in sparse places are never made more similar than they are: without the clamp, a small
 * catalog of very different people (few near neighbours) would see every pair boosted and merged.
 */

/** Local scaling as the clustering steps take it: each face's density and the reference it is judged by. */
export interface LocalScaling {
  density: Float32Array;
  /** Densities up to this one are left alone (`ClusterParams.referenceDensity`). */
  reference: number;
}

/** Each face's mean similarity to its first m neighbours in the graph (fewer where the graph has fewer). */
export function neighbourhoodDensity(knn: KnnGraph, m: number, reference: number): Float32Array {
  const density = new Float32Array(knn.n);
  const take = Math.min(m, knn.k);
  for (let i = 0; i < knn.n; i++) {
    let sum = 0;
    let count = 0;
    for (let at = i * knn.k; at < i * knn.k + take && knn.neighbours[at]! >= 0; at++, count++) {
      sum += knn.similarities[at]!;
    }
    // A face alone has no neighbourhood: treat it as typical, so its similarities stay as they are.
    density[i] = count > 0 ? sum / count : reference;
  }
  return density;
}

/** A pair's similarity adjusted for the densities around both faces (see the file comment). */
export function adjustedSimilarity(
  similarity: number,
  densityA: number,
  densityB: number,
  reference: number,
): number {
  return similarity - Math.max(0, (densityA + densityB) / 2 - reference);
}
