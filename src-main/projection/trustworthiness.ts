/**
 * Trustworthiness of an embedding (Venna and Kaski 2001; as scikit-learn's `trustworthiness`): how far
 * the points that look near in the map really are. For each point, every one of its `k` nearest points
 * in the map that is not among its `k` nearest in the original space costs its original rank beyond k:
 *
 *   T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_i} (r(i, j) - k)
 *
 * 1 when every map neighbourhood is a true one; about 0.5 for a random map. Exact, O(n² (d + k)): a few
 * seconds at 5k x 128. Needs k < n / 2.
 */
export function trustworthiness(
  original: Float32Array,
  d: number,
  embedded: Float32Array,
  dims: number,
  n: number,
  k = 10,
): number {
  if (!(k >= 1 && k < n / 2))
    throw new RangeError(`trustworthiness: k = ${k} needs 1 <= k < n / 2 (n = ${n})`);
  const far = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    squaredDistances(original, d, n, i, far);
    for (const j of nearestInMap(embedded, dims, n, i, k)) {
      const rank = rankOf(far, i, j);
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

function squaredDistances(data: Float32Array, d: number, n: number, i: number, out: Float64Array): void {
  const base = i * d;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[base + t]! - data[j * d + t]!;
      sum += diff * diff;
    }
    out[j] = sum;
  }
}

/** i's `k` nearest other points in the map (ties: the lower index). */
function nearestInMap(map: Float32Array, dims: number, n: number, i: number, k: number): number[] {
  const best: number[] = [];
  const dist: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let sum = 0;
    for (let a = 0; a < dims; a++) sum += (map[i * dims + a]! - map[j * dims + a]!) ** 2;
    if (best.length === k && sum >= dist[k - 1]!) continue;
    let slot = Math.min(best.length, k - 1);
    if (best.length < k) {
      best.push(j);
      dist.push(sum);
    }
    while (slot > 0 && dist[slot - 1]! > sum) {
      best[slot] = best[slot - 1]!;
      dist[slot] = dist[slot - 1]!;
      slot--;
    }
    best[slot] = j;
    dist[slot] = sum;
  }
  return best;
}

/** j's rank among i's neighbours in the original space (1 = nearest; ties: the lower index first). */
function rankOf(far: Float64Array, i: number, j: number): number {
  const target = far[j]!;
  let rank = 1;
  for (let l = 0; l < far.length; l++) {
    if (l === i || l === j) continue;
    if (far[l]! < target || (far[l] === target && l < j)) rank++;
  }
  return rank;
}
