import { dotBlock4x4, padRows } from './dot-block';
import { TopK } from './top-k';

/**
 * The exact k-nearest-neighbour graph: row i holds face i's k most similar other faces, most similar first,
 * padded with -1 (and similarity -Infinity) when there are fewer than k other faces.
 */
export interface KnnGraph {
  n: number;
  k: number;
  neighbours: Int32Array;
  similarities: Float32Array;
}

/** Rows per tile: 64 rows of 128 floats are 32 KiB, so a tile's two row blocks stay in L1/L2 cache. */
const tileRows = 64;

/**
 * Exact kNN over unit vectors by brute force, in tiles of 64x64 pairs, each computed by 4x4 register
 * blocks (dot-block.ts). Each pair's dot product is computed once and offered to both rows' lists (the
 * matrix is symmetric), and a candidate is compared with the row's current k-th best before any insertion
 * work, which rejects almost all of them once the lists fill. About 1.6e9 multiply-adds for 5,000 faces;
 * see the cluster bench for the time (1-2 s on one core).
 */
export function knnGraph(vectors: Float32Array, dim: number, k: number): KnnGraph {
  const n = Math.floor(vectors.length / dim);
  const top = new TopK(n, Math.max(0, k));
  if (k <= 0 || n < 2) return { n, k, neighbours: top.neighbours, similarities: top.similarities };
  const padded = padRows(vectors, dim); // padding rows are computed but never offered
  const rows = padded.length / dim;
  const { worst } = top;
  const block = new Float64Array(16);
  for (let rowStart = 0; rowStart < rows; rowStart += tileRows) {
    const rowEnd = Math.min(rows, rowStart + tileRows);
    for (let colStart = rowStart; colStart < rows; colStart += tileRows) {
      const colEnd = Math.min(rows, colStart + tileRows);
      for (let i = rowStart; i < rowEnd; i += 4) {
        // On the diagonal tile, blocks below the diagonal repeat pairs already seen: skip them.
        for (let j = colStart === rowStart ? i : colStart; j < colEnd; j += 4) {
          dotBlock4x4(padded, i, padded, j, dim, block);
          for (let a = 0; a < 4; a++) {
            const row = i + a;
            for (let b = 0; b < 4; b++) {
              const other = j + b;
              // Each pair once (other > row), and never a padding row.
              if (other <= row || other >= n) continue;
              const similarity = block[a * 4 + b]!;
              if (similarity > worst[row]!) top.insert(row, other, similarity);
              if (similarity > worst[other]!) top.insert(other, row, similarity);
            }
          }
        }
      }
    }
  }
  return { n, k, neighbours: top.neighbours, similarities: top.similarities };
}

/**
 * The k nearest rows of `base` for each row of `queries`, same kernel, no symmetry to exploit. Base row
 * `selfOffset + q` is query q itself (when the queries are also in the base) and is skipped; pass -1
 * when they are not. For the incremental assignment: 100 new faces against 5,000 in about 20 ms.
 */
export function knnAcross(
  queries: Float32Array,
  base: Float32Array,
  dim: number,
  k: number,
  selfOffset: number,
): KnnGraph {
  const n = Math.floor(queries.length / dim);
  const m = Math.floor(base.length / dim);
  const top = new TopK(n, Math.max(0, k));
  if (k <= 0) return { n, k, neighbours: top.neighbours, similarities: top.similarities };
  const left = padRows(queries, dim);
  const right = padRows(base, dim);
  const { worst } = top;
  const block = new Float64Array(16);
  for (let colStart = 0; colStart < right.length / dim; colStart += tileRows) {
    const colEnd = Math.min(right.length / dim, colStart + tileRows);
    for (let i = 0; i < left.length / dim; i += 4) {
      for (let j = colStart; j < colEnd; j += 4) {
        dotBlock4x4(left, i, right, j, dim, block);
        for (let a = 0; a < 4 && i + a < n; a++) {
          const row = i + a;
          for (let b = 0; b < 4; b++) {
            const other = j + b;
            if (other >= m || other === selfOffset + row) continue;
            const similarity = block[a * 4 + b]!;
            if (similarity > worst[row]!) top.insert(row, other, similarity);
          }
        }
      }
    }
  }
  return { n, k, neighbours: top.neighbours, similarities: top.similarities };
}

/** The first `k` neighbours of each row of a graph built with a larger k (the bench fits k this way). */
export function truncateKnn(graph: KnnGraph, k: number): KnnGraph {
  if (k >= graph.k) return graph;
  const neighbours = new Int32Array(graph.n * k);
  const similarities = new Float32Array(graph.n * k);
  for (let i = 0; i < graph.n; i++) {
    neighbours.set(graph.neighbours.subarray(i * graph.k, i * graph.k + k), i * k);
    similarities.set(graph.similarities.subarray(i * graph.k, i * graph.k + k), i * k);
  }
  return { n: graph.n, k, neighbours, similarities };
}
