import { describe, expect, it } from 'vitest';
import { exactKnn, usearchKnn } from '../../../src-main/projection/knn';
import { seededRandom } from '../../../src-main/util/seeded-random';
import { clusteredRows } from './generated';

/** The k nearest by sorting every distance: the definition, slowly. */
function naive(data: Float32Array, n: number, d: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const dist = (j: number) => {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[i * d + t]! - data[j * d + t]!) ** 2;
      return s;
    };
    return [i, ...others.sort((a, b) => dist(a) - dist(b) || a - b).slice(0, k - 1)];
  });
}

describe('kNN', () => {
  const next = seededRandom(2);
  const n = 203; // not a multiple of the 4-row kernel
  const d = 9;
  const data = Float32Array.from({ length: n * d }, () => next() - 0.5);

  it('exact: the point itself first, then its nearest in order, with Euclidean distances', () => {
    const knn = exactKnn(data, n, d, 6);
    const expected = naive(data, n, d, 6);
    for (let i = 0; i < n; i++) {
      expect(Array.from(knn.indices.subarray(i * 6, i * 6 + 6))).toEqual(expected[i]);
      const j = knn.indices[i * 6 + 1]!;
      const euclid = Math.hypot(...Array.from({ length: d }, (_, t) => data[i * d + t]! - data[j * d + t]!));
      expect(knn.distances[i * 6 + 1]).toBeCloseTo(euclid, 5);
      expect(knn.distances[i * 6]).toBe(0);
    }
  });

  it('asks for no more neighbours than there are points', () => {
    const knn = exactKnn(data.subarray(0, 3 * d), 3, d, 10);
    expect(knn.k).toBe(3);
    expect(Array.from(knn.indices.subarray(0, 3)).sort()).toEqual([0, 1, 2]);
  });

  it('usearch HNSW: nearly the exact neighbours on clustered vectors, the same every run', () => {
    const rows = clusteredRows(20, 30, 32, 4, 0.05);
    const exact = exactKnn(rows.data, rows.n, 32, 10);
    const approximate = usearchKnn(rows.data, rows.n, 32, 10);
    let found = 0;
    for (let i = 0; i < rows.n; i++) {
      const truth = new Set(exact.indices.subarray(i * 10, i * 10 + 10));
      for (const j of approximate.indices.subarray(i * 10, i * 10 + 10)) if (truth.has(j)) found++;
      expect(approximate.indices[i * 10]).toBe(i);
    }
    expect(found / (rows.n * 10)).toBeGreaterThan(0.95);
    expect(Array.from(usearchKnn(rows.data, rows.n, 32, 10).indices)).toEqual(
      Array.from(approximate.indices),
    );
  });

  it('stops with an AbortError when cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => exactKnn(data, n, d, 5, { signal: controller.signal })).toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
  });
});
