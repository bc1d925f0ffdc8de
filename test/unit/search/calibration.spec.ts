import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  countAtMost,
  falseAcceptRate,
  falseRejectRate,
  normalCdf,
  normalQuantile,
  rateCurve,
  thresholdForFar,
} from '../../../src-main/search/calibration';

/** Seeded normal samples (mulberry32 + Box-Muller), so every run sees the same distributions. */
function normalSample(mean: number, std: number, n: number, seed: number): number[] {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
    return mean + std * z;
  });
}

describe('normal distribution helpers', () => {
  it('inverts the CDF with the quantile across the range used for rates', () => {
    for (const p of [1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 0.999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    }
    expect(normalQuantile(1e-3)).toBeCloseTo(-3.0902, 3);
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('FAR and FRR on small exact sets', () => {
  const calibration = calibrate({ genuine: [0.4, 0.1, 0.3, 0.2], impostor: [0.8, 0.5, 0.7, 0.6] });

  it('accepts a pair at exactly the threshold', () => {
    expect(countAtMost(calibration.impostor, 0.6)).toBe(2);
    expect(falseRejectRate(calibration, 0.2)).toBe(0.5);
    expect(falseRejectRate(calibration, 0.4)).toBe(0);
    expect(falseRejectRate(calibration, 0.05)).toBe(1);
  });

  it('estimates FAR as the larger of the observed rate and the fitted tail', () => {
    // Observed 2/4; the fit (mean 0.65, sd 0.129) puts only about 35% below 0.6.
    expect(falseAcceptRate(calibration, 0.6)).toBe(0.5);
    // Below every impostor nothing is observed, but the fitted tail is not zero.
    const fitted = normalCdf((0.45 - 0.65) / Math.sqrt(0.05 / 3));
    expect(falseAcceptRate(calibration, 0.45)).toBeCloseTo(fitted, 9);
    expect(falseAcceptRate(calibration, 0.45)).toBeGreaterThan(0);
  });

  it('rises in FAR and falls in FRR along the chart', () => {
    const curve = rateCurve(calibration, 1, 20);
    expect(curve).toHaveLength(21);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.far).toBeGreaterThanOrEqual(curve[i - 1]!.far);
      expect(curve[i]!.frr).toBeLessThanOrEqual(curve[i - 1]!.frr);
    }
  });
});

describe('thresholdForFar on generated genuine and impostor distributions', () => {
  const genuine = normalSample(0.35, 0.06, 5000, 1);
  const impostor = normalSample(0.95, 0.08, 50_000, 2);
  const calibration = calibrate({ genuine, impostor });

  it('finds the distance whose estimated FAR is the target, near the true quantile', () => {
    const t = thresholdForFar(calibration, 1e-3) as number;
    expect(t).toBeCloseTo(0.95 + 0.08 * normalQuantile(1e-3), 2); // 0.703
    expect(falseAcceptRate(calibration, t)).toBeLessThanOrEqual(1e-3 + 1e-6);
    // The observed count of impostors accepted there is within sampling error of 50.
    expect(countAtMost(calibration.impostor, t)).toBeGreaterThan(25);
    expect(countAtMost(calibration.impostor, t)).toBeLessThanOrEqual(50);
  });

  it('gives the FRR of the genuine distribution at that distance', () => {
    // At 0.35 half the genuine pairs are farther; at 0.35 + 2 sd about 2.3%.
    expect(falseRejectRate(calibration, 0.35)).toBeCloseTo(0.5, 1);
    expect(falseRejectRate(calibration, 0.47)).toBeCloseTo(1 - normalCdf(2), 2);
  });

  it('is tighter for a smaller target FAR', () => {
    const loose = thresholdForFar(calibration, 1e-2) as number;
    const tight = thresholdForFar(calibration, 1e-4) as number;
    expect(tight).toBeLessThan(thresholdForFar(calibration, 1e-3) as number);
    expect(loose).toBeGreaterThan(thresholdForFar(calibration, 1e-3) as number);
  });

  it('never lets the estimated FAR exceed the target (any impostors, any target)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 1e-5, max: 0.5, noNaN: true }),
        (distances, far) => {
          const c = calibrate({ genuine: [], impostor: distances });
          const t = thresholdForFar(c, far) as number;
          expect(falseAcceptRate(c, t)).toBeLessThanOrEqual(far + 1e-6);
        },
      ),
    );
  });

  it('has no answer without impostor pairs or a fit', () => {
    expect(thresholdForFar(calibrate({ genuine: [0.3], impostor: [] }), 1e-3)).toBeNull();
  });
});
