/**
 * The map's filters: a person, a cluster, a label status and a run's test set. A point either matches all
 * of them (drawn in its colour) or not (dimmed); nothing is removed, so the map keeps its shape.
 */

export type LabelStatus = 'all' | 'labeled' | 'suggested' | 'unlabeled';

export interface MapFilter {
  person: number | null;
  cluster: number | null;
  status: LabelStatus;
  /** Face ids of a run's test split; null: no such filter. */
  testFaces: ReadonlySet<number> | null;
}

export const noFilter: MapFilter = { person: null, cluster: null, status: 'all', testFaces: null };

/** The per-point fields the filters read (a ProjectionMap has them). */
export interface FilterablePoints {
  faceIds: readonly number[];
  personIds: readonly (number | null)[];
  assignments: readonly ('confirmed' | 'suggested' | null)[];
  clusterIds: readonly (number | null)[];
}

/** True when no filter is set. */
export function isEmptyFilter(filter: MapFilter): boolean {
  return filter.person === null && filter.cluster === null && filter.status === 'all' && !filter.testFaces;
}

function statusMatches(status: LabelStatus, assignment: 'confirmed' | 'suggested' | null): boolean {
  if (status === 'all') return true;
  if (status === 'labeled') return assignment === 'confirmed';
  if (status === 'suggested') return assignment === 'suggested';
  return assignment === null;
}

/** A predicate over point indices: does the point pass every filter? */
export function filterPredicate(points: FilterablePoints, filter: MapFilter): (index: number) => boolean {
  return (i) =>
    (filter.person === null || points.personIds[i] === filter.person) &&
    (filter.cluster === null || points.clusterIds[i] === filter.cluster) &&
    statusMatches(filter.status, points.assignments[i] ?? null) &&
    (!filter.testFaces || filter.testFaces.has(points.faceIds[i] as number));
}

/** The clusters on the map with their sizes, largest first (for the cluster filter). */
export function clusterSizes(clusterIds: readonly (number | null)[]): { id: number; size: number }[] {
  const sizes = new Map<number, number>();
  for (const id of clusterIds) if (id !== null) sizes.set(id, (sizes.get(id) ?? 0) + 1);
  return [...sizes].map(([id, size]) => ({ id, size })).sort((a, b) => b.size - a.size || a.id - b.id);
}

/** The indices of a person's points. */
export function pointsOf(personIds: readonly (number | null)[], person: number): number[] {
  const out: number[] = [];
  personIds.forEach((id, i) => {
    if (id === person) out.push(i);
  });
  return out;
}

/** The people a selection spans, with how many selected faces each has, most first. */
export function peopleInSelection(
  personIds: readonly (number | null)[],
  selection: readonly number[],
): { id: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const i of selection) {
    const id = personIds[i];
    if (id !== null && id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id - b.id);
}

/** People whose name contains the query (case-insensitive), names starting with it first. */
export function findPeople<P extends { name: string }>(people: readonly P[], query: string): P[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [];
  const hits = people.filter((person) => person.name.toLocaleLowerCase().includes(q));
  const starts = (person: P): number => (person.name.toLocaleLowerCase().startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b) || a.name.localeCompare(b.name));
}
