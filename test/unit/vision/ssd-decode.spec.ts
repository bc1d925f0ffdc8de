import { describe, expect, it } from 'vitest';
import { decodeSsd, toOriginalPixels } from '../../../src-main/vision/detector-ssd/ssd-decode.js';

const logit = (p: number): number => Math.log(p / (1 - p));

describe('decodeSsd', () => {
  const anchors = Float32Array.from([0.1, 0.2, 0.3, 0.6, 0.5, 0.5, 0.7, 0.9]);

  it('returns the anchor itself for a zero encoding, with the sigmoid of class 1 as score', () => {
    const classes = Float32Array.from([0, logit(0.9), 0, 0, logit(0.2), 0]);
    const [only, ...rest] = decodeSsd(new Float32Array(8), classes, anchors, 0.5);
    expect(rest).toEqual([]);
    expect(only!.score).toBeCloseTo(0.9, 6);
    expect([only!.ymin, only!.xmin, only!.ymax, only!.xmax].map((v) => Number(v.toFixed(6)))).toEqual([
      0.1, 0.2, 0.3, 0.6,
    ]);
  });

  it('shifts the centre by encoding/10 of the anchor size and scales by exp(encoding/5)', () => {
    const encodings = Float32Array.from([10, -10, 5 * Math.log(2), 0, 0, 0, 0, 0]);
    const classes = Float32Array.from([0, 5, 0, 0, -5, 0]);
    const [box] = decodeSsd(encodings, classes, anchors, 0.5);
    // anchor 0: centre (0.2, 0.4), size (0.2, 0.4) -> centre (0.4, 0.0), height doubled, width kept
    expect(box!.ymin).toBeCloseTo(0.2, 5);
    expect(box!.ymax).toBeCloseTo(0.6, 5);
    expect(box!.xmin).toBeCloseTo(-0.2, 5);
    expect(box!.xmax).toBeCloseTo(0.2, 5);
  });

  it('keeps a score exactly at the threshold and handles thresholds 0 and 1', () => {
    const classes = Float32Array.from([0, logit(0.5), 0, 0, logit(0.4999), 0]);
    expect(decodeSsd(new Float32Array(8), classes, anchors, 0.5)).toHaveLength(1);
    expect(decodeSsd(new Float32Array(8), classes, anchors, 0)).toHaveLength(2);
    expect(decodeSsd(new Float32Array(8), classes, anchors, 1)).toHaveLength(0);
  });

  it('refuses outputs that do not match the anchors', () => {
    expect(() => decodeSsd(new Float32Array(4), new Float32Array(6), anchors, 0.5)).toThrow(/2 anchors/);
  });
});

describe('toOriginalPixels', () => {
  const input = { width: 512, height: 288, paddedWidth: 512, paddedHeight: 288, scale: 0.5 };

  it('maps relative coordinates of the padded input back to original pixels', () => {
    const box = toOriginalPixels({ score: 1, ymin: 0.25, xmin: 0.5, ymax: 0.5, xmax: 0.75 }, input);
    expect(box).toEqual({ x: 512, y: 144, width: 256, height: 144 });
  });

  it('clips to the image, not its padding, and drops boxes left empty', () => {
    const padded = { ...input, paddedHeight: 320 };
    const box = toOriginalPixels({ score: 1, ymin: -0.1, xmin: 0.9, ymax: 1, xmax: 1.2 }, padded);
    expect(box!.y).toBe(0);
    expect(box!.height).toBe(576); // 288 of 320 padded rows are image
    expect(box!.x).toBeCloseTo(921.6, 6);
    expect(box!.width).toBeCloseTo(102.4, 6);
    expect(toOriginalPixels({ score: 1, ymin: 0.95, xmin: 0, ymax: 1, xmax: 1 }, padded)).toBeNull();
  });
});
