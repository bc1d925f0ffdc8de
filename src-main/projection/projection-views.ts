/**
 * What crosses the API about embedding maps (projections). Defined with the contract, read by the renderer
 * and the CLI; the projection service builds them.
 */

export const projectionMethods = ['pca', 'tsne', 'umap'] as const;
export type ProjectionMethod = (typeof projectionMethods)[number];

/** A map to compute or read: the method, its parameters, the model whose embeddings are projected. */
export interface ProjectionRequest {
  method: ProjectionMethod;
  dims: 2 | 3;
  /** The embedder model (default: the catalog's active embedder). */
  model?: number;
  /** Same seed, same input: same map. */
  seed: number;
  /** t-SNE's perplexity (default 30). */
  perplexity?: number;
  /** UMAP's number of neighbours (default 15). */
  neighbors?: number;
  /** UMAP's minimum distance (default 0.1). */
  minDist?: number;
}

/** A computed map (the coordinates cached) with every point's current labels (read at each call). */
export interface ProjectionMap {
  /** Cache key: model, method, parameters and face set. */
  key: string;
  method: ProjectionMethod;
  dims: 2 | 3;
  model: number;
  /** Seconds the projection took when it was computed (not when it was read from the cache). */
  seconds: number;
  /** PCA: the explained variance ratio of each kept component; other methods: of the PCA step before. */
  explainedVariance: number[];
  /** One entry per point, in the same order in every array below. */
  faceIds: number[];
  /** `dims` numbers per point, scaled into [-1, 1] on the widest axis (aspect kept). */
  coords: number[];
  /** The photo each face is in (click opens it there); null for a face that left the catalog since. */
  photoIds: (number | null)[];
  personIds: (number | null)[];
  /** 'confirmed' (user or folder), 'suggested' (a suggestion or an auto label) or null (unlabeled). */
  assignments: ('confirmed' | 'suggested' | null)[];
  clusterIds: (number | null)[];
  /**
   * The people the points name, for the legend and "find a person": `faces` counts the map's points that
   * name them (confirmed or suggested); `hidden` people (always set by the service) are still in the map: hiding is a view choice.
   */
  people: { id: number; name: string; faces: number; hidden?: boolean }[];
  /** Set when the method could not run as asked (e.g. too few faces for UMAP: PCA shown). */
  note?: string;
}

/** A map ready now (cached), or the job computing it (follow its `job.progress`, then ask again). */
export type ProjectionResult = { state: 'ready'; map: ProjectionMap } | { state: 'computing'; jobId: number };

/** The `project` job's payload: the request with the model resolved. */
export interface ProjectJobInput extends ProjectionRequest {
  model: number;
}

/** The `project` job's result (also what `faceatlas project --json` prints, less `key`). */
export interface ProjectSummary {
  key: string;
  method: ProjectionMethod;
  dims: 2 | 3;
  points: number;
  seconds: number;
}

/** What an export wrote (TensorBoard projector files, or a CSV of embeddings with person labels). */
export interface ProjectionExport {
  folder: string;
  points: number;
  files: string[];
}
