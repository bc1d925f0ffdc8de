import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../../src-main/evaluation/cross-validation';
import { evaluateVerification } from '../../../src-main/evaluation/lfw-protocol';
import type { ScoredPair } from '../../../src-main/evaluation/scored-pair';
import { scored } from './reference-metrics';

/**
 * Ten folds; fold i holds a same pair at distance i and a different pair at 20 + 2i, and fold 3 also a
 * different pair at 5.5 that looks like a match. Leaving a fold out moves the edges of the gap between
 * the classes: without fold 0 the nearest different pair is 22, without fold 9 the farthest same is 8.
 */
function shiftingFolds(): ScoredPair[] {
  const pairs = Array.from({ length: 10 }, (_, fold) => scored([fold], [20 + 2 * fold], fold)).flat();
  return [...pairs, { distance: 5.5, same: false, fold: 3 }];
}

describe('crossValidate', () => {
  it('chooses each fold threshold on the other folds only', () => {
    const result = crossValidate(shiftingFolds());
    // Gap midpoints: fold 0 (9 + 22) / 2, fold 9 (8 + 20) / 2, the rest (9 + 20) / 2.
    const expected = [15.5, 14.5, 14.5, 14.5, 14.5, 14.5, 14.5, 14.5, 14.5, 14];
    expect(result.folds.map((fold) => fold.fold)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.folds.map((fold) => fold.threshold)).toEqual(expected);
    expect(result.threshold).toBeCloseTo(14.55, 12);
  });

  it('averages fold accuracies and reports their sample standard deviation', () => {
    const result = crossValidate(shiftingFolds());
    // Fold 3 misclassifies its 5.5 pair: 2 of 3. Every other fold is perfect.
    expect(result.folds.map((fold) => fold.accuracy)).toEqual([1, 1, 1, 2 / 3, 1, 1, 1, 1, 1, 1]);
    expect(result.accuracy).toBeCloseTo(29 / 30, 12);
    // Deviations: -0.3 once and 1/30 nine times; squares sum to 0.1, over n - 1 = 9.
    expect(result.std).toBeCloseTo(Math.sqrt(0.1 / 9), 12);
  });

  it('needs a fold on every pair and at least two folds', () => {
    expect(() => crossValidate(scored([1], [2]))).toThrow(/needs a fold/);
    expect(() => crossValidate(scored([1], [2], 0))).toThrow(/at least 2 folds/);
  });
});

describe('evaluateVerification', () => {
  it('ten-fold: cross-validated accuracy and threshold, curve metrics on all pairs', () => {
    const result = evaluateVerification(shiftingFolds());
    expect(result.accuracy).toBeCloseTo(29 / 30, 12);
    expect(result.std).toBeCloseTo(Math.sqrt(0.1 / 9), 12);
    expect(result.threshold).toBeCloseTo(14.55, 12);
    // The 5.5 different pair is closer than the same pairs 6..9: 4 of 10 x 11 pairings lost.
    expect(result.auc).toBeCloseTo(106 / 110, 12);
    // Accepting 0..5.5 gives FAR 1/11 with FRR 4/10; then the sames 6..9 bring FRR down at FAR 1/11.
    expect(result.eer).toBeCloseTo(1 / 11, 12);
    // Only 11 different pairs, so no false accept allowed: the sames 0..5 below 5.5.
    expect(result.tarAtFar1e3).toBe(0.6);
    expect(result.pairs).toBe(21);
  });

  it('with train pairs: the threshold comes from them and std is null', () => {
    const train = scored([0.25, 0.5], [1, 1.25]);
    // The best threshold on the test pairs alone would be 0.55 (3 of 4); the train threshold 0.75 gets 2.
    const test = scored([0.5, 0.8], [0.6, 1.5]);
    const result = evaluateVerification(test, train);
    expect(result.threshold).toBe(0.75);
    expect(result.accuracy).toBe(0.5);
    expect(result.std).toBeNull();
    expect(result.pairs).toBe(4);
    expect(result.auc).toBe(3 / 4);
  });

  it('with train pairs ignores the folds of the test pairs', () => {
    const result = evaluateVerification(shiftingFolds(), scored([0], [10]));
    expect(result.threshold).toBe(5);
    expect(result.std).toBeNull();
    // Threshold 5 accepts sames 0..5 and rejects 6..9 and every different pair.
    expect(result.accuracy).toBeCloseTo(17 / 21, 12);
  });

  it('without train pairs needs folds', () => {
    expect(() => evaluateVerification(scored([1], [2]))).toThrow(RangeError);
  });
});
