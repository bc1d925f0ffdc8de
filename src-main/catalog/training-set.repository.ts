import type { Db } from './db';
import type { LabelSource } from './label.repository';

/** A face a model can learn from: a confirmed label, its aligned crop and (for head training) its vector. */
export interface LabeledFace {
  faceId: number;
  personId: number;
  personName: string;
  photoId: number;
  /** Aligned crop (150x150 JPEG), relative to the catalog folder. */
  crop: string;
  by: LabelSource;
  /** The face's embedding under `embedderModel`, when the query named one. */
  embedding?: Float32Array;
}

export interface LabeledFaceQuery {
  /** Also learn from automatic labels (clustering's guesses); off by default everywhere: they are not truth. */
  includeAuto: boolean;
  /** Read each face's vector under this model; faces it has no vector for are left out. */
  embedderModel?: number;
}

interface LabeledFaceRow extends Omit<LabeledFace, 'embedding'> {
  vector?: Buffer;
}

// Confirmed, not dismissed, of a current photo, with a crop; by the user or a folder (auto only when asked).
// Ordered by person name, then by photo content (then face): the same photos give the same list in any
// catalog, whatever order an import stored them in, and splits are seeded on that order.
const labeledFaces = (withVector: boolean): string => `SELECT f.id AS faceId, f.person_id AS personId,
  pe.name AS personName, f.photo_id AS photoId, f.crop, f.assigned_by AS by${withVector ? ', e.vector' : ''}
  FROM faces f JOIN people pe ON pe.id = f.person_id
  JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
  ${withVector ? 'JOIN embeddings e ON e.face_id = f.id AND e.model_id = @model' : ''}
  WHERE f.dismissed = 0 AND f.crop IS NOT NULL AND f.assignment = 'confirmed'
    AND (f.assigned_by IN ('user', 'folder') OR (@includeAuto = 1 AND f.assigned_by = 'auto'))
  ORDER BY pe.name, f.person_id, ph.sha256, f.id`;

/** The labeled faces a training run learns from (read-only: the trainer never changes labels). */
export class TrainingSetRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      faces: db.prepare(labeledFaces(false)),
      facesWithVectors: db.prepare(labeledFaces(true)),
    };
  }

  /** The confirmed faces of people, by name then photo content; LabeledFaceQuery says what is left out. */
  labeledFaces(query: LabeledFaceQuery): LabeledFace[] {
    const includeAuto = query.includeAuto ? 1 : 0;
    if (query.embedderModel === undefined) {
      return this.statements.faces.all({ includeAuto }) as LabeledFace[];
    }
    const rows = this.statements.facesWithVectors.all({
      includeAuto,
      model: query.embedderModel,
    }) as LabeledFaceRow[];
    return rows.map(({ vector, ...face }) => ({ ...face, embedding: toFloat32(vector as Buffer) }));
  }
}

/** A blob's float32 values, copied out: a Buffer's offset into its memory need not be a multiple of 4. */
function toFloat32(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
