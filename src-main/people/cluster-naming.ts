import type { ClusterRepository } from '../catalog/cluster.repository';
import type { LabelRepository } from '../catalog/label.repository';

/** Which faces naming a cluster labels, and which leave the cluster. */
export interface ClusterNaming {
  /** Open faces to give the person: best quality first, at most one per photo. */
  take: number[];
  /** Faces the user took out: they leave the cluster, unlabeled. */
  leaving: number[];
}

/**
 * The faces a cluster's name applies to. Only faces still open (not dismissed, on a current photo, with no
 * user's or folder's label) and, when given, among those the user was shown; never the faces they took
 * out. Naming is a bulk action over faces the user may not all have looked at, so unlike labeling faces one
 * by one it never overrides an earlier "not this person" and skips a face whose photo already holds one of
 * theirs: those faces simply stay unlabeled.
 */
export function clusterNaming(
  repositories: { clusters: ClusterRepository; labels: LabelRepository },
  request: {
    model: number;
    cluster: number;
    personId: number | undefined;
    shown?: readonly number[];
    exclude: readonly number[];
  },
): ClusterNaming {
  const { clusters, labels } = repositories;
  const out = new Set(request.exclude);
  const shown = request.shown ? new Set(request.shown) : null;
  const open = clusters
    .openMembers(request.model)
    .filter((m) => m.cluster === request.cluster && !out.has(m.faceId) && (!shown || shown.has(m.faceId)));
  const refused = new Set<number>();
  const personId = request.personId;
  if (personId !== undefined) {
    const ids = open.map((m) => m.faceId);
    for (const r of labels.rejections(ids, [])) if (r.personId === personId) refused.add(r.faceId);
    const photosWithThem = new Set(
      labels
        .ofPhotos(open.map((m) => m.photoId))
        .filter((f) => f.personId === personId && f.assignment === 'confirmed' && f.by !== 'auto')
        .map((f) => f.photoId),
    );
    for (const m of open) if (photosWithThem.has(m.photoId)) refused.add(m.faceId);
  }
  const photos = new Set<number>();
  const take: number[] = [];
  for (const m of open) {
    if (refused.has(m.faceId) || photos.has(m.photoId)) continue;
    photos.add(m.photoId);
    take.push(m.faceId);
  }
  const members = new Set(clusters.members(request.model, request.cluster));
  return { take, leaving: request.exclude.filter((id) => members.has(id)) };
}
