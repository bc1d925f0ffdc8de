import type { Db } from '../catalog/db';
import type { FaceRepository } from '../catalog/face.repository';
import type { FileErrorRepository } from '../catalog/file-error.repository';
import type { LabelRepository } from '../catalog/label.repository';
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
  labels: LabelRepository;
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

/** A photo committed by a batch; `duplicateOf` when another process stored the same content first. */
export interface StoredPhoto {
  item: PhotoToStore;
  duplicateOf: string | null;
}

/**
 * Stores decoded photos in batches, one transaction per batch: much faster than a transaction per photo,
 * and a crash loses at most one uncommitted batch, which the next run imports again.
 */
export class ImportWriter {
  private batch: PhotoToStore[] = [];
  private readonly commitBatch: (items: PhotoToStore[]) => StoredPhoto[];

  constructor(
    db: Db,
    private readonly repositories: ImportRepositories,
    private readonly models: IndexModels,
    private readonly batchSize = 32,
  ) {
    const batch = db.transaction((items: PhotoToStore[]) => items.map((item) => this.store(item)));
    // IMMEDIATE: it reads before it writes (see catalog/db.ts).
    this.commitBatch = (items: PhotoToStore[]) => batch.immediate(items);
  }

  /** Queues a photo; commits when the batch is full. Returns the photos committed. */
  add(item: PhotoToStore): StoredPhoto[] {
    this.batch.push(item);
    return this.batch.length >= this.batchSize ? this.flush() : [];
  }

  /**
   * Commits whatever is queued and returns it. When the commit fails (a full disk) the batch is dropped:
   * nothing of it is in the catalog, and the next run imports it again.
   */
  flush(): StoredPhoto[] {
    const items = this.batch;
    if (items.length === 0) return [];
    this.batch = [];
    return this.commitBatch(items);
  }

  private store(item: PhotoToStore): StoredPhoto {
    const { file, photo, replaces, aliases, index } = item;
    const { photos, fileErrors } = this.repositories;
    // Another process may have imported the same bytes since this run looked (between check and insert):
    // then this file is a duplicate of that photo, not a failure.
    const existing = photos.findBySha(photo.sha256);
    const id = existing ? existing.id : photos.insert(photo);
    for (const copy of [file, ...aliases]) {
      photos.recordFile(copy.path, id, copy.bytes, copy.mtimeMs);
      fileErrors.clear(copy.path);
    }
    if (replaces !== null && replaces !== id) photos.markReplacedIfOrphaned(replaces);
    if (existing) return { item, duplicateOf: existing.path };
    if (index) storeIndexOutcome(this.repositories, this.models, id, index, photo.folderLabel);
    return { item, duplicateOf: null };
  }
}
