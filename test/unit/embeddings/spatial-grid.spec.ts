import { describe, expect, it } from 'vitest';
import { SpatialGrid } from '../../../src-renderer/src/components/embeddings/spatial-grid';
import { seededRandom } from '../../../src-main/util/seeded-random';

function bruteNearest(xy: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < xy.length / 2; i++) {
    const d = (xy[i * 2]! - x) ** 2 + (xy[i * 2 + 1]! - y) ** 2;
    if (d <= bestD && (d < bestD || i > best)) [best, bestD] = [i, d];
  }
  return best;
}

describe('SpatialGrid', () => {
  it('finds the same nearest point as a full scan, on clustered data', () => {
    const next = seededRandom(11);
    const n = 50_000;
    const xy = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const cluster = i % 20;
      xy[i * 2] = Math.cos(cluster) * 0.8 + (next() - 0.5) * 0.05;
      xy[i * 2 + 1] = Math.sin(cluster * 1.7) * 0.8 + (next() - 0.5) * 0.05;
    }
    const grid = new SpatialGrid(xy);
    for (let q = 0; q < 300; q++) {
      const [x, y] = [next() * 2 - 1, next() * 2 - 1];
      for (const radius of [0.002, 0.02, 0.3]) {
        expect(grid.nearest(x, y, radius)).toBe(bruteNearest(xy, x, y, radius));
      }
    }
  });

  it('answers a hover query on 100k points in well under a millisecond on average', () => {
    const next = seededRandom(5);
    const xy = Float32Array.from({ length: 200_000 }, () => next() * 2 - 1);
    const grid = new SpatialGrid(xy);
    const started = performance.now();
    for (let q = 0; q < 1000; q++) grid.nearest(next() * 2 - 1, next() * 2 - 1, 0.01);
    expect((performance.now() - started) / 1000).toBeLessThan(1);
  });

  it('skips points the filter refuses and returns -1 when none is in reach', () => {
    const grid = new SpatialGrid(Float32Array.from([0, 0, 0.1, 0, 5, 5]));
    expect(grid.nearest(0.01, 0, 0.5)).toBe(0);
    expect(grid.nearest(0.01, 0, 0.5, (i) => i !== 0)).toBe(1);
    expect(grid.nearest(2.5, 2.5, 0.5)).toBe(-1);
    expect(new SpatialGrid(new Float32Array(0)).nearest(0, 0, 1)).toBe(-1);
  });
});
