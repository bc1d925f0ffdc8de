import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cutContextCrop } from '../../../src-main/feature-maps/context-crop';
import {
  activationGrid,
  pngDataUrl,
  saliencyOverlay,
  upsampleMap,
} from '../../../src-main/feature-maps/feature-map-render';
import { chipToImage, templatePoints, ALIGNMENT_INDICES } from '../../../src-main/vision/align';
import type { Point } from '../../../src-main/vision/types';

describe('feature map rendering', () => {
  it('tiles the maps into a near-square grid of enlarged cells and encodes a PNG of that size', async () => {
    const maps = Float32Array.from({ length: 5 * 4 * 4 }, (_, i) => (i % 16) / 15);
    const grid = activationGrid(maps, 5, 4, 4);
    // 3 columns, 2 rows of 64-pixel cells, 2 pixels apart.
    expect([grid.width, grid.height]).toEqual([3 * 64 + 4, 2 * 64 + 2]);
    const url = await pngDataUrl(grid);
    const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', grid.width, grid.height]);
    // The first cell's top-left value is 0, its bottom-right 1: different colours.
    expect(grid.data.slice(0, 3)).not.toEqual(
      grid.data.slice((63 * grid.width + 63) * 3, (63 * grid.width + 63) * 3 + 3),
    );
  });

  it('upsamples a map with each cell centred on the pixels it covers', () => {
    const up = upsampleMap([0, 1, 0, 1], 2, 2, 8);
    expect(up[0]).toBe(0); // left column, clamped
    expect(up[7]).toBe(1); // right column, clamped
    expect(up[3]).toBeGreaterThan(0.3);
    expect(up[3]).toBeLessThan(0.7);
  });

  it('tints the hot part of the crop more than the cold part', () => {
    const crop = new Uint8Array(4 * 4 * 3).fill(128);
    const out = saliencyOverlay(crop, 4, [1, 0, 0, 0], 2, 2);
    const change = (i: number) => Math.abs(out.data[i * 3]! - 128) + Math.abs(out.data[i * 3 + 2]! - 128);
    expect(change(0)).toBeGreaterThan(change(15));
  });
});

describe('cutContextCrop', () => {
  it("puts the model's aligned chip in the middle, with the face box around it", () => {
    // A face whose landmarks sit where dlib's template puts them in a 150 chip drawn at (100, 50), twice as big.
    const landmarks: Point[] = Array.from({ length: 68 }, () => [0, 0] as Point);
    templatePoints(150).forEach(
      ([x, y], k) => (landmarks[ALIGNMENT_INDICES[k]!] = [100 + 2 * x, 50 + 2 * y]),
    );
    const [a, , c, , , f] = chipToImage(landmarks, 150);
    expect(a).toBeCloseTo(2, 5);
    const image = { data: new Uint8Array(600 * 500 * 3).fill(90), width: 600, height: 500 };
    const box = { x: 100 + 50, y: 50 + 50, width: 200, height: 200 };
    const crop = cutContextCrop(image, landmarks, box, 150, 300);
    expect([c, f]).toEqual([expect.closeTo(100, 4), expect.closeTo(50, 4)]);
    expect(crop.size).toBe(300);
    expect(crop.faceBox.x).toBeCloseTo(75 + 25, 3);
    expect(crop.faceBox.width).toBeCloseTo(100, 3);
    expect(crop.data).toHaveLength(300 * 300 * 3);
  });
});
