import type { FaceVectorRow } from '../catalog/cluster.repository';
import type { Rejection } from '../catalog/label.repository';

/**
 * The people a face may never be given: those who rejected it, and those who already have a face in its
 * photo (one person, one face per photo). Built once over the labeled faces, then asked per face.
 */
export function excludedPeople(
  truth: ReadonlyArray<FaceVectorRow>,
  rejections: ReadonlyArray<Rejection>,
): (face: Pick<FaceVectorRow, 'id' | 'photoId'>) => Set<number> {
  const peopleInPhoto = new Map<number, Set<number>>();
  for (const row of truth) {
    const set = peopleInPhoto.get(row.photoId) ?? new Set<number>();
    set.add(row.personId as number);
    peopleInPhoto.set(row.photoId, set);
  }
  const rejectedBy = new Map<number, Set<number>>();
  for (const { faceId, personId } of rejections) {
    rejectedBy.set(faceId, (rejectedBy.get(faceId) ?? new Set<number>()).add(personId));
  }
  return (face) => new Set([...(peopleInPhoto.get(face.photoId) ?? []), ...(rejectedBy.get(face.id) ?? [])]);
}
