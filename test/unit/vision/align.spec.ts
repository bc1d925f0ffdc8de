import { describe, expect, it } from 'vitest';
import {
  ALIGNMENT_INDICES,
  alignFace,
  applyAffine,
  chipToImage,
  fitSimilarity,
  invertAffine,
  templatePoints,
} from '../../../src-main/vision/align.js';
import type { Affine } from '../../../src-main/vision/image-ops.js';
import type { Point } from '../../../src-main/vision/types.js';

function similarity(scale: number, angle: number, tx: number, ty: number): Affine {
  const p = scale * Math.cos(angle);
  const q = scale * Math.sin(angle);
  return [p, -q, tx, q, p, ty];
}

describe('fitSimilarity', () => {
  it('recovers a known similarity exactly from noiseless points', () => {
    const truth = similarity(1.7, 0.4, 31.5, -12.25);
    const from: Point[] = [
      [0, 0],
      [10, 3],
      [-4, 8],
      [7, -6],
      [2, 2],
    ];
    const to = from.map((p) => applyAffine(truth, p));
    const fitted = fitSimilarity(from, to);
    fitted.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 10));
  });

  it('is the least-squares fit under noise (residual no larger than the truth)', () => {
    const truth = similarity(0.8, -1.1, 5, 7);
    const from = templatePoints();
    const to = from.map(([x, y], i): Point =>
      applyAffine(truth, [x + Math.sin(i) * 0.5, y + Math.cos(i * 3) * 0.5]),
    );
    const fitted = fitSimilarity(from, to);
    const residual = (t: Affine): number =>
      from.reduce(
        (s, p, i) => s + Math.hypot(applyAffine(t, p)[0] - to[i]![0], applyAffine(t, p)[1] - to[i]![1]) ** 2,
        0,
      );
    expect(residual(fitted)).toBeLessThanOrEqual(residual(truth) + 1e-9);
    expect(Math.hypot(fitted[0], fitted[3])).toBeCloseTo(0.8, 1);
  });

  it('rejects degenerate input', () => {
    expect(() => fitSimilarity([[1, 1]], [[2, 2]])).toThrow(/fitSimilarity/);
    expect(() =>
      fitSimilarity(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/identical/);
  });
});

describe('invertAffine', () => {
  it('round-trips points', () => {
    const t = similarity(2.5, 0.3, -4, 9);
    const back = applyAffine(invertAffine(t), applyAffine(t, [3, -7]));
    expect(back[0]).toBeCloseTo(3, 10);
    expect(back[1]).toBeCloseTo(-7, 10);
  });
});

describe('chipToImage', () => {
  it('uses dlib points 27..54 and 60..64 and maps the template onto transformed landmarks', () => {
    expect(ALIGNMENT_INDICES).toHaveLength(33);
    expect(ALIGNMENT_INDICES[0]).toBe(27);
    expect(ALIGNMENT_INDICES.at(-1)).toBe(64);
    const truth = similarity(1.3, 0.2, 40, 25);
    const template = templatePoints();
    const landmarks: Point[] = Array.from({ length: 68 }, () => [0, 0]);
    ALIGNMENT_INDICES.forEach((index, k) => (landmarks[index] = applyAffine(truth, template[k]!)));
    chipToImage(landmarks).forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 8));
  });

  it('template with padding 0.25 puts the nose bridge on the vertical centre line', () => {
    const [x] = templatePoints(150, 0.25)[0]!;
    expect(x).toBeCloseTo(((0.25 + 0.490127) / 1.5) * 150, 6);
  });
});

describe('alignFace', () => {
  it('samples the chip through the fitted transform (a shifted copy of the template lands in place)', () => {
    const width = 300;
    const height = 300;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 7], (y * width + x) * 3);
    const template = templatePoints();
    const landmarks: Point[] = Array.from({ length: 68 }, () => [0, 0]);
    ALIGNMENT_INDICES.forEach(
      (index, k) => (landmarks[index] = [template[k]![0] + 20, template[k]![1] + 30]),
    );
    const chip = alignFace({ data, width, height }, landmarks);
    expect(chip.width).toBe(150);
    const at = (u: number, v: number): number[] =>
      Array.from(chip.data.subarray((v * 150 + u) * 3, (v * 150 + u) * 3 + 3));
    expect(at(10, 5)).toEqual([30, 35, 7]);
    expect(at(100, 120)).toEqual([120, 150, 7]);
  });
});
