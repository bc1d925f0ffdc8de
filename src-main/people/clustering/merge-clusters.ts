import type { ConstraintGroups } from './constraints';
import { adjustedSimilarity, type LocalScaling } from './density';
import type { KnnGraph } from './knn';
import { PairHeap } from './pair-heap';
import { distanceToSimilarity } from './vectors';

/**
 * Average linkage over a sparse graph, starting from given clusters: repeatedly merges the two clusters
 * with the highest mean face-pair similarity, while the distance equivalent of that mean,
 * sqrt(2 - 2·mean), is within `threshold`. Only clusters joined by a kNN edge are candidates, and the mean
 * similarity of two clusters is the dot product of their summed vectors divided by both sizes, exact and
 * O(dim) whatever their size: no n² matrix, so it scales like the kNN graph does. Cannot-linked clusters
 * never merge. Returns a cluster id per group (not compacted).
 *
 * Used after Chinese Whispers to join the fragments of one person that label propagation left apart, and
 * from singletons as a scalable average linkage. With `scaling` (local scaling), the clusters' mean
 * similarity is adjusted by their mean densities (kept as sums too), the clamp applied once to the means
 * rather than per pair: exact without the clamp, and O(dim) whatever the sizes.
 */
export function mergeClusters(
  vectors: Float32Array,
  dim: number,
  groups: ConstraintGroups,
  groupLabels: Int32Array,
  knn: KnnGraph,
  threshold: number,
  scaling?: LocalScaling,
): Int32Array {
  const minSimilarity = distanceToSimilarity(threshold);
  const start = compactLabels(groupLabels);
  const count = start.count;
  // Every merge makes a new id (count + m), so a heap entry naming a dead id is known to be stale.
  const capacity = 2 * count;
  const parent = Int32Array.from({ length: capacity }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const sums = new Float64Array(capacity * dim);
  const sizes = new Float64Array(capacity);
  const densities = new Float64Array(capacity);
  for (let face = 0; face < groups.n; face++) {
    const c = start.ids[groups.groupOf[face]!]!;
    sizes[c]!++;
    densities[c]! += scaling ? scaling.density[face]! : 0;
    for (let d = 0; d < dim; d++) sums[c * dim + d]! += vectors[face * dim + d]!;
  }
  const cannot: number[][] = Array.from({ length: capacity }, () => []);
  const neighbours: number[][] = Array.from({ length: capacity }, () => []);
  for (let g = 0; g < groups.count; g++) {
    for (let at = groups.cannotStart[g]!; at < groups.cannotStart[g + 1]!; at++) {
      cannot[start.ids[g]!]!.push(start.ids[groups.cannot[at]!]!);
    }
  }
  for (let face = 0; face < knn.n; face++) {
    const c = start.ids[groups.groupOf[face]!]!;
    for (let at = face * knn.k; at < face * knn.k + knn.k; at++) {
      const other = knn.neighbours[at]!;
      if (other < 0) break;
      const d = start.ids[groups.groupOf[other]!]!;
      if (c !== d) {
        neighbours[c]!.push(d);
        neighbours[d]!.push(c);
      }
    }
  }
  const meanSimilarity = (a: number, b: number): number => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += sums[a * dim + d]! * sums[b * dim + d]!;
    const mean = dot / (sizes[a]! * sizes[b]!);
    if (!scaling) return mean;
    return adjustedSimilarity(mean, densities[a]! / sizes[a]!, densities[b]! / sizes[b]!, scaling.reference);
  };
  const cannotLinked = (a: number, b: number): boolean => {
    const [small, other] = cannot[a]!.length <= cannot[b]!.length ? [a, b] : [b, a];
    return cannot[small]!.some((c) => find(c) === other);
  };
  const heap = new PairHeap();
  const seen = new Int32Array(capacity).fill(-1);
  const offerNeighbours = (c: number): void => {
    // Resolve to live ids, drop duplicates and c itself; keep the list short for later merges.
    const live: number[] = [];
    for (const raw of neighbours[c]!) {
      const x = find(raw);
      if (x === c || seen[x] === c) continue;
      seen[x] = c;
      live.push(x);
      const similarity = meanSimilarity(c, x);
      if (similarity >= minSimilarity && !cannotLinked(c, x))
        heap.push(similarity, Math.min(c, x), Math.max(c, x));
    }
    neighbours[c] = live;
  };
  for (let c = 0; c < count; c++) offerNeighbours(c);
  let next = count;
  for (let entry = heap.pop(); entry; entry = heap.pop()) {
    const [, a, b] = entry;
    if (find(a) !== a || find(b) !== b || cannotLinked(a, b)) continue;
    const c = next++;
    parent[a] = c;
    parent[b] = c;
    sizes[c] = sizes[a]! + sizes[b]!;
    densities[c] = densities[a]! + densities[b]!;
    for (let d = 0; d < dim; d++) sums[c * dim + d] = sums[a * dim + d]! + sums[b * dim + d]!;
    cannot[c] = cannot[a]!.concat(cannot[b]!);
    neighbours[c] = neighbours[a]!.concat(neighbours[b]!);
    cannot[a] = cannot[b] = neighbours[a] = neighbours[b] = [];
    offerNeighbours(c);
  }
  return Int32Array.from(groupLabels.keys(), (g) => find(start.ids[g]!));
}

/** Dense ids 0..count-1 for arbitrary group labels. */
function compactLabels(groupLabels: Int32Array): { ids: Int32Array; count: number } {
  const map = new Map<number, number>();
  const ids = groupLabels.map((label) => {
    let id = map.get(label);
    if (id === undefined) map.set(label, (id = map.size));
    return id;
  });
  return { ids, count: map.size };
}
