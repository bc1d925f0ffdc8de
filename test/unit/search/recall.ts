import { exactNearest } from '../../../src-main/search/index/exact-search';

/** Exact top-k rows of each query: the truth recall is measured against. */
export function exactTruth(vectors: Float32Array, dim: number, queries: Float32Array, k: number): number[][] {
  const ids = Int32Array.from({ length: vectors.length / dim }, (_, i) => i);
  return Array.from({ length: queries.length / dim }, (_, q) =>
    exactNearest({ ids, vectors, dim }, queries.subarray(q * dim, (q + 1) * dim), k).map((h) => h.row),
  );
}

/** Share of the true neighbours found (recall@k averaged over queries). */
export function recall(truth: number[][], found: ArrayLike<number>[]): number {
  let hit = 0;
  let total = 0;
  truth.forEach((rows, q) => {
    const got = new Set(Array.from(found[q]!));
    for (const row of rows) hit += got.has(row) ? 1 : 0;
    total += rows.length;
  });
  return hit / total;
}
