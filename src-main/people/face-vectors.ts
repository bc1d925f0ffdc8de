import type { FaceVectorRow } from '../catalog/cluster.repository';

/**
 * How many values one face's vector holds under a model, read from its rows: every face of a model has
 * as many (the bundled dlib ResNet gives 128; a trained or imported embedder may give 64, 256, 512...).
 * A model without faces has no length to read; `fallback` is what callers get then.
 */
export function vectorDim(rows: ReadonlyArray<Pick<FaceVectorRow, 'vector'>>, fallback = 128): number {
  const first = rows[0];
  return first ? first.vector.byteLength / 4 : fallback;
}

/**
 * The rows' float32 blobs, one after another (the layout the clustering and ranking code takes), each
 * `dim` values long. A row of another length is an error, not a silent misalignment of every row after it.
 */
export function packRows(
  rows: ReadonlyArray<Pick<FaceVectorRow, 'vector'>>,
  dim: number = vectorDim(rows),
): Float32Array {
  const out = new Float32Array(rows.length * dim);
  // Copied out of each blob: a Buffer's offset into its memory need not be a multiple of 4.
  rows.forEach((row, i) => {
    if (row.vector.byteLength !== dim * 4) {
      throw new Error(`a face vector holds ${row.vector.byteLength / 4} values where ${dim} were expected`);
    }
    const start = row.vector.byteOffset;
    out.set(new Float32Array(row.vector.buffer.slice(start, start + dim * 4)), i * dim);
  });
  return out;
}

/** A user's or a folder's label: the truth suggestions, centres and training learn from (never auto). */
export function isTruth(row: Pick<FaceVectorRow, 'personId' | 'assignment' | 'by'>): boolean {
  return row.personId !== null && row.assignment === 'confirmed' && row.by !== 'auto';
}

/**
 * Each person's centre: the mean of their truth faces' vectors, scaled back to unit length (the vectors are
 * unit length, so their mean points the same way as the direction that is closest to all of them).
 */
export function personCentres(rows: ReadonlyArray<FaceVectorRow>): Map<number, Float32Array> {
  const truth = rows.filter(isTruth);
  const dim = vectorDim(truth);
  const vectors = packRows(truth, dim);
  const sums = new Map<number, Float32Array>();
  truth.forEach((row, i) => {
    const personId = row.personId as number;
    let sum = sums.get(personId);
    if (!sum) sums.set(personId, (sum = new Float32Array(dim)));
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] as number) + (vectors[i * dim + d] as number);
  });
  for (const sum of sums.values()) {
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] as number) / norm;
  }
  return sums;
}
