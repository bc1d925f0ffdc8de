import path from 'node:path';
import type { FileErrorRepository, FileErrorRow } from '../catalog/file-error.repository';
import type { PhotoRepository, PhotoRow } from '../catalog/photo.repository';
import type { Db } from '../catalog/db';
import { UserError } from '../util/errors';

/** The inference backend in use, or none before the vision stack is loaded. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'none';

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

/** Read side of the catalog for the library views, the stats command and the media routes. */
export class LibraryService {
  private readonly countFaces;
  private readonly countPeople;

  constructor(
    db: Db,
    private readonly catalogDir: string,
    private readonly photos: PhotoRepository,
    private readonly fileErrors: FileErrorRepository,
    private readonly backend: () => BackendName,
  ) {
    this.countFaces = db.prepare('SELECT COUNT(*) AS n FROM faces');
    this.countPeople = db.prepare('SELECT COUNT(*) AS n FROM people');
  }

  stats(): CatalogStats {
    return {
      photos: this.photos.count(),
      faces: (this.countFaces.get() as { n: number }).n,
      people: (this.countPeople.get() as { n: number }).n,
      backend: this.backend(),
    };
  }

  listPhotos(offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    return { total: this.photos.count(), items: this.photos.page(offset, limit).map(toSummary) };
  }

  getPhoto(id: number): PhotoSummary {
    return toSummary(this.requirePhoto(id));
  }

  fileErrorList(limit: number): { total: number; items: FileErrorRow[] } {
    return { total: this.fileErrors.count(), items: this.fileErrors.list(limit) };
  }

  /** The thumbnail file of a photo, by catalog id only. */
  thumbnailFile(photoId: number): string {
    return path.join(this.catalogDir, this.requirePhoto(photoId).thumb);
  }

  private requirePhoto(id: number): PhotoRow {
    const photo = this.photos.get(id);
    if (!photo) throw new UserError(`no photo ${id}`, 'not-found');
    return photo;
  }
}

function toSummary(photo: PhotoRow): PhotoSummary {
  const { id, path: photoPath, width, height, format, takenAt, folderLabel } = photo;
  return { id, path: photoPath, width, height, format, takenAt, folderLabel };
}
