import type { Db } from '../catalog/db';
import type { FileErrorRepository } from '../catalog/file-error.repository';
import type { NewPhoto, PhotoRepository } from '../catalog/photo.repository';
import type { ScannedFile } from './scan';

/** A decoded photo waiting to be stored, with the other paths in this run that hold the same bytes. */
export interface PhotoToStore {
  file: ScannedFile;
  photo: NewPhoto;
  /** The photo that this path pointed at before its content changed, if any. */
  replaces: number | null;
  aliases: ScannedFile[];
  sha256: string;
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
    private readonly photos: PhotoRepository,
    private readonly fileErrors: FileErrorRepository,
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

  private store({ file, photo, replaces, aliases }: PhotoToStore): void {
    const id = this.photos.insert(photo);
    for (const copy of [file, ...aliases]) {
      this.photos.recordFile(copy.path, id, copy.bytes, copy.mtimeMs);
      this.fileErrors.clear(copy.path);
    }
    if (replaces !== null) this.photos.markReplacedIfOrphaned(replaces);
  }
}
