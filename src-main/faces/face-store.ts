import type { FaceRepository, NewFace } from '../catalog/face.repository';
import type { LabelRepository } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { applyFolderLabel } from '../people/folder-labels';
import type { FaceSettings } from '../settings/face-settings';

/** The models a catalog's faces come from: the detector that ran (by setting) and the embedder. */
export interface IndexModels {
  detectors: Record<FaceSettings['detector'], number>;
  embedder: number;
}

/** A face as indexing found it: which detector ran is a setting here, a model id once stored. */
export type IndexedFace = Omit<NewFace, 'detectorModel'> & { detector: FaceSettings['detector'] };

/** What indexing one photo produced: its faces, or why it could not be indexed. */
export type IndexOutcome = { faces: IndexedFace[] } | { error: string };

/**
 * Stores a photo's index outcome. A folder label becomes the confirmed identity of the photo's most
 * confident face (the whole-image face of a tight crop when nothing was detected). Call inside a transaction.
 */
export function storeIndexOutcome(
  repositories: { faces: FaceRepository; people: PersonRepository; labels: LabelRepository },
  models: IndexModels,
  photoId: number,
  outcome: IndexOutcome,
  folderLabel: string | null,
): void {
  if ('error' in outcome) {
    repositories.faces.markIndexFailed(photoId, outcome.error);
    return;
  }
  const faces: NewFace[] = outcome.faces.map(({ detector, ...face }) => ({
    ...face,
    detectorModel: models.detectors[detector],
  }));
  const ids = repositories.faces.replaceForPhoto(photoId, faces, models.embedder);
  if (!folderLabel || faces.length === 0) return;
  let best = 0;
  faces.forEach((face, index) => {
    if (face.score > (faces[best] as NewFace).score) best = index;
  });
  applyFolderLabel(repositories, ids[best] as number, folderLabel);
}
