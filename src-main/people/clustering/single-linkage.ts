import type { Merges } from './average-linkage';
import type { ConstraintGroups } from './constraints';
import { UnionFind } from './union-find';
import { distanceToSimilarity, dotRows, similarityToDistance } from './vectors';

/**
 * Single linkage (connected components of the faces within a distance) with constraints: every face pair
 * no farther than `maxThreshold` is an edge, edges are taken shortest first (Kruskal), and an edge that
 * would join two clusters holding a cannot-linked pair is skipped. Taking edges in order makes the skip
 * decisions the same whatever the final threshold, so `cutMerges` at any threshold up to `maxThreshold`
 * gives exactly what a run at that threshold would. A baseline for the bench: it chains through outliers.
 */
export function singleLinkageMerges(
  vectors: Float32Array,
  dim: number,
  groups: ConstraintGroups,
  maxThreshold: number,
): Merges {
  const { n, groupOf } = groups;
  const minSimilarity = distanceToSimilarity(maxThreshold);
  const left: number[] = [];
  const right: number[] = [];
  const similarity: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = dotRows(vectors, dim, i, j);
      if (s >= minSimilarity && groupOf[i] !== groupOf[j]) {
        left.push(groupOf[i]!);
        right.push(groupOf[j]!);
        similarity.push(s);
      }
    }
  }
  const order = Int32Array.from(similarity.keys()).sort((x, y) => similarity[y]! - similarity[x]!);
  const union = new UnionFind(groups.count);
  // Cannot-linked groups of each current cluster, kept on its root and merged smaller into larger.
  const cannot: number[][] = Array.from({ length: groups.count }, (_, g) =>
    Array.from(groups.cannot.subarray(groups.cannotStart[g], groups.cannotStart[g + 1])),
  );
  const merges = { a: [] as number[], b: [] as number[], height: [] as number[] };
  for (const e of order) {
    const rootA = union.find(left[e]!);
    const rootB = union.find(right[e]!);
    if (rootA === rootB) continue;
    const [small, large] = cannot[rootA]!.length <= cannot[rootB]!.length ? [rootA, rootB] : [rootB, rootA];
    if (cannot[small]!.some((g) => union.find(g) === large)) continue;
    const root = union.union(rootA, rootB);
    const other = root === rootA ? rootB : rootA;
    cannot[root] = cannot[root]!.concat(cannot[other]!);
    cannot[other] = [];
    merges.a.push(left[e]!);
    merges.b.push(right[e]!);
    merges.height.push(similarityToDistance(similarity[e]!));
  }
  return {
    a: Int32Array.from(merges.a),
    b: Int32Array.from(merges.b),
    height: Float32Array.from(merges.height),
  };
}
