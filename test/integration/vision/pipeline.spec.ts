import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipHorizontal, VisionInputError } from '../../../src-main/vision/image-ops.js';
import { VisionPipeline } from '../../../src-main/vision/pipeline.js';
import { bundledModels } from '../../../src-main/vision/models.js';
import { loadWeightMap } from '../../../src-main/vision/model-files.js';
import { ssdAnchors } from '../../../src-main/vision/detector-ssd/ssd-anchors.js';
import type { RgbImage } from '../../../src-main/vision/types.js';
import { decodeRgb, distance, SAMPLES } from './fixtures.js';

let pipeline: VisionPipeline;
beforeAll(async () => {
  pipeline = await VisionPipeline.create();
});
afterAll(() => pipeline?.dispose());

describe('VisionPipeline on face-api sample photos', () => {
  it.each(SAMPLES)('finds the right number of faces in $file', async ({ file, faces }) => {
    const found = await pipeline.analyze(await decodeRgb(file));
    expect(found).toHaveLength(faces);
    for (const face of found) {
      expect(face.landmarks).toHaveLength(68);
      expect(face.embedding).toHaveLength(128);
      expect(Math.hypot(...face.embedding)).toBeCloseTo(1, 4);
      expect(face.alignedCrop.data).toHaveLength(150 * 150 * 3);
      expect(face.quality).toBeGreaterThan(0);
      expect(face.quality).toBeLessThanOrEqual(1);
      expect(face.wholeImage).toBe(false);
    }
  });

  it('puts a face closer to its own mirror image than to another person', async () => {
    const image = await decodeRgb(SAMPLES[0]!.file);
    for (const flipFusion of [false, true]) {
      const faces = await pipeline.analyze(image, { flipFusion });
      const mirrored = await pipeline.analyze(flipHorizontal(image), { flipFusion });
      const byX = (list: typeof faces) => [...list].sort((a, b) => a.box.x - b.box.x);
      const [left, , right] = byX(faces);
      const mirrorOfLeft = byX(mirrored).at(-1)!; // the leftmost face is rightmost in the mirror
      expect(
        Math.abs(mirrorOfLeft.box.x + mirrorOfLeft.box.width - (image.width - left!.box.x)),
      ).toBeLessThan(20);
      expect(distance(left!.embedding, mirrorOfLeft.embedding)).toBeLessThan(
        distance(left!.embedding, right!.embedding),
      );
      expect(distance(left!.embedding, mirrorOfLeft.embedding)).toBeLessThan(0.4);
    }
  });

  it('leaks no tensors over 20 runs (ssd and tiny), given boxes, a warm-up and a bad input', async () => {
    const image = await decodeRgb(SAMPLES[5]!.file);
    const small = { ...image, ...(await shrink(image, 400)) };
    // Warm-up: loads the tiny weights and caches the SSD anchors for this input size before counting.
    await pipeline.analyze(small, { detector: 'tiny' });
    await pipeline.analyze(small, { detector: 'ssd' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await pipeline.analyze(small, { detector: i % 2 ? 'tiny' : 'ssd' });
    await pipeline.embedBoxes(small, [{ x: 10, y: 10, width: 100, height: 100 }]);
    await pipeline.warmUp();
    await expect(pipeline.analyze({ ...small, data: small.data.subarray(1) })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a corrupt buffer with a clear error', async () => {
    const bad = { width: 640, height: 480, data: new Uint8Array(1000) };
    await expect(pipeline.analyze(bad)).rejects.toThrow(VisionInputError);
    await expect(pipeline.analyze(bad)).rejects.toThrow(
      /expected 921600 bytes for a 640x480 RGB image, got 1000/,
    );
  });

  it('falls back to the central box when asked and nothing is detected', async () => {
    const blank = { width: 120, height: 160, data: new Uint8Array(120 * 160 * 3).fill(128) };
    expect(await pipeline.analyze(blank)).toEqual([]);
    const [face, ...rest] = await pipeline.analyze(blank, { wholeImageFallback: true });
    expect(rest).toEqual([]);
    expect(face!.wholeImage).toBe(true);
    expect(face!.box).toEqual({ x: 0, y: 20, width: 120, height: 120 });
  });

  it('generates SSD anchors equal to the shipped 512 anchors', () => {
    const shipped = loadWeightMap('ssd_mobilenetv1_model');
    const stored = shipped['Output/extra_dim']!.dataSync();
    const generated = ssdAnchors(512);
    expect(generated.length).toBe(stored.length);
    expect(generated.every((v, i) => Math.abs(v - stored[i]!) < 1e-5)).toBe(true);
    tf.dispose(Object.values(shipped));
  });

  it('describes the bundled models', () => {
    const models = bundledModels();
    expect(models.map((m) => m.role)).toEqual(['detector', 'detector', 'landmarks', 'embedder']);
    expect(models.every((m) => Number(m.metadata.bytes) > 0)).toBe(true);
  });
});

async function shrink(image: RgbImage, width: number): Promise<RgbImage> {
  const sharp = (await import('sharp')).default;
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}
