import type { Db } from './db';
import type { Assignment, LabelSource, Rejection } from './label.repository';

/** A face as clustering and suggestions see it: its photo, its label, its embedding. */
export interface FaceVectorRow {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  by: LabelSource | null;
  /** Detector confidence 0..1, and size, sharpness and pose together 0..1 (null when not measured). */
  score: number;
  quality: number | null;
  /** float32, L2-normalised. */
  vector: Buffer;
}

/** An unlabeled (or only suggested, or automatically labeled) face in a cluster. */
export interface OpenClusterFace {
  cluster: number;
  faceId: number;
  photoId: number;
  /** The suggested person, if any. */
  personId: number | null;
}

/** A face's cluster under one embedder (-1: in none), with its neighbourhood density when known. */
export interface ClusterEntry {
  faceId: number;
  cluster: number;
  density: number | null;
}

/** Faces (not dismissed, of current photos) with their embedding under one model (the parameter). */
export const vectorRows = `SELECT f.id, f.photo_id AS photoId, f.person_id AS personId, f.assignment,
  f.assigned_by AS by, f.score, f.quality, e.vector FROM faces f
  JOIN embeddings e ON e.face_id = f.id AND e.model_id = ?
  JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
  WHERE f.dismissed = 0`;

/**
 * Clusters of faces per embedder model, the vectors they are computed from, and the derived labels
 * (suggestions and automatic labels) that clustering writes. Derived data: a full re-cluster rebuilds it.
 */
export class ClusterRepository {
  private readonly statements;
  private readonly replaceAll;

  constructor(db: Db) {
    this.statements = {
      vectors: db.prepare(`${vectorRows} ORDER BY f.id`),
      personVectors: db.prepare(`${vectorRows} AND f.person_id = ? ORDER BY f.id`),
      rejections: db.prepare('SELECT face_id AS faceId, person_id AS personId FROM rejections'),
      clearDerived: db.prepare(`UPDATE faces SET person_id = NULL, assignment = NULL, assigned_by = NULL,
        distance = NULL WHERE assigned_by = 'auto' OR assignment = 'suggested'`),
      // The label rules hold here too, not only where the suggestion was computed: a user may have rejected
      // the person or labeled a photo-mate as them (in another process) since the vectors were read.
      derive: db.prepare(`UPDATE faces SET person_id = @personId, assignment = @assignment,
        assigned_by = 'auto', distance = @distance
        WHERE id = @faceId AND (person_id IS NULL OR assigned_by = 'auto' OR assignment = 'suggested')
          AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.face_id = @faceId AND r.person_id = @personId)
          AND NOT EXISTS (SELECT 1 FROM faces m WHERE m.photo_id = faces.photo_id AND m.id <> @faceId
            AND m.person_id = @personId AND m.dismissed = 0)`),
      clear: db.prepare('DELETE FROM face_clusters WHERE model_id = ?'),
      set: db.prepare(
        'INSERT OR REPLACE INTO face_clusters (face_id, model_id, cluster, density) VALUES (?, ?, ?, ?)',
      ),
      clustered: db.prepare(
        'SELECT face_id AS faceId, cluster, density FROM face_clusters WHERE model_id = ? ORDER BY face_id',
      ),
      members: db.prepare(
        'SELECT face_id AS faceId FROM face_clusters WHERE model_id = ? AND cluster = ? ORDER BY face_id',
      ),
      count: db.prepare(
        'SELECT COUNT(DISTINCT cluster) AS n FROM face_clusters WHERE model_id = ? AND cluster >= 0',
      ),
      seen: db.prepare('SELECT COUNT(*) AS n FROM face_clusters WHERE model_id = ?'),
      open: db.prepare(`SELECT c.cluster, f.id AS faceId, f.photo_id AS photoId, f.person_id AS personId
        FROM face_clusters c JOIN faces f ON f.id = c.face_id AND f.dismissed = 0
        JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        WHERE c.model_id = ? AND c.cluster >= 0
          AND (f.person_id IS NULL OR f.assignment = 'suggested' OR f.assigned_by = 'auto')
        ORDER BY c.cluster, f.quality DESC, f.id`),
      uncluster: db.prepare(`UPDATE face_clusters SET cluster = -1
        WHERE model_id = ? AND face_id IN (SELECT value FROM json_each(?))`),
    };
    this.replaceAll = db.transaction((model: number, entries: ClusterEntry[]) => {
      this.statements.clear.run(model);
      for (const { faceId, cluster, density } of entries)
        this.statements.set.run(faceId, model, cluster, density);
    });
  }

  /** Every (not dismissed) face of current photos with an embedding of this model, in id order. */
  vectors(embedder: number): FaceVectorRow[] {
    return this.statements.vectors.all(embedder) as FaceVectorRow[];
  }

  /** One person's faces (confirmed, suggested, automatic) with their vectors, in id order. */
  personVectors(embedder: number, personId: number): FaceVectorRow[] {
    return this.statements.personVectors.all(embedder, personId) as FaceVectorRow[];
  }

  rejections(): Rejection[] {
    return this.statements.rejections.all() as Rejection[];
  }

  /** Drops every suggestion and automatic label (before they are computed afresh). */
  clearDerivedLabels(): void {
    this.statements.clearDerived.run();
  }

  /** A suggestion or automatic label; never over a user's or a folder's label. */
  setDerivedLabel(faceId: number, personId: number, assignment: Assignment, distance: number): void {
    this.statements.derive.run({ personId, assignment, distance, faceId });
  }

  /** Replaces a model's clusters (a full re-cluster). */
  replaceClusters(embedder: number, entries: ClusterEntry[]): void {
    this.replaceAll(embedder, entries);
  }

  /** Sets some faces' clusters (incremental). */
  setClusters(embedder: number, entries: ClusterEntry[]): void {
    for (const { faceId, cluster, density } of entries)
      this.statements.set.run(faceId, embedder, cluster, density);
  }

  clusters(embedder: number): ClusterEntry[] {
    return this.statements.clustered.all(embedder) as ClusterEntry[];
  }

  members(embedder: number, cluster: number): number[] {
    return (this.statements.members.all(embedder, cluster) as Array<{ faceId: number }>).map((r) => r.faceId);
  }

  /** Every clustered face nobody has labeled yet (suggestions and automatic labels are still open). */
  openMembers(embedder: number): OpenClusterFace[] {
    return this.statements.open.all(embedder) as OpenClusterFace[];
  }

  /** Takes faces out of their clusters (until the next full re-cluster). */
  uncluster(embedder: number, faceIds: readonly number[]): void {
    this.statements.uncluster.run(embedder, JSON.stringify(faceIds));
  }

  /** Clusters (of at least the minimum size) under this embedder. */
  count(embedder: number): number {
    return (this.statements.count.get(embedder) as { n: number }).n;
  }

  /** Whether clustering has run under this embedder at all. */
  hasRun(embedder: number): boolean {
    return (this.statements.seen.get(embedder) as { n: number }).n > 0;
  }
}
