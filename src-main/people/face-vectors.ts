import type { FaceVectorRow } from '../catalog/cluster.repository';

/** The embedders' dimension (dlib ResNet and the models trained here all give 128 values). */
export const embeddingDim = 128;

/** The rows' float32 blobs, one after another (the layout the clustering and ranking code takes). */
export function packRows(rows: ReadonlyArray<Pick<FaceVectorRow, 'vector'>>): Float32Array {
  const out = new Float32Array(rows.length * embeddingDim);
  // Copied out of each blob: a Buffer's offset into its memory need not be a multiple of 4.
  rows.forEach((row, i) => {
    const start = row.vector.byteOffset;
    out.set(new Float32Array(row.vector.buffer.slice(start, start + embeddingDim * 4)), i * embeddingDim);
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
  const vectors = packRows(truth);
  const sums = new Map<number, Float32Array>();
  truth.forEach((row, i) => {
    const personId = row.personId as number;
    let sum = sums.get(personId);
    if (!sum) sums.set(personId, (sum = new Float32Array(embeddingDim)));
    for (let d = 0; d < embeddingDim; d++)
      sum[d] = (sum[d] as number) + (vectors[i * embeddingDim + d] as number);
  });
  for (const sum of sums.values()) {
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < embeddingDim; d++) sum[d] = (sum[d] as number) / norm;
  }
  return sums;
}
