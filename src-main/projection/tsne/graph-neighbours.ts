import { approximateFrom, usearchKnn, type KnnOptions } from '../knn';
import type { Neighbours } from './nearest-neighbours';

/** True when t-SNE's neighbours come from the approximate graph (the exact pass is O(n²)). */
export const useGraphNeighbours = (n: number): boolean => n >= approximateFrom;

/**
 * t-SNE's `k` neighbours from the same usearch HNSW graph the UMAP maps use (knn.ts): from 10k points the
 * exact pass costs minutes (84 s at 20k here, ~9 min of CPU at 100k) where the graph takes seconds. The
 * graph's rows start with the point itself (dropped here) and may come back short; a missing neighbour
 * is the row's farthest one again at four times its distance, whose affinity the perplexity search makes
 * all but zero.
 */
export function graphNeighbours(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: KnnOptions,
): Neighbours {
  const knn = usearchKnn(data, n, d, k + 1, options);
  const width = knn.k;
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let filled = 0;
    for (let r = 1; r < width && filled < k; r++) {
      const j = knn.indices[i * width + r]!;
      if (j < 0 || j === i) continue;
      const distance = knn.distances[i * width + r]!;
      indices[i * k + filled] = j;
      distances[i * k + filled] = distance * distance;
      filled++;
    }
    const farthest = filled > 0 ? distances[i * k + filled - 1]! : 1;
    for (let f = filled; f < k; f++) {
      indices[i * k + f] = filled > 0 ? indices[i * k + filled - 1]! : (i + 1) % n;
      distances[i * k + f] = 4 * farthest;
    }
  }
  return { k, indices, distances };
}
