import { seededRandom } from '../../../src-main/util/seeded-random';

/** A standard normal draw (Box-Muller) from a seeded generator. */
export function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

/**
 * `perCluster` unit vectors of `d` values around each of `clusters` random centres (noise `spread` per
 * value before normalising), as face embeddings of a few people look. Returns rows and each row's cluster.
 */
export function clusteredRows(
  clusters: number,
  perCluster: number,
  d: number,
  seed: number,
  spread = 0.02,
): { data: Float32Array; n: number; truth: Int32Array } {
  const next = seededRandom(seed);
  const centres = Array.from({ length: clusters }, () =>
    unit(Float32Array.from({ length: d }, () => gaussian(next))),
  );
  const n = clusters * perCluster;
  const data = new Float32Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    truth[i] = c;
    data.set(unit(centres[c]!.map((v) => v + spread * gaussian(next))), i * d);
  }
  return { data, n, truth };
}

function unit(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/**
 * Whether every point of the map lies nearer its own cluster's centroid than any other cluster's, and
 * the clusters' spreads are small next to the distance between their centroids (a visible gap).
 */
export function separated(coords: Float32Array, dims: number, truth: Int32Array): boolean {
  const clusters = Math.max(...truth) + 1;
  const centroids = Array.from({ length: clusters }, () => new Float64Array(dims));
  const counts = new Array<number>(clusters).fill(0);
  truth.forEach((c, i) => {
    counts[c]!++;
    for (let a = 0; a < dims; a++) centroids[c]![a]! += coords[i * dims + a]!;
  });
  centroids.forEach((centroid, c) => centroid.forEach((_, a) => (centroid[a]! /= counts[c]!)));
  const distance = (i: number, centroid: Float64Array): number =>
    Math.hypot(...Array.from(centroid, (v, a) => coords[i * dims + a]! - v));
  let widest = 0;
  for (let i = 0; i < truth.length; i++) {
    const own = distance(i, centroids[truth[i]!]!);
    widest = Math.max(widest, own);
    for (let c = 0; c < clusters; c++) if (c !== truth[i] && distance(i, centroids[c]!) <= own) return false;
  }
  let closest = Infinity;
  for (let a = 0; a < clusters; a++)
    for (let b = a + 1; b < clusters; b++)
      closest = Math.min(closest, Math.hypot(...Array.from(centroids[a]!, (v, t) => v - centroids[b]![t]!)));
  return widest < closest / 2;
}
