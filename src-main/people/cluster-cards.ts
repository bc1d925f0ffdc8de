import type { OpenClusterFace } from '../catalog/cluster.repository';

/** An unnamed cluster as the Clusters view shows it: its open faces, best quality first. */
export interface ClusterCard {
  cluster: number;
  faces: Array<{ id: number; photoId: number }>;
  /** The person most of its faces are suggested as, to offer as the name. */
  suggestion: { personId: number; name: string } | null;
}

/** Clusters with at least `minSize` open faces, largest first (ties: lower cluster id first). */
export function clusterCards(
  members: ReadonlyArray<OpenClusterFace>,
  nameOf: (personId: number) => string,
  minSize: number,
): ClusterCard[] {
  const groups = new Map<number, OpenClusterFace[]>();
  for (const member of members) {
    const group = groups.get(member.cluster) ?? [];
    group.push(member);
    groups.set(member.cluster, group);
  }
  return [...groups]
    .filter(([, faces]) => faces.length >= minSize)
    .sort(([a, fa], [b, fb]) => fb.length - fa.length || a - b)
    .map(([cluster, faces]) => {
      const suggested = mostCommon(faces.flatMap((f) => (f.personId === null ? [] : [f.personId])));
      return {
        cluster,
        faces: faces.map((f) => ({ id: f.faceId, photoId: f.photoId })),
        suggestion: suggested === null ? null : { personId: suggested, name: nameOf(suggested) },
      };
    });
}

/** The most frequent value (ties: the one seen first); null for none. */
function mostCommon(values: number[]): number | null {
  const counts = new Map<number, number>();
  let best: number | null = null;
  for (const value of values) {
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    if (best === null || n > (counts.get(best) ?? 0)) best = value;
  }
  return best;
}
