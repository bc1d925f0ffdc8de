/**
 * Unit-vector arithmetic for clustering: packing, the distance/similarity conversion and the dot-product
 * kernel every other file builds on.
 */

/** Concatenates equal-length vectors into one row-major Float32Array (the layout of `FaceSet.vectors`). */
export function packVectors(list: ReadonlyArray<Float32Array>, dim: number): Float32Array {
  const out = new Float32Array(list.length * dim);
  list.forEach((vector, i) => {
    if (vector.length !== dim)
      throw new Error(`packVectors: vector ${i} has ${vector.length} values, not ${dim}`);
    out.set(vector, i * dim);
  });
  return out;
}

/** Euclidean distance between unit vectors whose dot product is `similarity`: sqrt(2 - 2·dot). */
export function similarityToDistance(similarity: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * similarity));
}

/** The dot product of unit vectors at Euclidean distance `distance`: 1 - d²/2. */
export function distanceToSimilarity(distance: number): number {
  return 1 - (distance * distance) / 2;
}

/** Dot product of rows `a` and `b` of one matrix (see `dotAcross`, which V8 inlines here). */
export function dotRows(vectors: Float32Array, dim: number, a: number, b: number): number {
  return dotAcross(vectors, a, vectors, b, dim);
}

/**
 * Dot product of row `a` of `left` and row `b` of `right` (same dimension; the same matrix for `dotRows`).
 * Unrolled by eight with four independent accumulators: V8 then keeps the sums in registers and the
 * additions do not wait on each other, about twice as fast as the plain loop on 128-d rows. Dimensions that
 * are not a multiple of eight finish in a tail loop.
 */
export function dotAcross(
  left: Float32Array,
  a: number,
  right: Float32Array,
  b: number,
  dim: number,
): number {
  let i = a * dim;
  let j = b * dim;
  const end = i + dim - (dim % 8);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (; i < end; i += 8, j += 8) {
    s0 += left[i]! * right[j]! + left[i + 4]! * right[j + 4]!;
    s1 += left[i + 1]! * right[j + 1]! + left[i + 5]! * right[j + 5]!;
    s2 += left[i + 2]! * right[j + 2]! + left[i + 6]! * right[j + 6]!;
    s3 += left[i + 3]! * right[j + 3]! + left[i + 7]! * right[j + 7]!;
  }
  const tail = a * dim + dim;
  for (; i < tail; i++, j++) s0 += left[i]! * right[j]!;
  return s0 + s1 + s2 + s3;
}
