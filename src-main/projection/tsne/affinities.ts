/**
 * t-SNE's input affinities (van der Maaten 2014, section 4.1): each point's Gaussian over its k nearest
 * neighbours with the bandwidth that gives the requested perplexity, then symmetrised into a sparse joint
 * distribution P (compressed sparse rows) that sums to 1.
 */
import type { Neighbours } from './nearest-neighbours';

/**
 * A sparse symmetric matrix in compressed sparse rows: row i is
 * `columns/values[rowStart[i]..rowStart[i + 1])`.
 */
export interface SparseAffinities {
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/** Entropy tolerance (nats) of the bandwidth search: well inside the 1e-3 the tests ask for. */
const entropyTolerance = 1e-5;
const maxSearchSteps = 200;

/**
 * The conditional affinities p(j|i) over each point's neighbours (flat `n * k`, each row sums to 1), with
 * each row's precision found by bisection so that its entropy is log(perplexity) (natural log).
 */
export function conditionalAffinities(neighbours: Neighbours, n: number, perplexity: number): Float64Array {
  const { k, distances } = neighbours;
  const affinities = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) calibrateRow(distances, affinities, i * k, k, target);
  return affinities;
}

/**
 * Bisection on the precision beta of one row. Distances are shifted by the row's smallest, which leaves
 * the normalised row unchanged but keeps exp() from underflowing to an all-zero row for far-away points.
 */
function calibrateRow(
  distances: Float64Array,
  out: Float64Array,
  base: number,
  k: number,
  target: number,
): void {
  const nearest = distances[base]!;
  let spread = 0;
  for (let j = 0; j < k; j++) spread += distances[base + j]! - nearest;
  let beta = spread > 0 ? k / spread : 1;
  let low = 0;
  let high = Infinity;
  for (let step = 0; step < maxSearchSteps; step++) {
    const entropy = rowEntropy(distances, out, base, k, nearest, beta);
    const error = entropy - target;
    if (Math.abs(error) < entropyTolerance) break;
    // Too flat (entropy too high): sharpen with a larger beta; too peaked: smaller.
    if (error > 0) {
      low = beta;
      beta = high === Infinity ? beta * 2 : (beta + high) / 2;
    } else {
      high = beta;
      beta = (beta + low) / 2;
    }
  }
}

/** Fills one row with the normalised Gaussian at precision `beta` and returns its entropy. */
function rowEntropy(
  distances: Float64Array,
  out: Float64Array,
  base: number,
  k: number,
  nearest: number,
  beta: number,
): number {
  let sum = 0;
  let weighted = 0;
  for (let j = 0; j < k; j++) {
    const shifted = distances[base + j]! - nearest;
    const p = Math.exp(-beta * shifted);
    out[base + j] = p;
    sum += p;
    weighted += shifted * p;
  }
  for (let j = 0; j < k; j++) out[base + j] = out[base + j]! / sum;
  // H = log(sum) + beta * E[d], the entropy of p ∝ exp(-beta d) without a second pass of logs.
  return Math.log(sum) + (beta * weighted) / sum;
}

/**
 * P = (P(j|i) + P(i|j)) / sum over the union of both neighbour lists, as compressed sparse rows (columns
 * in first-seen order: each row's own neighbours, then the points that have it as a neighbour).
 */
export function symmetrise(neighbours: Neighbours, conditional: Float64Array, n: number): SparseAffinities {
  const { k, indices } = neighbours;
  const reverse = reverseLists(indices, n, k);
  const rowStart = new Int32Array(n + 1);
  const columns = new Int32Array(n * k * 2);
  const values = new Float64Array(n * k * 2);
  const slotOf = new Int32Array(n).fill(-1);
  let used = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = used;
    for (let e = i * k; e < (i + 1) * k; e++) {
      const j = indices[e]!;
      slotOf[j] = used;
      columns[used] = j;
      values[used++] = conditional[e]!;
    }
    for (let r = reverse.start[i]!; r < reverse.start[i + 1]!; r++) {
      const entry = reverse.entries[r]!;
      const j = Math.floor(entry / k);
      const slot = slotOf[j]!;
      if (slot >= 0) values[slot] = values[slot]! + conditional[entry]!;
      else {
        columns[used] = j;
        values[used++] = conditional[entry]!;
      }
    }
    for (let e = rowStart[i]!; e < used; e++) {
      slotOf[columns[e]!] = -1;
      total += values[e]!;
    }
  }
  rowStart[n] = used;
  const normalised = values.slice(0, used);
  for (let e = 0; e < used; e++) normalised[e] = normalised[e]! / total;
  return { rowStart, columns: columns.slice(0, used), values: normalised };
}

/** For each point, the flat entries (i * k + slot) of the rows that list it as a neighbour. */
function reverseLists(indices: Int32Array, n: number, k: number) {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) start[indices[e]! + 1] = start[indices[e]! + 1]! + 1;
  for (let i = 0; i < n; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const fill = start.slice(0, n);
  const entries = new Int32Array(n * k);
  for (let e = 0; e < n * k; e++) {
    const point = indices[e]!;
    entries[fill[point]!] = e;
    fill[point] = fill[point]! + 1;
  }
  return { start, entries };
}
