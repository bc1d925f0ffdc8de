import type { ScoredPair } from './scored-pair';

/**
 * One operating point: a pair is accepted as "same person" when `distance <= threshold`. The first point
 * has threshold -Infinity (nothing accepted); the others sit at each distinct distance, ascending.
 */
export interface RocPoint {
  threshold: number;
  /** Same-person pairs accepted. */
  trueAccepts: number;
  /** Different-person pairs accepted. */
  falseAccepts: number;
}

/** Every distinct operating point of a set of scored pairs, with the class sizes. */
export interface RocCurve {
  points: RocPoint[];
  sameCount: number;
  differentCount: number;
}

/**
 * Sweeps the acceptance threshold over the sorted distances. Pairs with equal distances are accepted
 * together, so a tie between a same and a different pair is one diagonal step, never two.
 * @throws RangeError when a distance is NaN.
 */
export function rocCurve(pairs: readonly ScoredPair[]): RocCurve {
  const sorted = [...pairs].sort((x, y) => x.distance - y.distance);
  const points: RocPoint[] = [{ threshold: -Infinity, trueAccepts: 0, falseAccepts: 0 }];
  let trueAccepts = 0;
  let falseAccepts = 0;
  for (let i = 0; i < sorted.length; i++) {
    const pair = sorted[i] as ScoredPair;
    if (Number.isNaN(pair.distance)) throw new RangeError('rocCurve: a distance is NaN');
    if (pair.same) trueAccepts++;
    else falseAccepts++;
    const next = sorted[i + 1];
    if (next === undefined || next.distance !== pair.distance) {
      points.push({ threshold: pair.distance, trueAccepts, falseAccepts });
    }
  }
  return { points, sameCount: trueAccepts, differentCount: falseAccepts };
}
