import type { FaceRepository, NewFace } from '../catalog/face.repository';
import type { PersonRepository } from '../catalog/person.repository';

/** The models a catalog's faces come from. */
export interface IndexModels {
  detector: number;
  embedder: number;
}

/** What indexing one photo produced: its faces, or why it could not be indexed. */
export type IndexOutcome = { faces: NewFace[] } | { error: string };

/**
 * Stores a photo's index outcome. A folder label becomes the confirmed identity of the photo's most
 * confident face (the whole-image face of a tight crop when nothing was detected). Call inside a transaction.
 */
export function storeIndexOutcome(
  repositories: { faces: FaceRepository; people: PersonRepository },
  models: IndexModels,
  photoId: number,
  outcome: IndexOutcome,
  folderLabel: string | null,
): void {
  if ('error' in outcome) {
    repositories.faces.markIndexFailed(photoId, outcome.error);
    return;
  }
  const faces = outcome.faces;
  const best = faces.reduce<NewFace | undefined>(
    (top, face) => (!top || face.score > top.score ? face : top),
    undefined,
  );
  const labeled =
    best && folderLabel
      ? faces.map((face) =>
          face === best ? { ...face, personId: repositories.people.findOrCreate(folderLabel) } : face,
        )
      : faces;
  repositories.faces.replaceForPhoto(photoId, labeled, models);
}
