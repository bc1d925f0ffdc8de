import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knnAcross, knnGraph, truncateKnn } from '../../../src-main/people/clustering/knn';
import { dotRows } from '../../../src-main/people/clustering/vectors';
import { clusteredFaces } from './clustered-vectors';

describe('knnGraph', () => {
  it('finds exactly the k most similar other faces, best first, across tile boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (n, k, seed) => {
          const { vectors, dim } = clusteredFaces([n], seed, 1.5, 20);
          const graph = knnGraph(vectors, dim, k);
          for (let i = 0; i < n; i++) {
            const expected = Array.from({ length: n }, (_, j) => j)
              .filter((j) => j !== i)
              .map((j) => dotRows(vectors, dim, i, j))
              .sort((a, b) => b - a)
              .slice(0, k);
            const row = Array.from(graph.similarities.subarray(i * k, i * k + expected.length));
            expect(row).toEqual(expected.map((s) => Math.fround(s)));
            for (let at = expected.length; at < k; at++) expect(graph.neighbours[i * k + at]).toBe(-1);
            for (let at = 0; at < expected.length; at++) expect(graph.neighbours[i * k + at]).not.toBe(i);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('truncates to a smaller k by keeping each row prefix', () => {
    const { vectors, dim } = clusteredFaces([40], 3, 1, 16);
    const small = truncateKnn(knnGraph(vectors, dim, 10), 4);
    expect(small.neighbours).toEqual(knnGraph(vectors, dim, 4).neighbours);
  });

  it('across two sets, finds the same neighbours as the graph of their union, skipping the query itself', () => {
    const { vectors, dim } = clusteredFaces([9, 14], 4, 1, 12);
    const n = vectors.length / dim;
    const queries = vectors.slice(17 * dim); // faces 17..22, also rows 17..22 of the base
    const across = knnAcross(queries, vectors, dim, 6, 17);
    const full = knnGraph(vectors, dim, 6);
    expect(across.n).toBe(n - 17);
    expect(across.similarities).toEqual(full.similarities.slice(17 * 6));
    expect(Array.from(across.neighbours).some((j, at) => j === 17 + Math.floor(at / 6))).toBe(false);
  });
});
