import { vectorRows, type FaceVectorRow } from './cluster.repository';
import type { Db } from './db';

/** A face as search results show it: where it is, when the photo was taken, who it is now. */
export interface SearchFaceRow {
  id: number;
  photoId: number;
  photoPath: string;
  takenAt: string | null;
  /** JSON {x,y,width,height} in oriented photo pixels. */
  box: string;
  person: string | null;
}

/**
 * The read side of search: the labeled faces' vectors (what every search compares with), the vectors of
 * the candidates an index search returned, the details of the faces shown, and the stamp that tells the
 * vector index whether the catalog's faces changed.
 */
export class SearchRepository {
  private readonly statements;
  private readonly stamps = new Map<number, { writes: string; stamp: string }>();

  constructor(db: Db) {
    this.statements = {
      labeled: db.prepare(`${vectorRows} AND f.person_id IS NOT NULL
        AND f.assignment = 'confirmed' AND f.assigned_by IS NOT 'auto' ORDER BY f.id`),
      vectorsOf: db.prepare(`${vectorRows} AND f.id IN (SELECT value FROM json_each(?)) ORDER BY f.id`),
      faces: db.prepare(`SELECT f.id, f.photo_id AS photoId, ph.path AS photoPath, ph.taken_at AS takenAt,
        f.box, CASE WHEN f.assignment = 'rejected' THEN NULL ELSE p.name END AS person
        FROM faces f JOIN photos ph ON ph.id = f.photo_id
        LEFT JOIN people p ON p.id = f.person_id
        WHERE f.dismissed = 0 AND f.id IN (SELECT value FROM json_each(?))`),
      // Over the rows the index reads (ClusterRepository.vectors): the count changes with faces added,
      // dismissed or removed with their photo; the rowids with re-embedding (INSERT OR REPLACE gives the
      // embedding a new rowid) and with one face swapped for another.
      stamp: db.prepare(`SELECT count(*) || ':' || ifnull(max(e.rowid), 0) || ':' || total(e.rowid) AS stamp
        FROM faces f JOIN embeddings e ON e.face_id = f.id AND e.model_id = ?
        JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        WHERE f.dismissed = 0`),
      // data_version moves when another connection commits, total_changes when this one writes.
      writes: db.prepare(`SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()
        AS writes`),
    };
  }

  /**
   * A stamp of a model's searchable faces that changes whenever they do, in this process or another (the
   * vector index's `signature`). The stamp scans every face, so it is recomputed only after a write to the
   * database: queries between writes, the common case, cost two pragma reads.
   */
  faceStamp(model: number): string {
    const { writes } = this.statements.writes.get() as { writes: string };
    const known = this.stamps.get(model);
    if (known?.writes === writes) return known.stamp;
    const { stamp } = this.statements.stamp.get(model) as { stamp: string };
    this.stamps.set(model, { writes, stamp });
    return stamp;
  }

  /** The user's and folders' labeled faces (current, not dismissed) with their vectors under a model. */
  labeledVectors(model: number): FaceVectorRow[] {
    return this.statements.labeled.all(model) as FaceVectorRow[];
  }

  /** The given faces with their vectors under a model, in id order (faces without one are left out). */
  vectorsOf(model: number, ids: readonly number[]): FaceVectorRow[] {
    if (ids.length === 0) return [];
    return this.statements.vectorsOf.all(model, JSON.stringify(ids)) as FaceVectorRow[];
  }

  /** The given faces (in no particular order; ids that are gone or dismissed are left out). */
  faces(ids: readonly number[]): SearchFaceRow[] {
    if (ids.length === 0) return [];
    return this.statements.faces.all(JSON.stringify(ids)) as SearchFaceRow[];
  }
}
