import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boxDownscale,
  type Affine,
  flipHorizontal,
  validateImage,
  VisionInputError,
  warpAffine,
} from '../../../src-main/vision/image-ops.js';
import { iou, nonMaxSuppression } from '../../../src-main/vision/nms.js';
import { preprocessForDetector } from '../../../src-main/vision/detector-ssd/ssd-preprocess.js';
import { centralBox } from '../../../src-main/vision/pipeline.js';
import type { Box, RgbImage } from '../../../src-main/vision/types.js';

const image = (width: number, height: number, fill = (i: number) => i % 256) => ({
  width,
  height,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => fill(i)),
});

describe('validateImage', () => {
  it('accepts a consistent RGB buffer', () => expect(() => validateImage(image(4, 3))).not.toThrow());
  it('rejects a buffer of the wrong length with a clear message', () => {
    expect(() => validateImage({ width: 4, height: 3, data: new Uint8Array(35) })).toThrow(VisionInputError);
    expect(() => validateImage({ width: 4, height: 3, data: new Uint8Array(35) })).toThrow(
      /expected 36 bytes/,
    );
  });
  it('rejects bad dimensions', () =>
    expect(() => validateImage({ width: 0, height: 3, data: new Uint8Array(0) })).toThrow(/dimensions/));
});

describe('boxDownscale', () => {
  it('averages factor x factor blocks', () => {
    const src = image(4, 2, (i) => (Math.floor(i / 3) % 2 === 0 ? 0 : 200));
    const out = boxDownscale(src, 2);
    expect(out.width).toBe(2);
    expect(out.height).toBe(1);
    expect(Array.from(out.data)).toEqual([100, 100, 100, 100, 100, 100]);
  });
});

describe('warpAffine', () => {
  it('is the identity for the identity map', () => {
    const src = image(5, 4);
    expect(Array.from(warpAffine(src, [1, 0, 0, 0, 1, 0], 5, 4))).toEqual(Array.from(src.data));
  });
  it('matches a plain per-sample bilinear reference on random maps, supersampled or not', () => {
    const src = image(23, 17);
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 3.5, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -10, max: 30, noNaN: true }),
        fc.double({ min: -10, max: 30, noNaN: true }),
        (scale, angle, tx, ty) => {
          const map: Affine = [
            scale * Math.cos(angle),
            -scale * Math.sin(angle),
            tx,
            scale * Math.sin(angle),
            scale * Math.cos(angle),
            ty,
          ];
          const clip = { x: 2, y: 1, width: 18, height: 14 };
          expect(Array.from(warpAffine(src, map, 9, 7, clip))).toEqual(referenceWarp(src, map, 9, 7, clip));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills outside the clip box with black', () => {
    const src = image(4, 4, () => 90);
    const out = warpAffine(src, [1, 0, 0, 0, 1, 0], 4, 4, { x: 0, y: 0, width: 2, height: 4 });
    expect(out[0]).toBe(90);
    expect(out[3 * 3]).toBe(0);
  });
  it('flipHorizontal mirrors rows', () => {
    const src = image(3, 1);
    expect(Array.from(flipHorizontal(src).data)).toEqual([6, 7, 8, 3, 4, 5, 0, 1, 2]);
  });
});

describe('detector geometry', () => {
  it('plans a box-filter reduction for large images and keeps the aspect', () => {
    const plan = preprocessForDetector({ width: 4000, height: 3000, data: new Uint8Array(0) }, 512);
    expect(plan.width).toBe(512);
    expect(plan.height).toBe(384);
    expect(plan.scale).toBeCloseTo(0.128);
  });
  it('NMS keeps the best of overlapping boxes', () => {
    const a = { box: { x: 0, y: 0, width: 10, height: 10 }, score: 0.9 };
    const b = { box: { x: 1, y: 1, width: 10, height: 10 }, score: 0.8 };
    const c = { box: { x: 50, y: 50, width: 10, height: 10 }, score: 0.7 };
    expect(iou(a.box, a.box)).toBe(1);
    expect(nonMaxSuppression([b, c, a], 0.4, 10)).toEqual([a, c]);
  });
  it('central box is the centred square', () => {
    expect(centralBox(92, 112)).toEqual({ x: 0, y: 10, width: 92, height: 92 });
    expect(centralBox(150, 150)).toEqual({ x: 0, y: 0, width: 150, height: 150 });
  });
});

/** warpAffine's documented semantics, written plainly (one function call per sample) as a test oracle. */
function referenceWarp(src: RgbImage, map: Affine, outWidth: number, outHeight: number, clip: Box): number[] {
  const [a, b, c, d, e, f] = map;
  const samples = Math.min(4, Math.max(1, Math.ceil(Math.sqrt(Math.abs(a * e - b * d)) - 0.25)));
  const pixel = (x: number, y: number, ch: number): number => src.data[(y * src.width + x) * 3 + ch]!;
  const out: number[] = [];
  for (let v = 0; v < outHeight; v++)
    for (let u = 0; u < outWidth; u++)
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let sv = 0; sv < samples; sv++)
          for (let su = 0; su < samples; su++) {
            const pu = u + (su + 0.5) / samples;
            const pv = v + (sv + 0.5) / samples;
            const sx = a * pu + b * pv + c;
            const sy = d * pu + e * pv + f;
            const inside =
              sx >= Math.max(0, clip.x) &&
              sy >= Math.max(0, clip.y) &&
              sx < Math.min(src.width, clip.x + clip.width) &&
              sy < Math.min(src.height, clip.y + clip.height);
            if (!inside) continue;
            const x = Math.min(Math.max(sx - 0.5, 0), src.width - 1);
            const y = Math.min(Math.max(sy - 0.5, 0), src.height - 1);
            const [xa, ya] = [Math.floor(x), Math.floor(y)];
            const [xb, yb] = [Math.min(xa + 1, src.width - 1), Math.min(ya + 1, src.height - 1)];
            const top = pixel(xa, ya, ch) + (pixel(xb, ya, ch) - pixel(xa, ya, ch)) * (x - xa);
            const bottom = pixel(xa, yb, ch) + (pixel(xb, yb, ch) - pixel(xa, yb, ch)) * (x - xa);
            sum += top + (bottom - top) * (y - ya);
          }
        out.push(Math.round(sum * (1 / (samples * samples))));
      }
  return out;
}
