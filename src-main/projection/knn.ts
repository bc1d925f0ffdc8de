import { createRequire } from 'node:module';
import type * as Usearch from 'usearch';
import type { ProgressCallback } from './projection-types';

/**
 * usearch's ESM build finds its native binary from a stack trace, which points elsewhere inside a worker
 * started from source; its CommonJS build uses __dirname (as search/index/graph.ts does).
 */
const usearch = (): typeof Usearch => createRequire(import.meta.url)('usearch') as typeof Usearch;

/** Every point's `k` nearest points (itself first, at distance 0), Euclidean, nearest first. */
export interface Knn {
  n: number;
  k: number;
  /** `k` row numbers per point. */
  indices: Int32Array;
  /** `k` Euclidean distances per point, ascending. */
  distances: Float32Array;
}

export interface KnnOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

/**
 * Exact kNN in plain JS, four query rows at a time against every row (each row read once per four
 * queries: about 2x one query at a time here), |a-b|² = |a|² + |b|² - 2a·b, a sorted top-k per row.
 * Deterministic (ties go to the lower row). O(n² d): about 2 s at 5k x 50 here (README.md).
 */
export function exactKnn(data: Float32Array, n: number, d: number, k: number, options: KnnOptions = {}): Knn {
  const kk = Math.min(k, n);
  const indices = new Int32Array(n * kk);
  const squared = new Float32Array(n * kk);
  const norms = rowNorms(data, n, d);
  const dots = new Float64Array(4);
  for (let i0 = 0; i0 < n; i0 += 4) {
    if ((i0 & 255) === 0) throwIfAborted(options.signal);
    const rows = Math.min(4, n - i0);
    // Missing rows of the last group repeat its first: computed, never offered.
    const b = [0, 1, 2, 3].map((r) => (r < rows ? i0 + r : i0) * d) as [number, number, number, number];
    for (let r = 0; r < rows; r++) startRow(indices, squared, i0 + r, kk);
    for (let j = 0; j < n; j++) {
      const jb = j * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let t = 0; t < d; t++) {
        const x = data[jb + t]!;
        a0 += data[b[0] + t]! * x;
        a1 += data[b[1] + t]! * x;
        a2 += data[b[2] + t]! * x;
        a3 += data[b[3] + t]! * x;
      }
      dots[0] = a0;
      dots[1] = a1;
      dots[2] = a2;
      dots[3] = a3;
      for (let r = 0; r < rows; r++) {
        const i = i0 + r;
        if (i !== j) offer(indices, squared, i * kk, kk, j, norms[i]! + norms[j]! - 2 * dots[r]!);
      }
    }
    if (((i0 + 4) & 255) === 0 || i0 + 4 >= n) options.onProgress?.(i0 + rows, n);
  }
  return { n, k: kk, indices, distances: squared.map((s) => Math.sqrt(Math.max(0, s))) };
}

/** Points added or searched per usearch call: progress and cancel are seen between calls. */
const usearchBatch = 1000;

/**
 * Approximate kNN on a usearch HNSW graph (as search/index/graph.ts; L2, M=16, efConstruction=128,
 * ef=64). One thread, so that the graph, and so the map, is the same for the same input (threads add
 * points in a racing order). Recall is about 1.0 on face embeddings at this ef (search/index README).
 */
export function usearchKnn(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: KnnOptions = {},
): Knn {
  const { Index, MetricKind, ScalarKind } = usearch();
  const kk = Math.min(k, n);
  const index = new Index({
    dimensions: d,
    metric: MetricKind.L2sq,
    quantization: ScalarKind.F32,
    connectivity: 16,
    expansion_add: 128,
    expansion_search: 64,
    multi: false,
  });
  for (let from = 0; from < n; from += usearchBatch) {
    throwIfAborted(options.signal);
    const to = Math.min(n, from + usearchBatch);
    const keys = BigUint64Array.from({ length: to - from }, (_, r) => BigInt(from + r));
    // A copy: the native side reads a typed array from its buffer's start, ignoring a subarray's offset.
    index.add(keys, data.slice(from * d, to * d), 1);
    options.onProgress?.(to, 2 * n);
  }
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  for (let q0 = 0; q0 < n; q0 += usearchBatch) {
    throwIfAborted(options.signal);
    const q1 = Math.min(n, q0 + usearchBatch);
    const found = index.search(data.slice(q0 * d, q1 * d), kk, 1);
    for (let q = q0; q < q1; q++) {
      startRow(indices, distances, q, kk);
      for (let r = 0; r < kk; r++) {
        const j = Number(found.keys[(q - q0) * kk + r]);
        const dist = found.distances[(q - q0) * kk + r]!;
        if (j !== q && j < n && Number.isFinite(dist)) offer(indices, distances, q * kk, kk, j, dist);
      }
    }
    options.onProgress?.(n + q1, 2 * n);
  }
  return { n, k: kk, indices, distances: distances.map((s) => Math.sqrt(Math.max(0, s))) };
}

/** Points from which the approximate graph is used (README.md: exact costs O(n²), ~2 s at 5k). */
export const approximateFrom = 10_000;

/** kNN: exact below {@link approximateFrom} points, a usearch HNSW graph from there. */
export function nearestNeighbours(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: KnnOptions = {},
): Knn {
  return n >= approximateFrom ? usearchKnn(data, n, d, k, options) : exactKnn(data, n, d, k, options);
}

function rowNorms(data: Float32Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += data[i * d + t]! ** 2;
    norms[i] = sum;
  }
  return norms;
}

/** A row's list holds the point itself first; the other slots are empty (infinitely far). */
function startRow(indices: Int32Array, dist: Float32Array, i: number, k: number): void {
  indices.fill(-1, i * k, (i + 1) * k);
  dist.fill(Infinity, i * k, (i + 1) * k);
  indices[i * k] = i;
  dist[i * k] = 0;
}

/** Inserts j into a row's ascending list (slot 0, the point itself, stays) if it is nearer than the last. */
function offer(
  indices: Int32Array,
  dist: Float32Array,
  base: number,
  k: number,
  j: number,
  value: number,
): void {
  if (k < 2 || !(value < dist[base + k - 1]!)) return;
  let slot = base + k - 1;
  while (slot > base + 1 && dist[slot - 1]! > value) {
    dist[slot] = dist[slot - 1]!;
    indices[slot] = indices[slot - 1]!;
    slot--;
  }
  dist[slot] = value;
  indices[slot] = j;
}

/** Throws the signal's reason (an AbortError) when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error('projection cancelled'), { name: 'AbortError' });
}
