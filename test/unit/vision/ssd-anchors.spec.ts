import { describe, expect, it } from 'vitest';
import { featureMapSizes, ssdAnchors } from '../../../src-main/vision/detector-ssd/ssd-anchors.js';
import { adaptiveInputSize } from '../../../src-main/vision/detector-ssd/ssd-preprocess.js';

describe('ssdAnchors', () => {
  it('has 5118 anchors for 512 (3 per cell on 32x32, then 6 per cell)', () => {
    expect(featureMapSizes(512)).toEqual([32, 16, 8, 4, 2, 1]);
    expect(ssdAnchors(512).length / 4).toBe(32 * 32 * 3 + (16 * 16 + 8 * 8 + 4 * 4 + 2 * 2 + 1) * 6);
  });

  it('starts with the 0.1-scale square anchor of the top-left cell', () => {
    const [y0, x0, y1, x1] = ssdAnchors(512);
    expect([y0, x0, y1, x1].map((v) => Number(v!.toFixed(6)))).toEqual([
      -0.034375, -0.034375, 0.065625, 0.065625,
    ]);
  });

  it('keeps anchor sizes in pixels for smaller inputs', () => {
    expect(featureMapSizes(256)).toEqual([16, 8, 4, 2, 1, 1]);
    const a = ssdAnchors(256);
    expect((a[2]! - a[0]!) * 256).toBeCloseTo(0.1 * 512, 3);
    expect((a[0]! + a[2]!) / 2).toBeCloseTo(0.5 / 16, 6);
  });
});

describe('adaptiveInputSize', () => {
  it('does not upscale small photos beyond a multiple of 32 and caps at 512', () => {
    expect(adaptiveInputSize({ width: 250, height: 250 })).toBe(256);
    expect(adaptiveInputSize({ width: 92, height: 112 })).toBe(256);
    expect(adaptiveInputSize({ width: 400, height: 300 })).toBe(416);
    expect(adaptiveInputSize({ width: 4000, height: 3000 })).toBe(512);
  });
});

describe('ssdAnchors on a rectangular input', () => {
  it('lays the grid per axis and keeps square anchors square in pixels', () => {
    expect(featureMapSizes(288)).toEqual([18, 9, 5, 3, 2, 1]);
    const anchors = ssdAnchors(512, 288);
    const cells = [32 * 18, 16 * 9, 8 * 5, 4 * 3, 2 * 2, 1 * 1];
    expect(anchors.length / 4).toBe(cells[0]! * 3 + cells.slice(1).reduce((sum, n) => sum + n * 6, 0));
    // The first anchor of the top-left cell: scale 0.1, ratio 1, 51.2 px on both sides.
    const [y0, x0, y1, x1] = anchors;
    expect((x1! - x0!) * 512).toBeCloseTo(51.2, 4);
    expect((y1! - y0!) * 288).toBeCloseTo(51.2, 4);
    expect((x0! + x1!) / 2).toBeCloseTo(0.5 / 32, 6);
    expect((y0! + y1!) / 2).toBeCloseTo(0.5 / 18, 6);
  });

  it('is the square generator when both sides are equal', () => {
    expect(ssdAnchors(384, 384)).toEqual(ssdAnchors(384));
  });
});
