import { UMAP } from 'umap-js';
import { seededRandom } from '../util/seeded-random';
import { nearestNeighbours, throwIfAborted } from './knn';
import type { ProgressCallback } from './projection-types';

export interface UmapOptions {
  dims: 2 | 3;
  /** Neighbours per point, itself included as umap-js counts them (default 15). */
  neighbors: number;
  minDist: number;
  seed: number;
  /** Optimisation epochs (default: umap-js's, 500 up to 2.5k points, 400 to 5k, 300 to 7.5k, then 200). */
  epochs?: number;
  signal?: AbortSignal;
  /** kNN (done of total), then epochs. */
  onNeighbours?: ProgressCallback;
  onEpochs?: ProgressCallback;
}

/** Epochs between progress reports and cancel checks. */
const reportEvery = 5;

/**
 * UMAP by umap-js 1.4 (the maintained JS port of McInnes' UMAP) fed our own kNN (knn.ts): its own
 * setup (random-projection trees + NN-descent) took 7.8 s of the issue's 20 s at 5k. `random` is a
 * seeded generator, so the same rows and seed give the same map. Needs n > 2 (fewer: see project.ts).
 */
export function runUmap(data: Float32Array, n: number, d: number, options: UmapOptions): Float32Array {
  const { dims, signal } = options;
  // umap-js refuses n <= nNeighbors; every other point a neighbour is the most a small set offers.
  const neighbors = Math.max(2, Math.min(options.neighbors, n - 1));
  const knn = nearestNeighbours(data, n, d, neighbors, {
    ...(signal ? { signal } : {}),
    ...(options.onNeighbours ? { onProgress: options.onNeighbours } : {}),
  });
  const umap = new UMAP({
    nComponents: dims,
    nNeighbors: neighbors,
    minDist: options.minDist,
    random: seededRandom(options.seed),
    ...(options.epochs ? { nEpochs: options.epochs } : {}),
  });
  umap.setPrecomputedKNN(rowsOf(knn.indices, n, knn.k), rowsOf(knn.distances, n, knn.k));
  // umap-js reads the points only for their count (the kNN above stands for their distances).
  const points = Array.from({ length: n }, () => [] as number[]);
  throwIfAborted(signal);
  const epochs = umap.initializeFit(points);
  for (let epoch = 0; epoch < epochs;) {
    epoch = umap.step();
    if (epoch % reportEvery === 0 || epoch === epochs) {
      throwIfAborted(signal);
      options.onEpochs?.(epoch, epochs);
    }
  }
  const embedding = umap.getEmbedding();
  const out = new Float32Array(n * dims);
  embedding.forEach((row, i) => out.set(row, i * dims));
  return out;
}

function rowsOf(values: Int32Array | Float32Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * k, (i + 1) * k)));
}
