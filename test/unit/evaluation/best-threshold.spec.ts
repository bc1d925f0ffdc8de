import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyAt, bestThreshold } from '../../../src-main/evaluation/best-threshold';
import { bruteForceBestAccuracy, scored } from './reference-metrics';

// Small integer distances give many ties; doubles give none.
const pairsArbitrary = fc.array(
  fc.record({
    distance: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 2, noNaN: true })),
    same: fc.boolean(),
  }),
  { minLength: 1, maxLength: 60 },
);

describe('accuracyAt', () => {
  it('counts a distance equal to the threshold as same', () => {
    expect(accuracyAt(scored([1], [2]), 1)).toBe(1);
    expect(accuracyAt(scored([1], [2]), 2)).toBe(0.5);
    expect(accuracyAt(scored([1], [2]), 0.5)).toBe(0.5);
  });

  it('rejects an empty set', () => {
    expect(() => accuracyAt([], 1)).toThrow(RangeError);
  });
});

describe('bestThreshold', () => {
  it('puts the threshold midway across the gap of perfectly separable pairs', () => {
    expect(bestThreshold(scored([0.25, 0.5], [1, 1.5]))).toEqual({ threshold: 0.75, accuracy: 1 });
  });

  it('breaks ties between equally accurate thresholds by taking the smallest', () => {
    // 1.5 and 3.5 both get 3 of 4 right.
    expect(bestThreshold(scored([1, 3], [2, 4]))).toEqual({ threshold: 1.5, accuracy: 0.75 });
    // A same and a different pair at distance 2 cannot be split: 1.5 and 2.5 both get 3 of 4.
    expect(bestThreshold(scored([1, 2], [2, 3]))).toEqual({ threshold: 1.5, accuracy: 0.75 });
  });

  it('goes one past the extremes when accepting all or rejecting all is best', () => {
    expect(bestThreshold(scored([0.5, 0.7], []))).toEqual({ threshold: 1.7, accuracy: 1 });
    expect(bestThreshold(scored([], [0.5, 0.7]))).toEqual({ threshold: -0.5, accuracy: 1 });
  });

  it('rejects an empty set and NaN distances', () => {
    expect(() => bestThreshold([])).toThrow(RangeError);
    expect(() => bestThreshold(scored([Number.NaN], [1]))).toThrow(RangeError);
  });

  it('reaches the brute-force best accuracy, and says what accuracyAt says', () => {
    fc.assert(
      fc.property(pairsArbitrary, (pairs) => {
        const choice = bestThreshold(pairs);
        expect(choice.accuracy).toBeCloseTo(bruteForceBestAccuracy(pairs), 12);
        expect(accuracyAt(pairs, choice.threshold)).toBe(choice.accuracy);
      }),
    );
  });

  it('is a midpoint between adjacent distances, and no smaller split is as accurate', () => {
    fc.assert(
      fc.property(pairsArbitrary, (pairs) => {
        const { threshold, accuracy } = bestThreshold(pairs);
        const below = pairs.filter((p) => p.distance <= threshold).map((p) => p.distance);
        const above = pairs.filter((p) => p.distance > threshold).map((p) => p.distance);
        if (below.length === 0) expect(threshold).toBe(Math.min(...above) - 1);
        else if (above.length === 0) expect(threshold).toBe(Math.max(...below) + 1);
        else expect(threshold).toBeCloseTo((Math.max(...below) + Math.min(...above)) / 2, 12);

        const splitsBelow = [-Infinity, ...pairs.map((p) => p.distance)].filter(
          (t) => t < Math.max(-Infinity, ...below),
        );
        for (const t of splitsBelow) expect(accuracyAt(pairs, t)).toBeLessThan(accuracy);
      }),
    );
  });
});
