import type { Db } from './db';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A face found by indexing, ready to store. */
export interface NewFace {
  box: FaceBox;
  landmarks: Array<[number, number]>;
  score: number;
  quality: number;
  wholeImage: boolean;
  /** Aligned crop, relative to the catalog folder. */
  crop: string;
  /** L2-normalised embedding from the catalog's embedder. */
  embedding: Float32Array;
  /** A confirmed identity to give this face (e.g. from its folder), unless it already has one. */
  personId?: number;
}

export interface FaceRow {
  id: number;
  photoId: number;
  box: string;
  landmarks: string | null;
  score: number;
  quality: number | null;
  wholeImage: number;
  crop: string | null;
  personId: number | null;
  personName: string | null;
  assignment: 'confirmed' | 'suggested' | 'rejected' | null;
}

/** Re-detected faces inherit an earlier face's identity when their boxes overlap at least this much. */
export const sameFaceIoU = 0.5;

const faceColumns = `f.id, f.photo_id AS photoId, f.box, f.landmarks, f.score, f.quality, f.whole_image AS wholeImage,
  f.crop, f.person_id AS personId, p.name AS personName, f.assignment`;

/** Faces and their per-model embeddings. */
export class FaceRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      ofPhoto: db.prepare(`SELECT ${faceColumns} FROM faces f LEFT JOIN people p ON p.id = f.person_id
        WHERE f.photo_id = ? ORDER BY f.id`),
      page: db.prepare(`SELECT ${faceColumns} FROM faces f JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        LEFT JOIN people p ON p.id = f.person_id ORDER BY f.id LIMIT ? OFFSET ?`),
      count: db.prepare(
        `SELECT COUNT(*) AS n FROM faces f JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'`,
      ),
      get: db.prepare(
        `SELECT ${faceColumns} FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?`,
      ),
      insert:
        db.prepare(`INSERT INTO faces (photo_id, box, landmarks, score, quality, whole_image, crop, detector_model,
        person_id, assignment, assigned_by) VALUES (@photoId, @box, @landmarks, @score, @quality, @wholeImage, @crop,
        @detector, @personId, @assignment, @by)`),
      update:
        db.prepare(`UPDATE faces SET box = @box, landmarks = @landmarks, score = @score, quality = @quality,
        whole_image = @wholeImage, crop = @crop, detector_model = @detector,
        person_id = COALESCE(person_id, @personId),
        assignment = CASE WHEN person_id IS NULL AND @personId IS NOT NULL THEN 'confirmed' ELSE assignment END,
        assigned_by = CASE WHEN person_id IS NULL AND @personId IS NOT NULL THEN 'user' ELSE assigned_by END
        WHERE id = @id`),
      remove: db.prepare('DELETE FROM faces WHERE id = ?'),
      embedding: db.prepare('INSERT OR REPLACE INTO embeddings (face_id, model_id, vector) VALUES (?, ?, ?)'),
      markIndexed: db.prepare('UPDATE photos SET indexed_model = ?, index_error = ? WHERE id = ?'),
    };
  }

  /**
   * Stores the faces just found on a photo, keeping what people did with its earlier faces: a new face that
   * overlaps an old one (IoU >= 0.5) updates that face in place, so its id and label survive; an old face
   * no new face matches is deleted unless it carries a label, which is never lost to a model change.
   * Call inside a transaction.
   */
  replaceForPhoto(photoId: number, faces: NewFace[], models: { detector: number; embedder: number }): void {
    const old = this.ofPhoto(photoId).map((row) => ({
      row,
      box: JSON.parse(row.box) as FaceBox,
      taken: false,
    }));
    for (const face of faces) {
      const match = bestMatch(face.box, old);
      const values = {
        photoId,
        box: JSON.stringify(roundBox(face.box)),
        landmarks: JSON.stringify(face.landmarks.map(([x, y]) => [round1(x), round1(y)])),
        score: face.score,
        quality: face.quality,
        wholeImage: face.wholeImage ? 1 : 0,
        crop: face.crop,
        detector: face.wholeImage ? null : models.detector,
        personId: face.personId ?? null,
      };
      let id: number;
      if (match) {
        match.taken = true;
        id = match.row.id;
        this.statements.update.run({ ...values, id });
      } else {
        const label =
          face.personId === undefined
            ? { assignment: null, by: null }
            : { assignment: 'confirmed', by: 'user' };
        id = Number(this.statements.insert.run({ ...values, ...label }).lastInsertRowid);
      }
      const vector = face.embedding;
      this.statements.embedding.run(
        id,
        models.embedder,
        Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
      );
    }
    for (const { row, taken } of old) if (!taken && row.personId === null) this.statements.remove.run(row.id);
    this.statements.markIndexed.run(models.embedder, null, photoId);
  }

  /** Records that indexing a photo failed, so `index` can report and retry it. */
  markIndexFailed(photoId: number, error: string): void {
    this.statements.markIndexed.run(null, error, photoId);
  }

  ofPhoto(photoId: number): FaceRow[] {
    return this.statements.ofPhoto.all(photoId) as FaceRow[];
  }

  get(id: number): FaceRow | undefined {
    return this.statements.get.get(id) as FaceRow | undefined;
  }

  page(offset: number, limit: number): FaceRow[] {
    return this.statements.page.all(limit, offset) as FaceRow[];
  }

  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }
}

function bestMatch<T extends { box: FaceBox; taken: boolean }>(box: FaceBox, candidates: T[]): T | undefined {
  let best: T | undefined;
  let bestOverlap = sameFaceIoU;
  for (const candidate of candidates) {
    if (candidate.taken) continue;
    const overlap = intersectionOverUnion(box, candidate.box);
    if (overlap >= bestOverlap) {
      best = candidate;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** Intersection over union of two boxes, 0..1. */
export function intersectionOverUnion(a: FaceBox, b: FaceBox): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const roundBox = (box: FaceBox): FaceBox => ({
  x: round1(box.x),
  y: round1(box.y),
  width: round1(box.width),
  height: round1(box.height),
});
