import type { Db } from './db';
import type { Assignment, LabelSource } from './label.repository';

/** A face of a map's face set: its id and a stamp that changes when its vector does (re-embedding). */
export interface FaceSetRow {
  id: number;
  stamp: number;
  /** The vector's first 16 bytes: ids and rowids are reused once the newest rows are deleted. */
  head: Buffer;
}

/** A face of the face set with its vector (float32, L2-normalised). */
export interface ProjectionVectorRow extends FaceSetRow {
  vector: Buffer;
}

/** A face's labels as a map shows them, read at each call (the coordinates are cached, these are not). */
export interface ProjectionLabelRow {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  by: LabelSource | null;
  /** Its cluster under the map's model; -1 or null: in none. */
  cluster: number | null;
}

export interface ProjectionPersonRow {
  id: number;
  name: string;
  hidden: number;
}

/**
 * A map's face set under one model: faces not dismissed (false detections are no one's face), of
 * current photos, with an embedding of that model (the parameter). The same faces as clustering's.
 */
const faceSet = `FROM faces f JOIN embeddings e ON e.face_id = f.id AND e.model_id = @model
  JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'`;

/** What embedding maps read: the face set, its vectors, and each face's labels and cluster. */
export class ProjectionRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      // `INSERT OR REPLACE` gives a re-embedded face's vector a new rowid: the stamp changes with it. A
      // face re-detected after the newest faces were deleted can get their id and rowid back: the first
      // values of its vector tell it apart (read from the row itself, no extra page).
      faceSet: db.prepare(`SELECT f.id, e.rowid AS stamp, substr(e.vector, 1, 16) AS head ${faceSet}
        WHERE f.dismissed = 0 ORDER BY f.id`),
      vectors: db.prepare(`SELECT f.id, e.rowid AS stamp, substr(e.vector, 1, 16) AS head, e.vector
        ${faceSet} WHERE f.dismissed = 0 ORDER BY f.id`),
      labels: db.prepare(`SELECT f.id, f.photo_id AS photoId, f.person_id AS personId, f.assignment,
          f.assigned_by AS by, c.cluster ${faceSet}
        LEFT JOIN face_clusters c ON c.face_id = f.id AND c.model_id = @model
        WHERE f.dismissed = 0 ORDER BY f.id`),
      people: db.prepare('SELECT id, name, hidden FROM people ORDER BY name, id'),
    };
  }

  /** The face set's ids and stamps, in id order (no vectors: cheap enough to check a cache with). */
  faceSet(model: number): FaceSetRow[] {
    return this.statements.faceSet.all({ model }) as FaceSetRow[];
  }

  /** The face set with its vectors, in id order. */
  vectors(model: number): ProjectionVectorRow[] {
    return this.statements.vectors.all({ model }) as ProjectionVectorRow[];
  }

  /** Every face of the face set with its person, label and cluster, in id order. */
  labels(model: number): ProjectionLabelRow[] {
    return this.statements.labels.all({ model }) as ProjectionLabelRow[];
  }

  people(): ProjectionPersonRow[] {
    return this.statements.people.all() as ProjectionPersonRow[];
  }
}
