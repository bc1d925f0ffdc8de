import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactNearest, exactWithin } from '../../../src-main/search/index/exact-search';
import { TopK } from '../../../src-main/search/index/top-k';
import { fingerprint } from '../../../src-main/search/index/fingerprint';
import { clusteredVectors } from './clustered-vectors';

describe('exact search', () => {
  it('TopK keeps the k highest scores, highest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true })),
        fc.integer({ min: 0, max: 20 }),
        (scores, k) => {
          const top = new TopK(k);
          scores.forEach((s, i) => top.push(i, s));
          expect(top.sorted().map((h) => h.score)).toEqual([...scores].sort((a, b) => b - a).slice(0, k));
        },
      ),
    );
  });

  it('nearest and within agree with a full sort of dot products, skipping what is asked', () => {
    const dim = 128;
    const vectors = clusteredVectors({ count: 400, seed: 9 });
    const set = { ids: Int32Array.from({ length: 400 }, (_, i) => i + 100), vectors, dim };
    const query = vectors.slice(5 * dim, 6 * dim);
    const dots = Array.from(
      { length: 400 },
      (_, r) =>
        [r, vectors.subarray(r * dim, (r + 1) * dim).reduce((s, x, d) => s + x * query[d]!, 0)] as const,
    );
    const sorted = [...dots].sort((a, b) => b[1] - a[1]);
    expect(exactNearest(set, query, 10).map((h) => h.row)).toEqual(sorted.slice(0, 10).map(([r]) => r));
    expect(exactNearest(set, query, 3, (row) => row === 5).map((h) => h.row)).toEqual(
      sorted.slice(1, 4).map(([r]) => r),
    );
    const minDot = (sorted[6]![1] + sorted[7]![1]) / 2;
    expect(exactWithin(set, query, minDot).map((h) => h.row)).toEqual(sorted.slice(0, 7).map(([r]) => r));
  });

  it('fingerprint changes with any id or vector bit', () => {
    const ids = Int32Array.from([1, 2, 3]);
    const vectors = clusteredVectors({ count: 3, seed: 1 });
    const base = fingerprint(ids, vectors);
    expect(fingerprint(Int32Array.from([1, 2, 4]), vectors)).not.toBe(base);
    const moved = vectors.slice();
    moved[300] = moved[300]! + 1e-7;
    expect(fingerprint(ids, moved)).not.toBe(base);
    expect(fingerprint(ids, vectors.slice())).toBe(base);
  });
});
