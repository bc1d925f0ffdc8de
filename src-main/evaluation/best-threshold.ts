import { rocCurve, type RocPoint } from './roc-curve';
import type { ScoredPair } from './scored-pair';

/** A threshold and the accuracy it reaches on the pairs it was chosen on. */
export interface ThresholdChoice {
  threshold: number;
  accuracy: number;
}

/**
 * Fraction of pairs classified correctly when "same person" means `distance <= threshold`.
 * @throws RangeError on an empty set.
 */
export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  if (pairs.length === 0) throw new RangeError('accuracyAt: no pairs');
  let correct = 0;
  for (const pair of pairs) if (pair.distance <= threshold === pair.same) correct++;
  return correct / pairs.length;
}

/**
 * The threshold that maximises accuracy on `pairs`.
 *
 * Candidates are the midpoints between adjacent distinct sorted distances, plus `min - 1` (reject all)
 * and `max + 1` (accept all). Ties: among candidates with equal best accuracy the smallest threshold
 * wins, i.e. the strictest one, with the fewest false accepts.
 * @throws RangeError on an empty set or a NaN distance.
 */
export function bestThreshold(pairs: readonly ScoredPair[]): ThresholdChoice {
  if (pairs.length === 0) throw new RangeError('bestThreshold: no pairs');
  const { points, differentCount } = rocCurve(pairs);
  let best = 0;
  let bestCorrect = -1;
  for (let k = 0; k < points.length; k++) {
    const point = points[k] as RocPoint;
    const correct = point.trueAccepts + (differentCount - point.falseAccepts);
    if (correct > bestCorrect) [best, bestCorrect] = [k, correct];
  }
  return { threshold: thresholdAfter(points, best), accuracy: bestCorrect / pairs.length };
}

/** A threshold that accepts exactly the distances up to point k's, as the midpoint to the next one. */
function thresholdAfter(points: readonly RocPoint[], k: number): number {
  const next = points[k + 1];
  if (k === 0) return (next as RocPoint).threshold - 1;
  const here = (points[k] as RocPoint).threshold;
  if (next === undefined) return here + 1;
  const middle = here + (next.threshold - here) / 2;
  // Adjacent doubles can round the midpoint up onto `next`, which would then be accepted too.
  return middle < next.threshold ? middle : here;
}
