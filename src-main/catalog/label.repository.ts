import type { Db } from './db';

export type Assignment = 'confirmed' | 'suggested';
export type LabelSource = 'user' | 'folder' | 'auto';

/** A face's label state: everything about a face that labeling changes (and undo restores). */
export interface FaceLabel {
  id: number;
  photoId: number;
  personId: number | null;
  assignment: Assignment | null;
  by: LabelSource | null;
  distance: number | null;
  dismissed: number;
}

/** A face with its label, as `faceatlas faces` lists it. */
export interface LabeledFaceRow {
  id: number;
  photoPath: string;
  box: string;
  score: number;
  personId: number | null;
  person: string | null;
  clusterId: number | null;
  assignment: Assignment | null;
  by: LabelSource | null;
  rejected: number;
}

/** A labeled face with its crop, as a dataset export writes it. */
export interface ExportFaceRow {
  id: number;
  crop: string;
  box: string;
  personId: number;
  person: string;
  photoPath: string;
}

export interface LabeledFaceFilter {
  /** Only this person's faces (confirmed and suggested). */
  personId?: number;
  /** Only confirmed faces. */
  confirmedOnly?: boolean;
  /** The embedder whose clusters to show. */
  embedder: number;
}

export interface Rejection {
  faceId: number;
  personId: number;
}

export interface Constraint {
  faceA: number;
  faceB: number;
  kind: 'must' | 'cannot';
}

const labelColumns = `id, photo_id AS photoId, person_id AS personId, assignment, assigned_by AS by,
  distance, dismissed`;

/** Binds a list of ids to an `IN (...)` clause as one JSON parameter (no statement per list length). */
const inList = (column: string): string => `${column} IN (SELECT value FROM json_each(?))`;

/**
 * Face labels, rejections and constraints: the rows the people service (the one place label logic lives)
 * reads and writes. Call the writers inside the service's transactions.
 */
