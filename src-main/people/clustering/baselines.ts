import { averageLinkageMerges, cutMerges } from './average-linkage';
import { buildGroups } from './constraints';
import { finalizeLabels, groupLabelsToFaces } from './labels';
import { singleLinkageMerges } from './single-linkage';
import type { Clustering, FaceSet } from './types';

/**
 * The two baselines the bench measures Chinese Whispers against, as complete clusterings with the same
 * constraints (photo-mates, cannot-links, must-links) and the same minimum cluster size.
 */

/** Constrained average linkage (UPGMA) cut at `threshold`; O(n²) memory. */
export function averageLinkage(set: FaceSet, threshold: number, minSize = 1): Clustering {
  return cutLinkage(set, threshold, minSize, averageLinkageMerges);
}

/** Constrained single linkage (connected components within `threshold`, skipping conflicting edges). */
export function singleLinkage(set: FaceSet, threshold: number, minSize = 1): Clustering {
  return cutLinkage(set, threshold, minSize, singleLinkageMerges);
}

/** Groups the constrained faces, merges them with `linkage`, and cuts the merges at `threshold`. */
function cutLinkage(
  set: FaceSet,
  threshold: number,
  minSize: number,
  linkage: typeof averageLinkageMerges,
): Clustering {
  const groups = buildGroups(set, Math.floor(set.vectors.length / set.dim));
  const merges = linkage(set.vectors, set.dim, groups, threshold);
  return finalizeLabels(
    groupLabelsToFaces(cutMerges(groups.count, merges, threshold), groups.groupOf),
    minSize,
  );
}
