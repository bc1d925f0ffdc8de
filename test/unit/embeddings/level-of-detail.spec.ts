import { describe, expect, it } from 'vitest';
import {
  lodOrder,
  pointDiameter,
  subsetSize,
} from '../../../src-renderer/src/components/embeddings/level-of-detail';

describe('lodOrder', () => {
  it('is a seeded permutation whose prefix samples the whole range evenly', () => {
    const order = lodOrder(100_000, 7);
    expect([...lodOrder(1000, 7)]).toEqual([...lodOrder(1000, 7)]);
    expect([...lodOrder(1000, 7)]).not.toEqual([...lodOrder(1000, 8)]);
    expect(new Set(order).size).toBe(100_000);
    // The first 10k fall evenly into ten bands of the index range (points are stored in map order,
    // which groups people, so an uneven sample would drop whole people while moving).
    const bands = new Array<number>(10).fill(0);
    for (const index of order.subarray(0, 10_000)) bands[Math.floor(index / 10_000)]!++;
    for (const count of bands) expect(count).toBeGreaterThan(900);
  });

  it('draws all of a small map and a budget of a large one', () => {
    expect(subsetSize(500, 12_000)).toBe(500);
    expect(subsetSize(100_000, 12_000)).toBe(12_000);
  });
});

describe('pointDiameter', () => {
  it('is smaller for large maps and grows when zooming in, within bounds', () => {
    expect(pointDiameter(100, 100, 100_000)).toBeLessThan(pointDiameter(100, 100, 100));
    expect(pointDiameter(400, 100, 1000)).toBeGreaterThan(pointDiameter(100, 100, 1000));
    expect(pointDiameter(1e6, 1, 10)).toBeLessThanOrEqual(16);
    expect(pointDiameter(1, 1e6, 1e6)).toBeGreaterThanOrEqual(1.5);
  });
});
