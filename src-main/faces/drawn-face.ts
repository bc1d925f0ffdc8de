import type { FaceBox } from '../catalog/face.repository';
import type { PhotoRepository } from '../catalog/photo.repository';
import { checkFaceBox } from '../people/face-box';
import type { LabelResult, LabelService } from '../people/label.service';
import { UserError } from '../util/errors';
import type { FaceIndexer } from './face-indexer';
import { loadPhotoPixels } from './photo-pixels';

/**
 * Adds a face the detector missed, from a box drawn on a photo: the photo is read again, the face's
 * landmarks, aligned crop and embedding are computed in a worker like any other face's, and the people
 * service stores it (optionally named) as one journaled, undoable operation.
 */
export async function drawFace(
  deps: { photos: PhotoRepository; indexer: FaceIndexer; labeling: LabelService; maxPixels: number },
  photoId: number,
  box: FaceBox,
  name?: string,
): Promise<LabelResult> {
  const photo = deps.photos.get(photoId);
  if (!photo) throw new UserError(`no photo ${photoId}`, 'not-found');
  const size = { width: photo.width, height: photo.height };
  checkFaceBox(box, size);
  const loaded = await loadPhotoPixels(photo, deps.maxPixels);
  if (!loaded.ok) throw new UserError(loaded.error, 'conflict');
  const face = await deps.indexer.embedBox(loaded.rgb, size, photo.sha256, box);
  return deps.labeling.addFace(photoId, size, { ...face, detectorModel: null }, name);
}
