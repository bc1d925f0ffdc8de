import type { ProjectionLabelRow, ProjectionPersonRow } from '../catalog/projection.repository';
import type { StoredProjection } from './projection-store';
import type { ProjectionMap } from './projection-views';

type Assignment = ProjectionMap['assignments'][number];

/**
 * How sure a face's person is: 'confirmed' when a user or a folder named it, 'suggested' for a
 * suggestion or an automatic label (clustering's guesses), null when it names no one.
 */
export function assignmentOf(row: Pick<ProjectionLabelRow, 'personId' | 'assignment' | 'by'>): Assignment {
  if (row.personId === null) return null;
  return row.assignment === 'suggested' || row.by === 'auto' ? 'suggested' : 'confirmed';
}

/**
 * A cached map with each point's current person, assignment and cluster, and the people it names (with
 * how many of the map's points name them). A point whose face has no label row (it left the face set
 * since; the key normally prevents that) is unlabeled.
 */
export function labelledMap(
  stored: StoredProjection,
  labels: readonly ProjectionLabelRow[],
  people: readonly ProjectionPersonRow[],
): ProjectionMap {
  const byFace = new Map(labels.map((row) => [row.id, row]));
  const faceIds = Array.from(stored.faceIds);
  const photoIds: (number | null)[] = [];
  const personIds: (number | null)[] = [];
  const assignments: Assignment[] = [];
  const clusterIds: (number | null)[] = [];
  const counts = new Map<number, number>();
  for (const faceId of faceIds) {
    const row = byFace.get(faceId);
    const personId = row?.personId ?? null;
    photoIds.push(row?.photoId ?? null);
    personIds.push(personId);
    assignments.push(row ? assignmentOf(row) : null);
    clusterIds.push(row && row.cluster !== null && row.cluster >= 0 ? row.cluster : null);
    if (personId !== null) counts.set(personId, (counts.get(personId) ?? 0) + 1);
  }
  return {
    key: stored.key,
    method: stored.params.method,
    dims: stored.params.dims,
    model: stored.model,
    seconds: stored.seconds,
    explainedVariance: stored.explained,
    faceIds,
    // Four decimals of [-1, 1] is finer than any screen, and a 100k-point map's JSON a quarter the size.
    coords: Array.from(stored.coords, (value) => Math.round(value * 1e4) / 1e4),
    photoIds,
    personIds,
    assignments,
    clusterIds,
    people: people
      .filter((person) => counts.has(person.id))
      .map((person) => ({
        id: person.id,
        name: person.name,
        faces: counts.get(person.id)!,
        hidden: person.hidden === 1,
      })),
    ...(stored.note ? { note: stored.note } : {}),
  };
}
