import { describe, expect, it } from 'vitest';
import { scaleToUnit } from '../../../src-main/projection/scale';

describe('scaleToUnit', () => {
  it('maps the widest axis onto [-1, 1] and keeps the aspect', () => {
    // x spans 10..30 (20 wide), y spans 5..10 (5 wide).
    const out = scaleToUnit(Float32Array.from([10, 5, 30, 10, 20, 7.5]), 3, 2);
    expect(Array.from(out)).toEqual([-1, -0.25, 1, 0.25, 0, 0]);
  });

  it('puts points all in one place at the origin', () => {
    expect(Array.from(scaleToUnit(Float32Array.from([3, 3, 3, 3, 3, 3]), 2, 3))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(scaleToUnit(new Float32Array(0), 0, 2)).toHaveLength(0);
  });
});
