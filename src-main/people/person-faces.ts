import type { FaceVectorRow } from '../catalog/cluster.repository';
import type { Assignment, LabelSource } from '../catalog/label.repository';
import { dotAcross, similarityToDistance } from './clustering/vectors';
import { packRows, vectorDim } from './face-vectors';

/** A face on a person's page. */
export interface PersonFace {
  id: number;
  photoId: number;
  /** Distance to the person's centre (null when they have no labeled face to have a centre). */
  distance: number | null;
  assignment: Assignment;
  by: LabelSource | null;
  quality: number | null;
}

/**
 * A person's faces (confirmed, suggested and automatic), farthest from the person's centre first: the
 * likely mislabels are the ones to see first.
 */
export function facesByDistance(
  rows: ReadonlyArray<FaceVectorRow>,
  centre: Float32Array | undefined,
): PersonFace[] {
  const dim = vectorDim(rows);
  const vectors = packRows(rows, dim);
  const faces = rows.map((row, i): PersonFace => {
    const distance = centre ? similarityToDistance(dotAcross(vectors, i, centre, 0, dim)) : null;
    return {
      id: row.id,
      photoId: row.photoId,
      distance,
      assignment: row.assignment ?? 'suggested',
      by: row.by,
      quality: row.quality,
    };
  });
  return faces.sort((a, b) => (b.distance ?? 0) - (a.distance ?? 0) || a.id - b.id);
}
