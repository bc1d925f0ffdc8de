import type { Db } from './db';

export interface PhotoRow {
  id: number;
  path: string;
  sha256: string;
  bytes: number;
  format: string;
  width: number;
  height: number;
  takenAt: string | null;
  folderLabel: string | null;
  thumb: string;
  status: 'ok' | 'replaced';
  importedAt: string;
}

export type NewPhoto = Omit<PhotoRow, 'id' | 'status' | 'importedAt'>;

export interface PhotoFileRow {
  photoId: number;
  bytes: number;
  mtimeMs: number;
}

/** A photo as face indexing reads it: where its file is and what it held at import. */
export type PhotoToIndex = Pick<
  PhotoRow,
  'id' | 'path' | 'sha256' | 'format' | 'width' | 'height' | 'folderLabel'
>;

const photoColumns = `id, path, sha256, bytes, format, width, height, taken_at AS takenAt,
  folder_label AS folderLabel, thumb, status, imported_at AS importedAt`;
const toIndexColumns = 'id, path, sha256, format, width, height, folder_label AS folderLabel';

/** Photos (one row per distinct content) and the paths each was seen at. */
export class PhotoRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      file: db.prepare(
        'SELECT photo_id AS photoId, bytes, mtime_ms AS mtimeMs FROM photo_files WHERE path = ?',
      ),
      bySha: db.prepare('SELECT id, path FROM photos WHERE sha256 = ?'),
      insert:
        db.prepare(`INSERT INTO photos (path, sha256, bytes, format, width, height, taken_at, folder_label, thumb)
        VALUES (@path, @sha256, @bytes, @format, @width, @height, @takenAt, @folderLabel, @thumb)`),
      upsertFile: db.prepare(`INSERT INTO photo_files (path, photo_id, bytes, mtime_ms) VALUES (?, ?, ?, ?)
        ON CONFLICT(path) DO UPDATE SET photo_id = excluded.photo_id, bytes = excluded.bytes, mtime_ms = excluded.mtime_ms`),
      markReplaced: db.prepare(`UPDATE photos SET status = 'replaced'
        WHERE id = ? AND NOT EXISTS (SELECT 1 FROM photo_files WHERE photo_id = photos.id)`),
      get: db.prepare(`SELECT ${photoColumns} FROM photos WHERE id = ?`),
      page: db.prepare(`SELECT ${photoColumns} FROM photos WHERE status = 'ok' ORDER BY id LIMIT ? OFFSET ?`),
      count: db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE status = 'ok'`),
      toIndex: db.prepare(
        `SELECT ${toIndexColumns} FROM photos WHERE status = 'ok' AND (? OR indexed_model IS NOT ?) ORDER BY id`,
      ),
      unindexed: db.prepare(
        `SELECT ${toIndexColumns} FROM photos WHERE id = ? AND status = 'ok' AND indexed_model IS NOT ?`,
      ),
    };
  }

  /** What a path looked like when it was last imported. */
  findFile(path: string): PhotoFileRow | undefined {
    return this.statements.file.get(path) as PhotoFileRow | undefined;
  }

  findBySha(sha256: string): { id: number; path: string } | undefined {
    return this.statements.bySha.get(sha256) as { id: number; path: string } | undefined;
  }

  insert(photo: NewPhoto): number {
    return Number(this.statements.insert.run(photo).lastInsertRowid);
  }

  /** Points a path at a photo's content, remembering its size and mtime for the next incremental run. */
  recordFile(path: string, photoId: number, bytes: number, mtimeMs: number): void {
    this.statements.upsertFile.run(path, photoId, bytes, mtimeMs);
  }

  /** Marks a photo whose last path now holds other content; its record (and later its faces) is kept. */
  markReplacedIfOrphaned(photoId: number): void {
    this.statements.markReplaced.run(photoId);
  }

  get(id: number): PhotoRow | undefined {
    return this.statements.get.get(id) as PhotoRow | undefined;
  }

  /** Current photos in import order. */
  page(offset: number, limit: number): PhotoRow[] {
    return this.statements.page.all(limit, offset) as PhotoRow[];
  }

  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }

  /** Current photos the embedder has not indexed yet (every current photo with `all`), in import order. */
  listToIndex(embedderId: number, all: boolean): PhotoToIndex[] {
    return this.statements.toIndex.all(all ? 1 : 0, embedderId) as PhotoToIndex[];
  }

  /** Those of the given photos that are current and not indexed by the embedder yet, in the order given. */
  unindexedAmong(photoIds: readonly number[], embedderId: number): PhotoToIndex[] {
    return photoIds.flatMap(
      (id) => (this.statements.unindexed.get(id, embedderId) as PhotoToIndex | undefined) ?? [],
    );
  }
}
