/**
 * Seeded clustered unit vectors that look like face embeddings to an index: people (clusters) whose centres
 * vary more along some directions than others (real embeddings are far from isotropic, which is what PCA
 * and the binary codes exploit), and each face a noisy copy of its person's centre. Shared by the search
 * tests and `npm run bench -- search`.
 */

import { seededRandom } from '../../../src-main/util/seeded-random';

export { seededRandom };

/** A standard normal draw (Box-Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface ClusteredOptions {
  count: number;
  dim?: number;
  /** Faces per person on average (default 20). */
  perCluster?: number;
  /** Per-dimension noise around a centre (default 0.035: same-person distances about 0.55). */
  noise?: number;
  seed?: number;
}

/** `count` unit vectors of `dim` values, one after another, in clusters (see the file comment). */
export function clusteredVectors(options: ClusteredOptions): Float32Array {
  const { count, dim = 128, perCluster = 20, noise = 0.035, seed = 1 } = options;
  const random = seededRandom(seed);
  const clusters = Math.max(1, Math.round(count / perCluster));
  // Spread decays along the axes: the first few dozen directions carry most of the between-person variance.
  const spread = Float32Array.from({ length: dim }, (_, d) => Math.exp(-d / 40));
  const centres = new Float32Array(clusters * dim);
  for (let c = 0; c < clusters; c++) {
    for (let d = 0; d < dim; d++) centres[c * dim + d] = gaussian(random) * spread[d]!;
    normalise(centres.subarray(c * dim, (c + 1) * dim));
  }
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(random() * clusters);
    const row = out.subarray(i * dim, (i + 1) * dim);
    for (let d = 0; d < dim; d++) row[d] = centres[c * dim + d]! + gaussian(random) * noise;
    normalise(row);
  }
  return out;
}

/** Queries near the data: noisy copies of seeded picks of its rows (a face of someone already there). */
export function queriesNear(vectors: Float32Array, dim: number, count: number, seed = 2): Float32Array {
  const random = seededRandom(seed);
  const rows = vectors.length / dim;
  const out = new Float32Array(count * dim);
  for (let q = 0; q < count; q++) {
    const r = Math.floor(random() * rows);
    const row = out.subarray(q * dim, (q + 1) * dim);
    for (let d = 0; d < dim; d++) row[d] = vectors[r * dim + d]! + gaussian(random) * 0.03;
    normalise(row);
  }
  return out;
}

/** Scales a vector to unit length in place. */
export function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  for (let d = 0; d < v.length; d++) v[d] = v[d]! / norm;
  return v;
}
