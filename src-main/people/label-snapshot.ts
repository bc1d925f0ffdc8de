import type { FaceRepository, StoredFace } from '../catalog/face.repository';
import type { Constraint, FaceLabel, LabelRepository, Rejection } from '../catalog/label.repository';
import type { PersonRepository, PersonRow } from '../catalog/person.repository';

/** The rows an operation may change: these faces and these people (and their rejections, constraints). */
export interface LabelScope {
  faces: number[];
  people: number[];
  /** Faces the operation drew (created): held whole, so that undo deletes and redo recreates them. */
  drawn?: number[];
}

/**
 * The label state of a scope at one moment: enough to put it back exactly. A person that did not exist
 * is recorded as null, so restoring the snapshot removes it again.
 */
export interface LabelSnapshot {
  scope: LabelScope;
  people: Array<{ id: number; row: PersonRow | null }>;
  faces: FaceLabel[];
  rejections: Rejection[];
  constraints: Constraint[];
  drawn?: Array<{ id: number; face: StoredFace | null }>;
}

export interface LabelStores {
  people: PersonRepository;
  labels: LabelRepository;
  faces: FaceRepository;
}

/** Reads the label state of a scope. */
export function captureLabels(stores: LabelStores, scope: LabelScope): LabelSnapshot {
  const faces = unique(scope.faces);
  const people = unique(scope.people);
  return {
    scope: { faces, people },
    people: people.map((id) => ({ id, row: stores.people.get(id) ?? null })),
    faces: stores.labels.labels(faces),
    rejections: stores.labels.rejections(faces, people),
    constraints: stores.labels.constraints(faces),
    ...(scope.drawn
      ? { drawn: scope.drawn.map((id) => ({ id, face: stores.faces.stored(id) ?? null })) }
      : {}),
  };
}

/**
 * Writes a snapshot back: its people first (faces may point at them), then the faces' labels, rejections
 * and constraints, and last removes the people the snapshot says did not exist (nothing points at them
 * by then). Faces that re-detection has removed since are skipped. Call inside a transaction.
 */
export function restoreLabels(stores: LabelStores, snapshot: LabelSnapshot): void {
  for (const { row } of snapshot.people) if (row) stores.people.restore(row);
  for (const { face } of snapshot.drawn ?? []) if (face) stores.faces.restore(face);
  for (const face of snapshot.faces) stores.labels.setLabel(face);
  const { faces, people } = snapshot.scope;
  stores.labels.replaceRejections(faces, people, snapshot.rejections);
  stores.labels.replaceConstraints(faces, snapshot.constraints);
  // A drawn face that did not exist goes (its label, rejections and constraints with it).
  for (const { id, face } of snapshot.drawn ?? []) if (!face) stores.faces.delete(id);
  for (const { id, row } of snapshot.people) {
    if (row) continue;
    // Faces outside the scope may have been suggested for this person since (suggestions are derived).
    stores.labels.unlabelPerson(id);
    stores.people.remove(id);
  }
}

/** The union of two scopes. */
export function widenScope(a: LabelScope, b: Partial<LabelScope>): LabelScope {
  const drawn = unique([...(a.drawn ?? []), ...(b.drawn ?? [])]);
  return {
    faces: unique([...a.faces, ...(b.faces ?? [])]),
    people: unique([...a.people, ...(b.people ?? [])]),
    ...(drawn.length > 0 ? { drawn } : {}),
  };
}

function unique(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
