/**
 * Calibrated unknowns: from the distances of genuine pairs (two labeled faces of one person) and impostor
 * pairs (labeled faces of two people), the false-accept and false-reject rates at any threshold, and the
 * threshold for a target false-accept rate. Pure functions; distances are Euclidean between unit vectors.
 *
 * A catalog holds far fewer impostor pairs than a rate of 1e-3 needs to be seen (one accept in a thousand),
 * so the false-accept rate is estimated conservatively: the larger of the observed rate and the tail of a
 * normal distribution fitted to the impostor distances. The fit extrapolates the tail where no pair was
 * seen; the observed rate keeps the estimate honest where the fit is too optimistic.
 */

/** The distances a calibration is estimated from. */
export interface PairDistances {
  genuine: readonly number[];
  impostor: readonly number[];
}

/** A normal distribution fitted by its sample mean and standard deviation. */
export interface NormalFit {
  mean: number;
  std: number;
}

/** The two distributions, sorted, with their fits (a calibration may hold fits only: see threshold.ts). */
export interface Calibration {
  genuine: Float64Array;
  impostor: Float64Array;
  genuineFit: NormalFit | null;
  impostorFit: NormalFit | null;
}

/** One point of the FAR/FRR chart. */
export interface RatePoint {
  threshold: number;
  far: number;
  frr: number;
}

/** Builds a calibration from pair distances (any order). */
export function calibrate(pairs: PairDistances): Calibration {
  const genuine = Float64Array.from(pairs.genuine).sort();
  const impostor = Float64Array.from(pairs.impostor).sort();
  return { genuine, impostor, genuineFit: fitNormal(genuine), impostorFit: fitNormal(impostor) };
}

/** Sample mean and standard deviation (n - 1); null for fewer than two values. */
export function fitNormal(values: ArrayLike<number>): NormalFit | null {
  const n = values.length;
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}

/** How many of the sorted values are <= t (binary search). */
export function countAtMost(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Estimated false-accept rate at `t`: the larger of the observed one and the fitted tail. */
export function falseAcceptRate(calibration: Calibration, t: number): number {
  const { impostor, impostorFit } = calibration;
  const observed = impostor.length === 0 ? 0 : countAtMost(impostor, t) / impostor.length;
  const fitted = impostorFit && impostorFit.std > 0 ? normalCdf((t - impostorFit.mean) / impostorFit.std) : 0;
  return Math.max(observed, fitted);
}

/** False-reject rate at `t`: the genuine pairs farther apart than `t` (the fit's tail with no pairs). */
export function falseRejectRate(calibration: Calibration, t: number): number {
  const { genuine, genuineFit } = calibration;
  if (genuine.length > 0) return 1 - countAtMost(genuine, t) / genuine.length;
  return genuineFit && genuineFit.std > 0 ? 1 - normalCdf((t - genuineFit.mean) / genuineFit.std) : 0;
}

/**
 * The largest threshold whose estimated false-accept rate is at most `far`: below the fitted quantile and
 * below the impostor distance that would make the observed rate exceed it. Null with neither pairs nor a fit.
 */
export function thresholdForFar(calibration: Calibration, far: number): number | null {
  const { impostor, impostorFit } = calibration;
  if (impostor.length === 0 && !impostorFit) return null;
  // At most floor(far·n) impostor pairs may be accepted: stay strictly below the next one.
  const allowed = Math.floor(far * impostor.length + 1e-9);
  const observed = allowed < impostor.length ? (impostor[allowed] as number) - 1e-6 : Infinity;
  const fitted =
    impostorFit && impostorFit.std > 0 ? impostorFit.mean + impostorFit.std * normalQuantile(far) : Infinity;
  // Below zero when an impostor pair is at distance 0: then no distance is safe, and nothing is accepted.
  return Math.min(observed, fitted);
}

/** FAR and FRR from 0 to `max` in `steps` equal steps (the chart). */
export function rateCurve(calibration: Calibration, max = 1.2, steps = 48): RatePoint[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const threshold = (max * i) / steps;
    return {
      threshold,
      far: falseAcceptRate(calibration, threshold),
      frr: falseRejectRate(calibration, threshold),
    };
  });
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Standard normal quantile for 0 < p < 1 (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), not ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
