import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalErrorRate, rocAuc, tarAtFar } from '../../../src-main/evaluation/verification-metrics';
import { bruteForceAuc, bruteForceRates, bruteForceTarAtFar, scored } from './reference-metrics';

// Small integer distances give many ties; doubles give none. Both classes always present.
const twoClassPairs = fc
  .tuple(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 2, noNaN: true })), {
      minLength: 1,
      maxLength: 40,
    }),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 2, noNaN: true })), {
      minLength: 1,
      maxLength: 40,
    }),
  )
  .map(([same, different]) => scored(same, different));

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('on perfectly separable pairs', () => {
  const pairs = scored([0.1, 0.2, 0.4], [0.5, 0.9]);
  it('AUC is 1, EER is 0 and TAR@FAR is 1', () => {
    expect(rocAuc(pairs)).toBe(1);
    expect(equalErrorRate(pairs)).toBe(0);
    expect(tarAtFar(pairs, 1e-3)).toBe(1);
  });
});

describe('on perfectly reversed pairs', () => {
  const pairs = scored([0.5, 0.9], [0.1, 0.2, 0.4]);
  it('AUC is 0, EER is 1 and TAR@FAR is 0', () => {
    expect(rocAuc(pairs)).toBe(0);
    expect(equalErrorRate(pairs)).toBe(1);
    expect(tarAtFar(pairs, 1e-3)).toBe(0);
  });
});

describe('rocAuc', () => {
  it('scores a tie as one half', () => {
    expect(rocAuc(scored([1], [1]))).toBe(0.5);
    // Pairings: (1,1) tie, (1,3) win, (2,1) loss, (2,3) win.
    expect(rocAuc(scored([1, 2], [1, 3]))).toBe(2.5 / 4);
  });

  it('matches the O(n^2) pairwise count', () => {
    fc.assert(
      fc.property(twoClassPairs, (pairs) => {
        expect(rocAuc(pairs)).toBeCloseTo(bruteForceAuc(pairs), 12);
      }),
    );
  });

  it('needs both classes', () => {
    expect(() => rocAuc(scored([1, 2], []))).toThrow(RangeError);
    expect(() => rocAuc(scored([], [1]))).toThrow(RangeError);
  });
});

describe('equalErrorRate', () => {
  it('is exact where an operating point has equal error rates', () => {
    // At threshold 4: one of four different pairs accepted, one of four same pairs (6) rejected.
    expect(equalErrorRate(scored([1, 2, 3, 6], [4, 5, 7, 8]))).toBe(0.25);
    // At 1.5 FRR = 0.5 / FAR = 0, at 2.5 both 0.5.
    expect(equalErrorRate(scored([1, 3], [2, 4]))).toBe(0.5);
  });

  it('interpolates along a tied step', () => {
    // The tie at 2 moves the curve from (FAR 0, FRR 0.5) to (FAR 0.5, FRR 0): they meet at 0.25.
    expect(equalErrorRate(scored([1, 2], [2, 3]))).toBeCloseTo(0.25, 12);
  });

  it('lies between the best min(FAR, FRR) and the best max(FAR, FRR) over all thresholds', () => {
    fc.assert(
      fc.property(twoClassPairs, (pairs) => {
        const rates = bruteForceRates(pairs);
        const eer = equalErrorRate(pairs);
        expect(eer).toBeGreaterThanOrEqual(Math.max(...rates.map((r) => Math.min(r.far, r.frr))) - 1e-12);
        expect(eer).toBeLessThanOrEqual(Math.min(...rates.map((r) => Math.max(r.far, r.frr))) + 1e-12);
      }),
    );
  });
});

describe('tarAtFar', () => {
  it('allows one false accept in 1,000 different pairs', () => {
    const pairs = scored([0.5, 9.5, 10.5, 11.5, 2000], range(10, 1000));
    // Threshold may reach up to (not including) 11, accepting the different pair at 10.
    expect(tarAtFar(pairs, 1e-3)).toBe(3 / 5);
  });

  it('allows no false accept in 999 different pairs', () => {
    const pairs = scored([0.5, 9.5, 10.5, 11.5, 2000], range(10, 999));
    expect(tarAtFar(pairs, 1e-3)).toBe(2 / 5);
  });

  it('cannot accept a same pair tied with a different pair that must be rejected', () => {
    expect(tarAtFar(scored([1, 5], [5, 6, 7]), 1e-3)).toBe(1 / 2);
    expect(tarAtFar(scored([5], [5, 6, 7]), 1e-3)).toBe(0);
  });

  it('matches the best TAR over all thresholds with FAR under the limit', () => {
    fc.assert(
      fc.property(twoClassPairs, fc.constantFrom(0, 1e-3, 0.1, 0.25, 0.5, 1), (pairs, maxFar) => {
        expect(tarAtFar(pairs, maxFar)).toBe(bruteForceTarAtFar(pairs, maxFar));
      }),
    );
  });
});
