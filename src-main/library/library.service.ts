import type { FaceRepository, FaceRow } from '../catalog/face.repository';
import type { FileErrorRepository, FileErrorRow } from '../catalog/file-error.repository';
import type { ModelRepository } from '../catalog/model.repository';
import type { PersonRepository } from '../catalog/person.repository';
import type { PhotoRepository, PhotoRow } from '../catalog/photo.repository';
import { UserError } from '../util/errors';
import { displayPath } from '../util/fs-path';
import type { BackendName as InferenceBackend } from '../vision/backend-names';
import type { FaceView, ModelView } from './face-views';

/** The inference backend in use, or none where no backend can load. */
export type BackendName = InferenceBackend | 'none';

export interface CatalogStats {
  photos: number;
  faces: number;
  people: number;
  backend: BackendName;
}

/** A photo as the library views show it (no filesystem layout of the catalog leaks out). */
export interface PhotoSummary {
  id: number;
  path: string;
  width: number;
  height: number;
  format: string;
  takenAt: string | null;
  folderLabel: string | null;
}

export interface LibraryRepositories {
  photos: PhotoRepository;
  fileErrors: FileErrorRepository;
  faces: FaceRepository;
  people: PersonRepository;
  models: ModelRepository;
}

/** Read side of the catalog for the library views and the stats command. */
export class LibraryService {
  constructor(
    private readonly repositories: LibraryRepositories,
    private readonly backend: () => BackendName,
  ) {}

  stats(): CatalogStats {
    return {
      photos: this.repositories.photos.count(),
      faces: this.repositories.faces.count(),
      people: this.repositories.people.count(),
      backend: this.backend(),
    };
  }

  listPhotos(offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    const { photos } = this.repositories;
    return { total: photos.count(), items: photos.page(offset, limit).map(toSummary) };
  }

  getPhoto(id: number): PhotoSummary {
    return toSummary(this.requirePhoto(id));
  }

  photoFaces(photoId: number): FaceView[] {
    this.requirePhoto(photoId);
    return this.repositories.faces.ofPhoto(photoId).map(toFaceView);
  }

  listFaces(offset: number, limit: number): { total: number; items: FaceView[] } {
    const { faces } = this.repositories;
    return { total: faces.count(), items: faces.page(offset, limit).map(toFaceView) };
  }

  listModels(): ModelView[] {
    return this.repositories.models.list().map(({ id, name, role, origin, metrics }) => ({
      id,
      name,
      role,
      origin,
      metadata: metrics ? (JSON.parse(metrics) as Record<string, unknown>) : {},
    }));
  }

  fileErrorList(limit: number): { total: number; items: FileErrorRow[] } {
    const { fileErrors } = this.repositories;
    // Names that are not UTF-8 are stored escaped (util/fs-path); the UI shows them readably.
    const items = fileErrors.list(limit).map((row) => ({ ...row, path: displayPath(row.path) }));
    return { total: fileErrors.count(), items };
  }

  private requirePhoto(id: number): PhotoRow {
    const photo = this.repositories.photos.get(id);
    if (!photo) throw new UserError(`no photo ${id}`, 'not-found');
    return photo;
  }
}

function toSummary(photo: PhotoRow): PhotoSummary {
  const { id, path, width, height, format, takenAt, folderLabel } = photo;
  return { id, path: displayPath(path), width, height, format, takenAt, folderLabel };
}

function toFaceView(row: FaceRow): FaceView {
  return {
    id: row.id,
    photoId: row.photoId,
    box: JSON.parse(row.box) as FaceView['box'],
    landmarks: row.landmarks ? (JSON.parse(row.landmarks) as FaceView['landmarks']) : [],
    score: row.score,
    quality: row.quality ?? 0,
    wholeImage: row.wholeImage === 1,
    personId: row.personId,
    personName: row.personName,
    assignment: row.assignment,
  };
}