export class LabelRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      labels: db.prepare(`SELECT ${labelColumns} FROM faces WHERE ${inList('id')} ORDER BY id`),
      ofPerson: db.prepare(
        `SELECT ${labelColumns} FROM faces WHERE person_id = ? AND dismissed = 0 ORDER BY id`,
      ),
      ofPhotos: db.prepare(`SELECT ${labelColumns} FROM faces WHERE ${inList('photo_id')} AND dismissed = 0`),
      setLabel:
        db.prepare(`UPDATE faces SET person_id = @personId, assignment = @assignment, assigned_by = @by,
        distance = @distance, dismissed = @dismissed WHERE id = @id`),
      folderLabel:
        db.prepare(`UPDATE faces SET person_id = ?, assignment = 'confirmed', assigned_by = 'folder',
        distance = NULL WHERE id = ? AND person_id IS NULL`),
      rejections: db.prepare(`SELECT face_id AS faceId, person_id AS personId FROM rejections
        WHERE ${inList('face_id')} OR ${inList('person_id')} ORDER BY face_id, person_id`),
      rejectionsOfPeople: db.prepare(
        `SELECT face_id AS faceId, person_id AS personId FROM rejections WHERE ${inList('person_id')}`,
      ),
      addRejection: db.prepare('INSERT OR IGNORE INTO rejections (face_id, person_id) VALUES (?, ?)'),
      removeRejection: db.prepare('DELETE FROM rejections WHERE face_id = ? AND person_id = ?'),
      clearRejections: db.prepare(
        `DELETE FROM rejections WHERE ${inList('face_id')} OR ${inList('person_id')}`,
      ),
      constraints: db.prepare(`SELECT face_a AS faceA, face_b AS faceB, kind FROM constraints
        WHERE ${inList('face_a')} OR ${inList('face_b')} ORDER BY face_a, face_b`),
      addConstraint: db.prepare('INSERT OR REPLACE INTO constraints (face_a, face_b, kind) VALUES (?, ?, ?)'),
      clearConstraints: db.prepare(
        `DELETE FROM constraints WHERE ${inList('face_a')} OR ${inList('face_b')}`,
      ),
      faceExists: db.prepare('SELECT 1 FROM faces WHERE id = ?'),
      exportable:
        db.prepare(`SELECT f.id, f.crop, f.box, pe.id AS personId, pe.name AS person, ph.path AS photoPath
        FROM faces f JOIN people pe ON pe.id = f.person_id
        JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        WHERE f.dismissed = 0 AND f.crop IS NOT NULL
          AND (@confirmedOnly = 0 OR (f.assignment = 'confirmed' AND f.assigned_by IN ('user', 'folder')))
        ORDER BY pe.name, f.id`),
      listed: db.prepare(`SELECT f.id, ph.path AS photoPath, f.box, f.score, f.person_id AS personId,
        pe.name AS person, c.cluster AS clusterId, f.assignment, f.assigned_by AS by,
        EXISTS (SELECT 1 FROM rejections r WHERE r.face_id = f.id) AS rejected
        FROM faces f JOIN photos ph ON ph.id = f.photo_id AND ph.status = 'ok'
        LEFT JOIN people pe ON pe.id = f.person_id
        LEFT JOIN face_clusters c ON c.face_id = f.id AND c.model_id = @embedder AND c.cluster >= 0
        WHERE f.dismissed = 0 AND (@personId IS NULL OR f.person_id = @personId)
          AND (@confirmedOnly = 0 OR f.assignment = 'confirmed')
        ORDER BY f.id`),
      unlabelPerson: db.prepare(`UPDATE faces SET person_id = NULL, assignment = NULL, assigned_by = NULL,
        distance = NULL WHERE person_id = ?`),
    };
  }

  labels(faceIds: readonly number[]): FaceLabel[] {
    return this.statements.labels.all(JSON.stringify(faceIds)) as FaceLabel[];
  }

  label(faceId: number): FaceLabel | undefined {
    return this.labels([faceId])[0];
  }

  /** A person's faces (confirmed and suggested), not dismissed ones. */
  ofPerson(personId: number): FaceLabel[] {
    return this.statements.ofPerson.all(personId) as FaceLabel[];
  }

  /** Every (not dismissed) face of these photos: who else is in the picture. */
  ofPhotos(photoIds: readonly number[]): FaceLabel[] {
    return this.statements.ofPhotos.all(JSON.stringify(photoIds)) as FaceLabel[];
  }

  setLabel(label: Omit<FaceLabel, 'photoId'>): void {
    this.statements.setLabel.run(label);
  }

  /** A folder's identity for a face that has no label yet (a user's label is never overwritten). */
  setFolderLabel(faceId: number, personId: number): void {
    this.statements.folderLabel.run(personId, faceId);
  }

  /** Rejections of these faces or by these people. */
  rejections(faceIds: readonly number[], personIds: readonly number[]): Rejection[] {
    return this.statements.rejections.all(JSON.stringify(faceIds), JSON.stringify(personIds)) as Rejection[];
  }

  rejectionsOf(personIds: readonly number[]): Rejection[] {
    return this.statements.rejectionsOfPeople.all(JSON.stringify(personIds)) as Rejection[];
  }

  addRejection(faceId: number, personId: number): void {
    this.statements.addRejection.run(faceId, personId);
  }

  removeRejection(faceId: number, personId: number): void {
    this.statements.removeRejection.run(faceId, personId);
  }

  /** Replaces the rejections of these faces and people with exactly `rows` (undo, redo). */
  replaceRejections(faceIds: readonly number[], personIds: readonly number[], rows: Rejection[]): void {
    this.statements.clearRejections.run(JSON.stringify(faceIds), JSON.stringify(personIds));
    for (const row of rows) if (this.exists(row.faceId)) this.addRejection(row.faceId, row.personId);
  }

  constraints(faceIds: readonly number[]): Constraint[] {
    const ids = JSON.stringify(faceIds);
    return this.statements.constraints.all(ids, ids) as Constraint[];
  }

  addConstraint(constraint: Constraint): void {
    const [a, b] = [constraint.faceA, constraint.faceB].sort((x, y) => x - y) as [number, number];
    this.statements.addConstraint.run(a, b, constraint.kind);
  }

  /** Replaces the constraints naming these faces with exactly `rows` (undo, redo). */
  replaceConstraints(faceIds: readonly number[], rows: Constraint[]): void {
    const ids = JSON.stringify(faceIds);
    this.statements.clearConstraints.run(ids, ids);
    for (const row of rows) {
      if (this.exists(row.faceA) && this.exists(row.faceB)) this.addConstraint(row);
    }
  }

  /** Faces with their labels, photos and clusters, in id order. */
  list(filter: LabeledFaceFilter): LabeledFaceRow[] {
    return this.statements.listed.all({
      embedder: filter.embedder,
      personId: filter.personId ?? null,
      confirmedOnly: filter.confirmedOnly ? 1 : 0,
    }) as LabeledFaceRow[];
  }

  /** Labeled faces with crops; `confirmedOnly`: only the user's and folders' confirmed labels (truth). */
  exportable(confirmedOnly: boolean): ExportFaceRow[] {
    return this.statements.exportable.all({ confirmedOnly: confirmedOnly ? 1 : 0 }) as ExportFaceRow[];
  }

  /** Takes a person's name off every face (before the person is removed). */
  unlabelPerson(personId: number): void {
    this.statements.unlabelPerson.run(personId);
  }

  /** Faces re-detection removed since a journal entry was written are skipped when it is replayed. */
  exists(faceId: number): boolean {
    return this.statements.faceExists.get(faceId) !== undefined;
  }
}
