import type { ConstraintGroups } from './constraints';
import { dotRows, similarityToDistance } from './vectors';

/** The merges of an agglomerative clustering: groups `a[m]` and `b[m]` joined at distance `height[m]`. */
export interface Merges {
  a: Int32Array;
  b: Int32Array;
  height: Float32Array;
}

/**
 * Average-linkage (UPGMA) agglomerative clustering of constraint groups, every merge up to `maxThreshold`.
 * Distances are Euclidean between unit vectors; a group's distance to another is the mean over their faces'
 * pairs, and cannot-linked groups are infinitely far apart. Lance-Williams keeps an infinite distance
 * infinite after a merge, so a cluster never absorbs a face its members cannot link with.
 *
 * Nearest-neighbour chain (Murtagh 1983): O(G²) time and one G×G Float32 matrix (100 MB at 5,000 faces, the
 * O(n²) memory the baseline is allowed). Average linkage is reducible, so a cluster whose nearest neighbour
 * is farther than `maxThreshold` can never merge below it and is retired at once; the merges found are
 * exactly the dendrogram's merges up to `maxThreshold`. Cut at any lower threshold with `cutMerges`.
 */
export function averageLinkageMerges(
  vectors: Float32Array,
  dim: number,
  groups: ConstraintGroups,
  maxThreshold: number,
): Merges {
  const count = groups.count;
  const distance = groupDistances(vectors, dim, groups);
  const size = new Float64Array(count);
  for (let g = 0; g < count; g++) size[g] = groups.memberStart[g + 1]! - groups.memberStart[g]!;
  const active = new Uint8Array(count).fill(1);
  const chain: number[] = [];
  const merges = { a: [] as number[], b: [] as number[], height: [] as number[] };
  let nextStart = 0;
  for (;;) {
    if (chain.length === 0) {
      while (nextStart < count && !active[nextStart]) nextStart++;
      if (nextStart === count) break;
      chain.push(nextStart);
    }
    const top = chain[chain.length - 1]!;
    const previous = chain.length > 1 ? chain[chain.length - 2]! : -1;
    // Ties go to the previous chain element, which is what guarantees the chain ends in a reciprocal pair.
    let nearest = previous;
    let best = previous >= 0 ? distance[top * count + previous]! : Infinity;
    const row = top * count;
    for (let g = 0; g < count; g++) {
      if (active[g] && g !== top && distance[row + g]! < best) {
        best = distance[row + g]!;
        nearest = g;
      }
    }
    // Infinity is a cannot-link, never a merge, even when maxThreshold is Infinity (the split pass).
    if (nearest < 0 || best === Infinity || !(best <= maxThreshold)) {
      active[top] = 0; // nothing within reach, now or after any later merge
      chain.pop();
      continue;
    }
    if (nearest !== previous) {
      chain.push(nearest);
      continue;
    }
    chain.length -= 2;
    merges.a.push(top);
    merges.b.push(nearest);
    merges.height.push(best);
    // The merged cluster lives on in `nearest`'s row; Lance-Williams for average linkage.
    const sizeTop = size[top]!;
    const sizeNearest = size[nearest]!;
    const total = sizeTop + sizeNearest;
    active[top] = 0;
    for (let g = 0; g < count; g++) {
      if (!active[g] || g === nearest) continue;
      const merged =
        (sizeTop * distance[top * count + g]! + sizeNearest * distance[nearest * count + g]!) / total;
      distance[nearest * count + g] = merged;
      distance[g * count + nearest] = merged;
    }
    size[nearest] = total;
  }
  return {
    a: Int32Array.from(merges.a),
    b: Int32Array.from(merges.b),
    height: Float32Array.from(merges.height),
  };
}

/** Group labels (a representative group id per group) after applying the merges no higher than `threshold`. */
export function cutMerges(count: number, merges: Merges, threshold: number): Int32Array {
  const parent = Int32Array.from({ length: count }, (_, g) => g);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let m = 0; m < merges.a.length; m++) {
    if (merges.height[m]! <= threshold) parent[find(merges.a[m]!)] = find(merges.b[m]!);
  }
  return parent.map((_, g) => find(g));
}

/** Mean face-pair distance between groups (the faces' own distances when every group is one face). */
function groupDistances(vectors: Float32Array, dim: number, groups: ConstraintGroups): Float32Array {
  const { n, count, groupOf } = groups;
  const distance = new Float32Array(count * count);
  for (let i = 0; i < n; i++) {
    const gi = groupOf[i]!;
    for (let j = i + 1; j < n; j++) {
      const gj = groupOf[j]!;
      if (gi === gj) continue;
      const d = similarityToDistance(dotRows(vectors, dim, i, j));
      distance[gi * count + gj]! += d;
      if (count !== n) distance[gj * count + gi]! += d;
    }
  }
  for (let g = 0; g < count; g++) {
    const sizeG = groups.memberStart[g + 1]! - groups.memberStart[g]!;
    for (let h = g + 1; h < count; h++) {
      const sizeH = groups.memberStart[h + 1]! - groups.memberStart[h]!;
      // The upper triangle holds every pair's sum (groups are numbered by first face, so with no must-link
      // groups gi < gj always, and otherwise both triangles were filled).
      const mean = distance[g * count + h]! / (sizeG * sizeH);
      distance[g * count + h] = mean;
      distance[h * count + g] = mean;
    }
    distance[g * count + g] = Infinity;
  }
  for (let g = 0; g < count; g++) {
    for (let at = groups.cannotStart[g]!; at < groups.cannotStart[g + 1]!; at++) {
      distance[g * count + groups.cannot[at]!] = Infinity;
    }
  }
  return distance;
}
