import type { LabelRepository } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';

/**
 * Gives a face the identity its photo's folder names (`--labels-from-folders`), marked as the folder's,
 * unless that would override or break what is known: a face already labeled keeps its label, a face the
 * person rejected stays out, and a person never gets a second face in one photo. Not journaled: folder
 * labels come from the file system, and importing again restores them; undo is for what people do.
 * Call inside the import's transaction.
 */
export function applyFolderLabel(
  stores: { people: PersonRepository; labels: LabelRepository },
  faceId: number,
  folderName: string,
): void {
  const face = stores.labels.label(faceId);
  if (!face || face.personId !== null || face.dismissed) return;
  const personId = stores.people.findOrCreate(folderName);
  if (stores.labels.rejections([faceId], []).some((r) => r.personId === personId)) return;
  const mates = stores.labels.ofPhotos([face.photoId]);
  if (mates.some((mate) => mate.id !== faceId && mate.personId === personId)) return;
  stores.labels.setFolderLabel(faceId, personId);
}
