import { averageLinkageMerges, cutMerges } from './average-linkage';
import { buildGroups, type ConstraintGroups } from './constraints';
import type { FaceSet } from './types';

/**
 * The safety net after any clustering: a cluster that holds a cannot-linked pair (two faces of one photo,
 * or an explicit pair) is re-clustered on its own by constrained average linkage with no distance limit,
 * which merges everything it may and so splits the cluster into as few parts as the constraints force.
 * Clusters without a violation keep their label; the parts get new labels after the largest existing one.
 */
export function splitViolations(set: FaceSet, labels: Int32Array, groups?: ConstraintGroups): Int32Array {
  const n = labels.length;
  const constraintGroups = groups ?? buildGroups(set, n);
  const out = Int32Array.from(labels);
  let nextLabel = 0;
  for (const label of labels) nextLabel = Math.max(nextLabel, label + 1);
  for (const label of violatingLabels(labels, constraintGroups)) {
    const faces: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === label) faces.push(i);
    const parts = clusterWithoutLimit(set, faces);
    const partLabel = new Map<number, number>();
    faces.forEach((face, local) => {
      const part = parts[local]!;
      if (!partLabel.has(part)) partLabel.set(part, partLabel.size === 0 ? label : nextLabel++);
      out[face] = partLabel.get(part)!;
    });
  }
  return out;
}

/** The labels (other than -1) whose clusters contain a cannot-linked pair of faces. */
export function violatingLabels(labels: Int32Array, groups: ConstraintGroups): Set<number> {
  const { members, memberStart, cannot, cannotStart, groupOf } = groups;
  const found = new Set<number>();
  for (let face = 0; face < labels.length; face++) {
    const label = labels[face]!;
    if (label < 0 || found.has(label)) continue;
    const g = groupOf[face]!;
    for (let at = cannotStart[g]!; at < cannotStart[g + 1]! && !found.has(label); at++) {
      const h = cannot[at]!;
      for (let m = memberStart[h]!; m < memberStart[h + 1]!; m++) {
        if (labels[members[m]!] === label) found.add(label);
      }
    }
  }
  return found;
}

/** Constrained average linkage of a subset of the faces, to completion; a part id per subset face. */
function clusterWithoutLimit(set: FaceSet, faces: number[]): Int32Array {
  const local = new Map(faces.map((face, i) => [face, i]));
  const vectors = new Float32Array(faces.length * set.dim);
  faces.forEach((face, i) =>
    vectors.set(set.vectors.subarray(face * set.dim, (face + 1) * set.dim), i * set.dim),
  );
  const remap = (pair: readonly [number, number]): [number, number] | undefined => {
    const a = local.get(pair[0]);
    const b = local.get(pair[1]);
    return a === undefined || b === undefined ? undefined : [a, b];
  };
  const subset = {
    photoIds: faces.map((face) => set.photoIds[face]!),
    cannotLink: (set.cannotLink ?? []).map(remap).filter((pair) => pair !== undefined),
    mustLink: (set.mustLink ?? []).map((group) =>
      group.map((face) => local.get(face)).filter((face) => face !== undefined),
    ),
  };
  const groups = buildGroups(subset, faces.length);
  const merges = averageLinkageMerges(vectors, set.dim, groups, Infinity);
  const groupLabels = cutMerges(groups.count, merges, Infinity);
  return groups.groupOf.map((g) => groupLabels[g]!);
}
