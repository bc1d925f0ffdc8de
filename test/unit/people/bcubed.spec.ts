import { describe, expect, it } from 'vitest';
import { bcubed } from '../../../src-main/people/clustering/bcubed';

describe('bcubed', () => {
  it('matches hand-computed values when one cluster mixes two people', () => {
    // Truth a,a,a,b all in one cluster: precision a 3/4 (x3), b 1/4; recall 1 for everyone.
    const scores = bcubed(
      [0, 0, 0, 0],
      ['a', 'a', 'a', 'b'].map((t) => t.charCodeAt(0)),
    );
    expect(scores.precision).toBeCloseTo(2.5 / 4, 12);
    expect(scores.recall).toBe(1);
    expect(scores.f).toBeCloseTo(10 / 13, 12);
    expect(scores.items).toBe(4);
  });

  it('averages only over people with enough faces when asked, still counting the others in clusters', () => {
    const scores = bcubed([0, 0, 0, 0], [1, 1, 1, 2], { minClassSize: 2 });
    expect(scores.precision).toBeCloseTo(0.75, 12);
    expect(scores.recall).toBe(1);
    expect(scores.f).toBeCloseTo(6 / 7, 12);
    expect(scores.items).toBe(3);
  });

  it('counts a split person and treats unclustered faces (-1) as clusters of one', () => {
    // Truth a,a,a,b,b,c; clusters {0,1} {2,3,4} and face 5 alone (-1).
    // Precision: 1, 1, 1/3, 2/3, 2/3, 1 -> 14/3 / 6; recall: 2/3, 2/3, 1/3, 1, 1, 1 -> 14/3 / 6.
    const scores = bcubed([0, 0, 1, 1, 1, -1], [7, 7, 7, 8, 8, 9]);
    expect(scores.precision).toBeCloseTo(7 / 9, 12);
    expect(scores.recall).toBeCloseTo(7 / 9, 12);
    // Two unclustered faces of one person are two clusters, not one.
    const apart = bcubed([-1, -1], [1, 1]);
    expect(apart.precision).toBe(1);
    expect(apart.recall).toBe(0.5);
  });

  it('is perfect for the truth itself and refuses mismatched lengths', () => {
    expect(bcubed([3, 3, 5], [1, 1, 2]).f).toBe(1);
    expect(() => bcubed([0], [0, 1])).toThrow(/bcubed/);
  });
});
