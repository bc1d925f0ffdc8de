import { describe, expect, it } from 'vitest';
import {
  pointInPolygon,
  rectPolygon,
  selectInPolygon,
  simplifyPath,
} from '../../../src-renderer/src/components/embeddings/lasso';
import { SpatialGrid } from '../../../src-renderer/src/components/embeddings/spatial-grid';
import { seededRandom } from '../../../src-main/util/seeded-random';

/** A concave "C": the notch (x in 1..3, y in 1..2) is outside. */
const cShape = [0, 0, 3, 0, 3, 1, 1, 1, 1, 2, 3, 2, 3, 3, 0, 3];

describe('pointInPolygon', () => {
  it('follows the even-odd rule on a concave polygon', () => {
    expect(pointInPolygon(0.5, 1.5, cShape)).toBe(true);
    expect(pointInPolygon(2, 1.5, cShape)).toBe(false);
    expect(pointInPolygon(2, 0.5, cShape)).toBe(true);
    expect(pointInPolygon(2, 2.5, cShape)).toBe(true);
    expect(pointInPolygon(4, 1.5, cShape)).toBe(false);
    expect(pointInPolygon(-0.1, 0.5, cShape)).toBe(false);
  });
});

describe('selectInPolygon', () => {
  it('selects exactly the points a brute-force test finds, through the grid', () => {
    const next = seededRandom(3);
    const n = 20_000;
    const xy = Float32Array.from({ length: n * 2 }, () => next() * 4 - 0.5);
    const grid = new SpatialGrid(xy);
    const expected: number[] = [];
    for (let i = 0; i < n; i++) if (pointInPolygon(xy[i * 2]!, xy[i * 2 + 1]!, cShape)) expected.push(i);
    const chosen = selectInPolygon(grid, cShape);
    expect(chosen).toEqual(expected);
    // The C covers 7 of its 9 unit squares, out of the 4.0 x 4.0 square the points fill.
    expect(chosen.length / n).toBeCloseTo(7 / 16, 1);
  });

  it('honours the accept filter and needs a polygon of three corners', () => {
    const xy = Float32Array.from([0.5, 0.5, 0.6, 0.6, 2, 2]);
    const grid = new SpatialGrid(xy);
    expect(selectInPolygon(grid, rectPolygon(0, 0, 1, 1))).toEqual([0, 1]);
    expect(selectInPolygon(grid, rectPolygon(0, 0, 1, 1), (i) => i !== 0)).toEqual([1]);
    expect(selectInPolygon(grid, [0, 0, 1, 1])).toEqual([]);
  });
});

describe('simplifyPath', () => {
  it('drops points closer than the step to the last kept one', () => {
    expect(simplifyPath([0, 0, 0.5, 0, 1, 0, 1.2, 0, 3, 0], 1)).toEqual([0, 0, 1, 0, 3, 0]);
  });
});
