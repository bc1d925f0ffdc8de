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
  /** Which detector found it (null for a whole-image face: nothing was detected). */
  detectorModel: number | null;
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
  assignment: 'confirmed' | 'suggested' | null;
  by: 'user' | 'folder' | 'auto' | null;
}

/** A face row exactly as stored, with its embeddings (base64 float32): a journal can hold it as JSON. */
export interface StoredFace {
  row: Record<string, unknown>;
  embeddings: Array<{ modelId: number; vector: string }>;
}

/** An earlier face of a photo, as re-detection sees it. */
interface OldFace {
  id: number;
  box: string;
  personId: number | null;
  /** Dismissed, rejected from someone, or named by a constraint: kept even when no new face matches. */
  pinned: number;
}

/** Re-detected faces inherit an earlier face's identity when their boxes overlap at least this much. */
export const sameFaceIoU = 0.5;

const faceColumns = `f.id, f.photo_id AS photoId, f.box, f.landmarks, f.score, f.quality, f.whole_image AS wholeImage,
  f.crop, f.person_id AS personId, p.name AS personName, f.assignment, f.assigned_by AS by`;

/** Faces and their per-model embeddings. */
export class FaceRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      ofPhoto: db.prepare(`SELECT ${faceColumns} FROM faces f LEFT JOIN people p ON p.id = f.person_id
        WHERE f.photo_id = ? AND f.dismissed = 0 ORDER BY f.id`),
      // Every face of a photo, dismissed ones too: re-detection must recognise those to keep them dismissed.
      allOfPhoto: db.prepare(`SELECT f.id, f.box, f.person_id AS personId,
        f.dismissed OR EXISTS (SELECT 1 FROM rejections r WHERE r.face_id = f.id)
          OR EXISTS (SELECT 1 FROM constraints c WHERE f.id IN (c.face_a, c.face_b)) AS pinned
        FROM faces f WHERE f.photo_id = ? ORDER BY f.id`),
      page: db.prepare(`SELECT ${faceColumns} FROM faces f JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        LEFT JOIN people p ON p.id = f.person_id WHERE f.dismissed = 0 ORDER BY f.id LIMIT ? OFFSET ?`),
      count: db.prepare(
        `SELECT COUNT(*) AS n FROM faces f JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok' WHERE f.dismissed = 0`,
      ),
      get: db.prepare(
        `SELECT ${faceColumns} FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?`,
      ),
      insert:
        db.prepare(`INSERT INTO faces (photo_id, box, landmarks, score, quality, whole_image, crop, detector_model)
        VALUES (@photoId, @box, @landmarks, @score, @quality, @wholeImage, @crop, @detector)`),
      // Geometry only: the face's labels (person, assignment, rejections) are the people service's.
      update:
        db.prepare(`UPDATE faces SET box = @box, landmarks = @landmarks, score = @score, quality = @quality,
        whole_image = @wholeImage, crop = @crop, detector_model = @detector WHERE id = @id`),
      remove: db.prepare('DELETE FROM faces WHERE id = ?'),
      fullRow: db.prepare('SELECT * FROM faces WHERE id = ?'),
      embeddingsOf: db.prepare('SELECT model_id AS modelId, vector FROM embeddings WHERE face_id = ?'),
      insertDrawn: db.prepare(`INSERT INTO faces (photo_id, box, landmarks, score, quality, whole_image, crop)
        VALUES (@photoId, @box, @landmarks, @score, @quality, 0, @crop)`),
      embedding: db.prepare('INSERT OR REPLACE INTO embeddings (face_id, model_id, vector) VALUES (?, ?, ?)'),
      markIndexed: db.prepare('UPDATE photos SET indexed_model = ?, index_error = ? WHERE id = ?'),
    };
  }

  /**
   * Stores the faces just found on a photo, keeping what people did with its earlier faces: a new face that
   * overlaps an old one (IoU >= 0.5) updates that face in place, so its id, label, rejections, constraints
   * and dismissal survive; an old face no new face matches is deleted unless it is labeled, rejected from
   * someone, named by a constraint or dismissed: none of that is ever lost to a model change. Returns the
   * stored faces' ids, in the order given. Call inside a transaction.
   */
  replaceForPhoto(photoId: number, faces: NewFace[], embedder: number): number[] {
    const old = (this.statements.allOfPhoto.all(photoId) as OldFace[]).map((row) => ({
      row,
      box: JSON.parse(row.box) as FaceBox,
      taken: false,
    }));
    const ids: number[] = [];
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
        detector: face.wholeImage ? null : face.detectorModel,
      };
      let id: number;
      if (match) {
        match.taken = true;
        id = match.row.id;
        this.statements.update.run({ ...values, id });
      } else {
        id = Number(this.statements.insert.run(values).lastInsertRowid);
      }
      ids.push(id);
      const vector = face.embedding;
      this.statements.embedding.run(
        id,
        embedder,
        Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
      );
    }
    for (const { row, taken } of old) {
      if (!taken && row.personId === null && !row.pinned) this.statements.remove.run(row.id);
    }
    this.statements.markIndexed.run(embedder, null, photoId);
    return ids;
  }

  /**
   * Stores a face the user drew on a photo (no detector found it) with its embedding. Returns its id.
   * Call inside the people service's transaction: the face and its label are one journaled operation.
   */
  insertDrawn(photoId: number, face: NewFace, embedder: number): number {
    const id = Number(
      this.statements.insertDrawn.run({
        photoId,
        box: JSON.stringify(roundBox(face.box)),
        landmarks: JSON.stringify(face.landmarks.map(([x, y]) => [round1(x), round1(y)])),
        score: face.score,
        quality: face.quality,
        crop: face.crop,
      }).lastInsertRowid,
    );
    const vector = face.embedding;
    this.statements.embedding.run(
      id,
      embedder,
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
    );
    return id;
  }

  /** A face's whole row and embeddings, to put it back exactly (undo of a deletion, redo of a drawing). */
  stored(id: number): StoredFace | undefined {
    const row = this.statements.fullRow.get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    const embeddings = (
      this.statements.embeddingsOf.all(id) as Array<{ modelId: number; vector: Buffer }>
    ).map(({ modelId, vector }) => ({ modelId, vector: vector.toString('base64') }));
    return { row, embeddings };
  }

  /** Writes a stored face back (if it is missing), with its embeddings. */
  restore(face: StoredFace): void {
    const id = face.row.id as number;
    if (this.statements.fullRow.get(id)) return;
    const columns = Object.keys(face.row);
    this.db
      .prepare(`INSERT INTO faces (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
      .run(face.row);
    for (const { modelId, vector } of face.embeddings) {
      this.statements.embedding.run(id, modelId, Buffer.from(vector, 'base64'));
    }
  }

  /** Deletes a face (its embeddings, clusters, rejections and constraints go with it). */
  delete(id: number): void {
    this.statements.remove.run(id);
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
