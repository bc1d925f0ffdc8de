import type { ProjectionMethod } from './projection-views';

/** A long step's progress: `done` of `total` units. */
export type ProgressCallback = (done: number, total: number) => void;

/** A projection's parameters, defaults filled in (only those of its method: they make the cache key). */
export interface ProjectionParams {
  method: ProjectionMethod;
  dims: 2 | 3;
  seed: number;
  /** t-SNE only. */
  perplexity?: number;
  /** UMAP only. */
  neighbors?: number;
  /** UMAP only. */
  minDist?: number;
}

/** What the worker projects: `n` rows of `d` values (moved to the worker, not copied). */
export interface ProjectWorkerRequest {
  params: ProjectionParams;
  vectors: Float32Array;
  n: number;
  d: number;
}

/** The worker's answer: `n * dims` coordinates scaled into [-1, 1] (moved back). */
export interface ProjectWorkerResponse {
  coords: Float32Array;
  /** Explained variance ratio of each PCA component kept (the map's own, or the step before t-SNE/UMAP). */
  explained: number[];
  /** What the method actually ran with, when it had to change (a tiny face set): else null. */
  note: string | null;
  /** Seconds the projection itself took (not the worker's start, nor moving the data). */
  seconds: number;
}

/** The phases a projection reports, in order. */
export type ProjectionPhase = 'pca' | 'neighbours' | 'layout';

/** Progress the worker pushes while it projects. */
export interface ProjectionEvent {
  phase: ProjectionPhase;
  done: number;
  total: number;
}

/** The worker's methods (platform/worker-rpc.ts). */
export interface ProjectionWorkerMethods {
  project: { request: ProjectWorkerRequest; response: ProjectWorkerResponse };
}
