import { pca } from './pca';
import type { ProjectionEvent, ProjectWorkerRequest, ProjectWorkerResponse } from './projection-types';
import { scaleToUnit } from './scale';
import { runTsne } from './tsne';
import { runUmap } from './umap';

/** Components PCA keeps before t-SNE and UMAP: the usual choice; it denoises and speeds up their kNN. */
export const pcaBeforeLayout = 50;

/** Fewer points than this get PCA coordinates from t-SNE and UMAP too (no neighbourhood to speak of). */
export const minLayoutPoints = 4;

/**
 * One projection, start to end (what the worker runs): PCA to `dims` (method `pca`) or to 50 components
 * (fewer when d < 50) and then t-SNE or UMAP, scaled into [-1, 1]. Synchronous: a cancel is seen through
 * `signal` where the algorithms check it; the service also ends the worker itself.
 */
export function projectVectors(
  request: ProjectWorkerRequest,
  signal?: AbortSignal,
  emit: (event: ProjectionEvent) => void = () => {},
): ProjectWorkerResponse {
  const { params, vectors, n, d } = request;
  const { method, dims } = params;
  const started = performance.now();
  emit({ phase: 'pca', done: 0, total: 1 });
  const reduced = pca(vectors, n, d, method === 'pca' ? dims : pcaBeforeLayout, signal);
  emit({ phase: 'pca', done: 1, total: 1 });
  let coords: Float32Array;
  let note: string | null = null;
  if (method === 'pca' || n < minLayoutPoints) {
    coords = padded(reduced.coords, n, reduced.dims, dims);
    if (method !== 'pca') note = `${n} faces: too few for ${method}, PCA shown`;
  } else if (method === 'umap') {
    coords = runUmap(reduced.coords, n, reduced.dims, {
      dims,
      neighbors: params.neighbors ?? 15,
      minDist: params.minDist ?? 0.1,
      seed: params.seed,
      ...(signal ? { signal } : {}),
      onNeighbours: (done, total) => emit({ phase: 'neighbours', done, total }),
      onEpochs: (done, total) => emit({ phase: 'layout', done, total }),
    });
  } else {
    coords = runTsne(reduced.coords, n, reduced.dims, {
      dims,
      perplexity: params.perplexity ?? 30,
      seed: params.seed,
      ...(signal ? { signal } : {}),
      onNeighbours: (done, total) => emit({ phase: 'neighbours', done, total }),
      onProgress: (done, total) => emit({ phase: 'layout', done, total }),
    });
  }
  const scaled = scaleToUnit(coords, n, dims);
  return {
    coords: scaled,
    explained: reduced.explained,
    note,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Coordinates of `from` columns widened to `to` with zeros (PCA of data with fewer than 3 dimensions). */
function padded(coords: Float32Array, n: number, from: number, to: number): Float32Array {
  if (from === to) return coords;
  const out = new Float32Array(n * to);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < Math.min(from, to); a++) out[i * to + a] = coords[i * from + a]!;
  return out;
}
