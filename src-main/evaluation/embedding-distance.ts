/** How two embeddings are compared; both work on L2-normalised vectors. */
export type DistanceKind = 'euclidean' | 'cosine';

/** A copy of `vector` scaled to unit length; an all-zero vector stays all zero. */
export function l2Normalise(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  return norm > 0 ? vector.map((value) => value / norm) : vector.slice();
}

/**
 * Distance between two already L2-normalised embeddings: euclidean, or cosine distance `1 - a.b`.
 * @throws RangeError when the lengths differ.
 */
export function embeddingDistance(a: Float32Array, b: Float32Array, kind: DistanceKind): number {
  if (a.length !== b.length)
    throw new RangeError(`embeddingDistance: lengths ${a.length} and ${b.length} differ`);
  let dot = 0;
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as number, b[i] as number];
    dot += x * y;
    squares += (x - y) ** 2;
  }
  return kind === 'cosine' ? 1 - dot : Math.sqrt(squares);
}
