/**
 * The shapes shared by the clustering functions. Everything here is plain data: the functions are pure and
 * know nothing of SQLite or tfjs, so the people service loads the vectors and constraints and hands them over.
 */

/**
 * N faces to cluster. The embeddings are one row-major Float32Array (face i is
 * `vectors.subarray(i * dim, (i + 1) * dim)`), because that is what the kernels read fastest and what the
 * catalog's float32 blobs concatenate into without copying each one; `packVectors` builds it from a list.
 * Every row must be unit length: similarity is the dot product and distance is `sqrt(2 - 2 * dot)`.
 */
export interface FaceSet {
  vectors: Float32Array;
  dim: number;
  /** The photo of each face: two faces of one photo are never the same person (an implied cannot-link). */
  photoIds: ArrayLike<number>;
  /** Face index pairs that must not share a cluster (a face rejected for a person, a split by the user). */
  cannotLink?: ReadonlyArray<readonly [number, number]>;
  /**
   * Groups of face indices confirmed as one person: each group ends up in one cluster. A merge of two people
   * is one group. Where a must-link group contradicts a cannot-link (two faces of one photo confirmed as the
   * same person), the must-link wins: it is the user's explicit word.
   */
  mustLink?: ReadonlyArray<ReadonlyArray<number>>;
}

/** How edges of the k-nearest-neighbour graph are weighted in Chinese Whispers. */
export type EdgeWeighting = 'similarity' | 'margin';

/** The parameters of `clusterFaces`; `defaultClusterParams` holds the values fitted by the bench. */
export interface ClusterParams {
  /** Largest Euclidean distance (between unit vectors) at which two faces may be linked: 0..2. */
  threshold: number;
  /** Neighbours per face in the k-nearest-neighbour graph. */
  k: number;
  /** Clusters with fewer faces are reported as unclustered (label -1). */
  minSize: number;
  /** Edge weights: the similarity itself, or its margin above the threshold's similarity. */
  weighting: EdgeWeighting;
  /**
   * Neighbours whose mean similarity is a face's density for local scaling (density.ts); 0: plain
   * similarities. When on, every threshold applies to the adjusted similarities.
   */
  localScaling: number;
  /**
   * With local scaling, the density (mean similarity to the neighbours) above which a pair's similarity is
   * lowered: typical densities are left alone, only crowded neighbourhoods pay.
   */
  referenceDensity: number;
  /** Largest average-linkage distance at which Chinese Whispers' clusters are merged afterwards; 0: no merge. */
  mergeThreshold: number;
  /** Upper bound on Chinese Whispers passes (it usually settles in under ten). */
  iterations: number;
  /** Seed of the visiting order, so the same input always gives the same clusters. */
  seed: number;
}

/** A clustering: a label per face, 0..count-1, or -1 for a face in no cluster (below the minimum size). */
export interface Clustering {
  labels: Int32Array;
  count: number;
  /** Each face's density when local scaling was on: keep it for `assignIncremental`. */
  density?: Float32Array;
}
