import { seededRandom } from '../../../src-main/util/seeded-random';

/** Generated faces for the clustering tests: unit vectors scattered around random unit centres. */
export interface GeneratedFaces {
  vectors: Float32Array;
  dim: number;
  /** The true cluster of each face. */
  truth: Int32Array;
  /** A distinct photo per face (tests make photo-mates on purpose). */
  photoIds: Int32Array;
}

/**
 * `sizes[c]` faces around centre c. Random 128-d centres are about sqrt(2) apart; each face is its centre
 * plus Gaussian noise of norm about `spread`, normalised, so faces of one cluster lie about
 * spread·sqrt(2) apart: with the default 0.25, clusters are far apart (~1.4) and tight inside (~0.35).
 */
export function clusteredFaces(sizes: number[], seed = 1, spread = 0.25, dim = 128): GeneratedFaces {
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = sizes.map(() => unit(Array.from({ length: dim }, gaussian)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const vectors = new Float32Array(total * dim);
  const truth = new Int32Array(total);
  let face = 0;
  sizes.forEach((size, c) => {
    for (let m = 0; m < size; m++, face++) {
      const noisy = centres[c]!.map((x) => x + (gaussian() * spread) / Math.sqrt(dim));
      vectors.set(unit(noisy), face * dim);
      truth[face] = c;
    }
  });
  return { vectors, dim, truth, photoIds: Int32Array.from({ length: total }, (_, i) => i) };
}

function unit(values: number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((x) => x / norm);
}

/** Row i of a packed matrix. */
export function row(vectors: Float32Array, dim: number, i: number): Float32Array {
  return vectors.subarray(i * dim, (i + 1) * dim);
}
