import { describe, expect, it } from 'vitest';
import { trustworthiness } from '../../../src-main/projection/trustworthiness';
import { seededRandom } from '../../../src-main/util/seeded-random';

describe('trustworthiness', () => {
  const next = seededRandom(9);
  const n = 120;
  const points = Float32Array.from({ length: n * 2 }, () => next());

  it('is 1 for a map that keeps every neighbourhood (a scaled copy)', () => {
    expect(
      trustworthiness(
        points,
        2,
        points.map((v) => v * 3),
        2,
        n,
        10,
      ),
    ).toBeCloseTo(1, 10);
  });

  it('is about 0.5 for a random map, and between for a noisy one', () => {
    const random = Float32Array.from({ length: n * 2 }, () => next());
    const noisy = points.map((v) => v + (next() - 0.5) * 0.2);
    const t = trustworthiness(points, 2, random, 2, n, 10);
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThan(0.6);
    const middle = trustworthiness(points, 2, noisy, 2, n, 10);
    expect(middle).toBeGreaterThan(t);
    expect(middle).toBeLessThan(1);
  });

  it('matches the definition on a hand-worked case', () => {
    // A line 0..5 mapped with points 0 and 5 swapped; k = 1 (ties go to the lower index).
    // Map neighbour and its original rank: 0->4 (rank 4), 1->2 (rank 2: 0 ties it, lower), 2->1 (1),
    // 3->2 (1), 4->0 (rank 5), 5->1 (rank 4). Penalties (rank - k): 3 + 1 + 0 + 0 + 4 + 3 = 11.
    const line = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const map = Float32Array.from([5, 1, 2, 3, 4, 0]);
    const expected = 1 - (2 / (6 * 1 * (12 - 3 - 1))) * 11;
    expect(trustworthiness(line, 1, map, 1, 6, 1)).toBeCloseTo(expected, 10);
  });
});
