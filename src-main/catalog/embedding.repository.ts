import type { Db } from './db';

/** A face whose aligned crop is to be embedded. */
export interface CropToEmbed {
  id: number;
  crop: string;
}

/** A labeled face (user or folder) with its vector under one model. */
export interface LabeledVectorRow {
  id: number;
  photoId: number;
  personId: number;
  vector: Buffer;
}

/** A face with its vector under one model and what an export says of it (labels, photo, crop). */
export interface ExportVectorRow {
  id: number;
  crop: string | null;
  photoPath: string;
  person: string | null;
  assignment: 'confirmed' | 'suggested' | 'rejected' | null;
  by: 'user' | 'folder' | 'auto' | null;
  vector: Buffer;
}

/** Faces that count: not dismissed, of a photo still in the catalog. */
const current = `f.dismissed = 0 AND EXISTS (SELECT 1 FROM photos ph WHERE ph.id = f.photo_id AND ph.status = 'ok')`;

/** Embeddings per model as the model registry sees them: which faces lack one, and writing them. */
export class EmbeddingRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      missing:
        db.prepare(`SELECT f.id, f.crop FROM faces f WHERE ${current} AND f.crop IS NOT NULL AND f.id > ?
        AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id AND e.model_id = ?)
        ORDER BY f.id LIMIT ?`),
      countMissing: db.prepare(`SELECT COUNT(*) AS n FROM faces f WHERE ${current} AND f.crop IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id AND e.model_id = ?)`),
      countEmbedded: db.prepare(`SELECT COUNT(*) AS n FROM faces f JOIN embeddings e ON e.face_id = f.id
        AND e.model_id = ? WHERE ${current}`),
      labeledMissing: db.prepare(`SELECT f.id, f.crop FROM faces f WHERE ${current} AND f.crop IS NOT NULL
        AND f.person_id IS NOT NULL AND f.assignment = 'confirmed' AND f.assigned_by IN ('user', 'folder')
        AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.face_id = f.id AND e.model_id = ?) ORDER BY f.id`),
      labeledOf:
        db.prepare(`SELECT f.id, f.photo_id AS photoId, f.person_id AS personId, e.vector FROM faces f
        JOIN embeddings e ON e.face_id = f.id AND e.model_id = ? WHERE ${current}
        AND f.person_id = ? AND f.assignment = 'confirmed' AND f.assigned_by IN ('user', 'folder')
        ORDER BY f.id`),
      labeled: db.prepare(`SELECT f.id, f.photo_id AS photoId, f.person_id AS personId, e.vector FROM faces f
        JOIN embeddings e ON e.face_id = f.id AND e.model_id = ? WHERE ${current}
        AND f.person_id IS NOT NULL AND f.assignment = 'confirmed' AND f.assigned_by IN ('user', 'folder')
        ORDER BY f.id`),
      // A face deleted since it was read (undo of a drawing, another process) is skipped, not an error.
      put: db.prepare(`INSERT OR REPLACE INTO embeddings (face_id, model_id, vector)
        SELECT @face, @model, @vector WHERE EXISTS (SELECT 1 FROM faces WHERE id = @face)`),
      vector: db.prepare('SELECT vector FROM embeddings WHERE face_id = ? AND model_id = ?'),
      unassigned: db.prepare(`SELECT f.id, f.crop, e.vector FROM faces f
        LEFT JOIN embeddings e ON e.face_id = f.id AND e.model_id = ?
        WHERE ${current} AND (f.person_id IS NULL OR f.assignment = 'suggested' OR f.assigned_by = 'auto')
        ORDER BY f.id`),
      exportRows: db.prepare(`SELECT f.id, f.crop, ph.path AS photoPath, p.name AS person, f.assignment,
        f.assigned_by AS by, e.vector FROM faces f JOIN embeddings e ON e.face_id = f.id AND e.model_id = ?
        JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok' LEFT JOIN people p ON p.id = f.person_id
        WHERE f.dismissed = 0 ORDER BY f.id`),
      rejections: db.prepare('SELECT face_id AS faceId, person_id AS personId FROM rejections'),
    };
  }

  /** Up to `limit` faces after `afterId` (in id order) with a crop and no vector under `model`. */
  missing(model: number, afterId: number, limit: number): CropToEmbed[] {
    return this.statements.missing.all(afterId, model, limit) as CropToEmbed[];
  }

  countMissing(model: number): number {
    return (this.statements.countMissing.get(model) as { n: number }).n;
  }

  countEmbedded(model: number): number {
    return (this.statements.countEmbedded.get(model) as { n: number }).n;
  }

  /** The user's and folders' labeled faces that have no vector under `model` yet. */
  labeledMissing(model: number): CropToEmbed[] {
    return this.statements.labeledMissing.all(model) as CropToEmbed[];
  }

  /** The user's and folders' labeled faces with their vectors under `model`, in id order. */
  labeled(model: number): LabeledVectorRow[] {
    return this.statements.labeled.all(model) as LabeledVectorRow[];
  }

  /** One person's user- and folder-labeled faces with their vectors under `model`, in id order. */
  labeledOf(model: number, personId: number): LabeledVectorRow[] {
    return this.statements.labeledOf.all(model, personId) as LabeledVectorRow[];
  }

  /** Stores (or replaces) a face's vector under a model. */
  put(faceId: number, model: number, vector: Float32Array): void {
    const blob = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    this.statements.put.run({ face: faceId, model, vector: blob });
  }

  vector(faceId: number, model: number): Buffer | undefined {
    return (this.statements.vector.get(faceId, model) as { vector: Buffer } | undefined)?.vector;
  }

  /** Faces no user or folder labeled (open, suggested or labeled automatically), with crop and vector under `model`. */
  unassigned(model: number): Array<{ id: number; crop: string | null; vector: Buffer | null }> {
    return this.statements.unassigned.all(model) as Array<{
      id: number;
      crop: string | null;
      vector: Buffer | null;
    }>;
  }

  /** Every face with a vector under `model`, with its labels, photo and crop, in id order (exports). */
  exportRows(model: number): ExportVectorRow[] {
    return this.statements.exportRows.all(model) as ExportVectorRow[];
  }

  /** Every "not this person" as `faceId:personId` keys. */
  rejectionKeys(): Set<string> {
    const rows = this.statements.rejections.all() as Array<{ faceId: number; personId: number }>;
    return new Set(rows.map((row) => `${row.faceId}:${row.personId}`));
  }
}
