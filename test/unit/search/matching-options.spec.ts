import { describe, expect, it } from 'vitest';
import {
  encodeRows,
  fitCodeBasis,
  hammingCandidates,
  popcount,
  rerank,
} from '../../../src-main/search/index/binary-codes';
import { fitPca, projectRows } from '../../../src-main/search/index/pca';
import { TopK } from '../../../src-main/search/index/top-k';
import { clusteredVectors, queriesNear } from './clustered-vectors';
import { exactTruth, recall } from './recall';

const dim = 128;

describe('PCA', () => {
  it('finds orthonormal components by decreasing variance, as many as the variance asks for', () => {
    const vectors = clusteredVectors({ count: 3000, seed: 11 });
    const pca = fitPca(vectors, dim, 0.9);
    expect(pca.count).toBeGreaterThan(10);
    expect(pca.count).toBeLessThan(dim);
    const total = pca.explained.reduce((s, x) => s + x, 0);
    expect(total).toBeGreaterThanOrEqual(0.9 - 1e-6);
    expect(total - pca.explained[pca.count - 1]!).toBeLessThan(0.9);
    for (let c = 1; c < pca.count; c++)
      expect(pca.explained[c]!).toBeLessThanOrEqual(pca.explained[c - 1]! + 1e-7);
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [3, 7],
    ] as const) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += pca.components[a * dim + d]! * pca.components[b * dim + d]!;
      expect(dot).toBeCloseTo(a === b ? 1 : 0, 4);
    }
  });

  it('keeps every distance with all components, and most neighbours with 99% of the variance', () => {
    const vectors = clusteredVectors({ count: 3000, seed: 12 });
    const queries = queriesNear(vectors, dim, 50, 13);
    const full = fitPca(vectors, dim, 1);
    const [a, b] = [projectRows(full, vectors.slice(0, dim)), projectRows(full, vectors.slice(dim, 2 * dim))];
    const projectedDistance = Math.hypot(...a.map((x, d) => x - b[d]!));
    const distance = Math.hypot(...vectors.slice(0, dim).map((x, d) => x - vectors[dim + d]!));
    expect(projectedDistance).toBeCloseTo(distance, 4);

    const pca = fitPca(vectors, dim, 0.99);
    const reduced = projectRows(pca, vectors);
    const reducedQueries = projectRows(pca, queries);
    // Ranked by Euclidean distance in the reduced space (its vectors are not unit length).
    const found = Array.from({ length: 50 }, (_, q) => {
      const query = reducedQueries.subarray(q * pca.count, (q + 1) * pca.count);
      const top = new TopK(10);
      for (let row = 0; row < 3000; row++) top.push(row, -squared(reduced, row, query));
      return top.sorted().map((h) => h.item);
    });
    expect(recall(exactTruth(vectors, dim, queries, 10), found)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('binary codes', () => {
  it('popcount counts set bits of any 32-bit word', () => {
    for (const x of [0, 1, 0xffffffff, 0x80000000, 0x12345678, 0xdeadbeef])
      expect(popcount(x)).toBe(
        x
          .toString(2)
          .split('')
          .filter((c) => c === '1').length,
      );
  });

  it('re-ranks a Hamming first pass of 1% of N to recall@10 >= 0.95 on clustered data', () => {
    const count = 10_000;
    const vectors = clusteredVectors({ count, seed: 14 });
    const queries = queriesNear(vectors, dim, 100, 15);
    const basis = fitCodeBasis(vectors, dim, 128);
    const codes = encodeRows(basis, vectors);
    const queryCodes = encodeRows(basis, queries);
    const budget = count / 100;
    const found = Array.from({ length: 100 }, (_, q) => {
      const candidates = hammingCandidates(
        codes,
        queryCodes.codes.subarray(q * codes.words, (q + 1) * codes.words),
        budget,
      );
      expect(candidates.length).toBeLessThanOrEqual(budget);
      return rerank(vectors, dim, queries.subarray(q * dim, (q + 1) * dim), candidates, 10).map((h) => h.row);
    });
    expect(recall(exactTruth(vectors, dim, queries, 10), found)).toBeGreaterThanOrEqual(0.95);
  });
});

function squared(rows: Float32Array, row: number, query: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < query.length; d++) sum += (rows[row * query.length + d]! - query[d]!) ** 2;
  return sum;
}
