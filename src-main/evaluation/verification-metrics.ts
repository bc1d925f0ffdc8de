import { rocCurve, type RocCurve, type RocPoint } from './roc-curve';
import type { ScoredPair } from './scored-pair';

/**
 * Area under the ROC curve: the probability that a random same-person pair is closer than a random
 * different-person pair, counting equal distances as one half.
 * @throws RangeError unless both classes are present.
 */
export function rocAuc(pairs: readonly ScoredPair[]): number {
  const { points, sameCount, differentCount } = curveWithBothClasses(pairs, 'rocAuc');
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    const [previous, point] = [points[k - 1] as RocPoint, points[k] as RocPoint];
    // Trapezoids: a tied group is a diagonal step, which is what scores ties as 1/2.
    area += (point.falseAccepts - previous.falseAccepts) * (point.trueAccepts + previous.trueAccepts);
  }
  return area / (2 * sameCount * differentCount);
}

/**
 * Equal error rate: where the ROC curve, drawn through its operating points with straight lines, crosses
 * false-accept rate = false-reject rate.
 * @throws RangeError unless both classes are present.
 */
export function equalErrorRate(pairs: readonly ScoredPair[]): number {
  const { points, sameCount, differentCount } = curveWithBothClasses(pairs, 'equalErrorRate');
  const rates = points.map((point) => ({
    far: point.falseAccepts / differentCount,
    frr: 1 - point.trueAccepts / sameCount,
  }));
  // far - frr rises strictly from -1 (accept nothing) to +1 (accept all), so it crosses zero once.
  const k = rates.findIndex((rate) => rate.far >= rate.frr);
  const after = rates[k] as { far: number; frr: number };
  if (after.far === after.frr) return after.far;
  const before = rates[k - 1] as { far: number; frr: number };
  const gapBefore = before.frr - before.far;
  const s = gapBefore / (gapBefore + (after.far - after.frr));
  return before.far + s * (after.far - before.far);
}

/**
 * True-accept rate at the loosest threshold whose false-accept rate is at most `maxFar`. With fewer than
 * 1/maxFar different-person pairs that is the true-accept rate with zero false accepts.
 * @throws RangeError unless both classes are present.
 */
export function tarAtFar(pairs: readonly ScoredPair[], maxFar: number): number {
  const { points, sameCount, differentCount } = curveWithBothClasses(pairs, 'tarAtFar');
  let trueAccepts = 0;
  // Points are in ascending threshold order and both counts only grow, so stop at the first too loose.
  for (const point of points) {
    if (point.falseAccepts / differentCount > maxFar) break;
    trueAccepts = point.trueAccepts;
  }
  return trueAccepts / sameCount;
}

function curveWithBothClasses(pairs: readonly ScoredPair[], caller: string): RocCurve {
  const curve = rocCurve(pairs);
  if (curve.sameCount === 0 || curve.differentCount === 0) {
    throw new RangeError(`${caller}: needs both same-person and different-person pairs`);
  }
  return curve;
}
