import type { Db } from '../catalog/db';
import type { FaceRepository } from '../catalog/face.repository';
import type { FileErrorRepository } from '../catalog/file-error.repository';
import type { PersonRepository } from '../catalog/person.repository';
import type { NewPhoto, PhotoRepository } from '../catalog/photo.repository';
import { storeIndexOutcome, type IndexModels, type IndexOutcome } from '../faces/face-store';
import type { ScannedFile } from './scan';

/** The repositories an import writes to. */
export interface ImportRepositories {
  photos: PhotoRepository;
  fileErrors: FileErrorRepository;
  faces: FaceRepository;
  people: PersonRepository;
}

/** A decoded photo waiting to be stored, with the other paths in this run that hold the same bytes. */
export interface PhotoToStore {
  file: ScannedFile;
  photo: NewPhoto;
  /** The photo that this path pointed at before its content changed, if any. */
  replaces: number | null;
  aliases: ScannedFile[];
  sha256: string;
  /** The photo's faces; null when the import runs without face indexing. */
  index: IndexOutcome | null;
}

/**
 * Stores decoded photos in batches, one transaction per batch: much faster than a transaction per photo,
 * and a crash loses at most one uncommitted batch, which the next run imports again.
 */
export class ImportWriter {
  private batch: PhotoToStore[] = [];
  private readonly commitBatch;

  constructor(
    db: Db,
    private readonly repositories: ImportRepositories,
    private readonly models: IndexModels,
    private readonly batchSize = 32,
  ) {
    this.commitBatch = db.transaction((items: PhotoToStore[]) => {
      for (const item of items) this.store(item);
    });
  }

  /** Queues a photo; commits when the batch is full. Returns the sha256 of the photos committed. */
  add(item: PhotoToStore): string[] {
    this.batch.push(item);
    return this.batch.length >= this.batchSize ? this.flush() : [];
  }

  /** Commits whatever is queued. Returns the sha256 of the photos committed. */
  flush(): string[] {
    const items = this.batch;
    if (items.length === 0) return [];
    this.batch = [];
    this.commitBatch(items);
    return items.map((item) => item.sha256);
  }

  private store({ file, photo, replaces, aliases, index }: PhotoToStore): void {
    const { photos, fileErrors } = this.repositories;
    const id = photos.insert(photo);
    for (const copy of [file, ...aliases]) {
      photos.recordFile(copy.path, id, copy.bytes, copy.mtimeMs);
      fileErrors.clear(copy.path);
    }
    if (replaces !== null) photos.markReplacedIfOrphaned(replaces);
    if (index) storeIndexOutcome(this.repositories, this.models, id, index, photo.folderLabel);
  }
}
