/**
 * Exact k nearest neighbours by squared Euclidean distance, for t-SNE's sparse input affinities. At the
 * sizes the maps use (a few thousand points, 50 PCA dimensions) the brute-force pass is about a second and
 * exact; a vantage-point tree gains little in 50 dimensions, where the triangle inequality prunes badly.
 */

/** Each point's `k` nearest neighbours (itself excluded), nearest first, as flat `n * k` rows. */
export interface Neighbours {
  k: number;
  indices: Int32Array;
  /** Squared Euclidean distances, matching `indices`. */
  distances: Float64Array;
}

/** Rows between two calls of `checkAbort` (a few milliseconds of work at 5,000 points). */
const rowsPerCheck = 64;

/**
 * The exact `k` nearest neighbours of every row of `data` (`n` rows of `d` numbers). Each pair's distance
 * is computed once and offered to both points' bounded max-heaps, halving the work of a row-by-row scan.
 * `checkAbort` is called every few rows and may throw to cancel.
 */
export function nearestNeighbours(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  checkAbort: () => void = () => {},
): Neighbours {
  const heapDistances = new Float64Array(n * k);
  const heapIndices = new Int32Array(n * k);
  const heapSizes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % rowsPerCheck === 0) checkAbort();
    const rowI = i * d;
    for (let j = i + 1; j < n; j++) {
      const rowJ = j * d;
      let distance = 0;
      for (let c = 0; c < d; c++) {
        const diff = data[rowI + c]! - data[rowJ + c]!;
        distance += diff * diff;
      }
      offer(heapDistances, heapIndices, heapSizes, k, i, j, distance);
      offer(heapDistances, heapIndices, heapSizes, k, j, i, distance);
    }
  }
  for (let i = 0; i < n; i++) sortHeap(heapDistances, heapIndices, i * k, k);
  return { k, indices: heapIndices, distances: heapDistances };
}

/** Offers `candidate` at `distance` to `point`'s max-heap of its `k` nearest so far. */
function offer(
  distances: Float64Array,
  indices: Int32Array,
  sizes: Int32Array,
  k: number,
  point: number,
  candidate: number,
  distance: number,
): void {
  const base = point * k;
  const size = sizes[point]!;
  if (size < k) {
    siftUp(distances, indices, base, size, candidate, distance);
    sizes[point] = size + 1;
  } else if (distance < distances[base]!) {
    siftDown(distances, indices, base, k, candidate, distance);
  }
}

/** Inserts at the end of a heap of `size` items and moves the new item up to its place. */
function siftUp(
  distances: Float64Array,
  indices: Int32Array,
  base: number,
  size: number,
  candidate: number,
  distance: number,
): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (distances[base + parent]! >= distance) break;
    distances[base + at] = distances[base + parent]!;
    indices[base + at] = indices[base + parent]!;
    at = parent;
  }
  distances[base + at] = distance;
  indices[base + at] = candidate;
}

/** Replaces the root (the farthest) of a full heap of `size` items and moves the new item down. */
function siftDown(
  distances: Float64Array,
  indices: Int32Array,
  base: number,
  size: number,
  candidate: number,
  distance: number,
): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= size) break;
    const right = left + 1;
    const larger = right < size && distances[base + right]! > distances[base + left]! ? right : left;
    if (distances[base + larger]! <= distance) break;
    distances[base + at] = distances[base + larger]!;
    indices[base + at] = indices[base + larger]!;
    at = larger;
  }
  distances[base + at] = distance;
  indices[base + at] = candidate;
}

/** Sorts one point's heap nearest first (ties by index, so the order never depends on insertion). */
function sortHeap(distances: Float64Array, indices: Int32Array, base: number, k: number): void {
  const order = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => distances[base + a]! - distances[base + b]! || indices[base + a]! - indices[base + b]!,
  );
  const sortedDistances = order.map((i) => distances[base + i]!);
  const sortedIndices = order.map((i) => indices[base + i]!);
  distances.set(sortedDistances, base);
  indices.set(sortedIndices, base);
}
