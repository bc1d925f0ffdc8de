import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchesForEpoch, type ImageBatch } from '../../../src-main/training/dataset/batch-stream';
import { CropLoadError, loadCrop } from '../../../src-main/training/dataset/crop-loader';
import type { DatasetClass } from '../../../src-main/training/dataset/split';
import { makeTempDir } from '../../support/temp';

const side = 12;
const missingFace = 7;
const corruptFace = 9;

/** Face i's crop: a lossless PNG whose pixels say which face it is. */
function pixelsOf(faceId: number): Buffer {
  const pixels = Buffer.alloc(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (faceId * 17 + i * 3) & 255;
  return pixels;
}

const items = Array.from({ length: 11 }, (_, i) => ({
  faceId: i + 1,
  personId: (i % 3) + 1,
  crop: `media/faces/${i + 1}.png`,
}));
const classes: DatasetClass[] = [1, 2, 3].map((personId) => ({
  personId,
  name: `P${personId}`,
  index: personId - 1,
}));

async function collect(stream: AsyncIterable<ImageBatch>): Promise<ImageBatch[]> {
  const batches: ImageBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

describe('batch stream over crops on disk', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalogDir: string;
  let base: Parameters<typeof batchesForEpoch>[0];

  beforeAll(async () => {
    temp = await makeTempDir('batches');
    catalogDir = temp.dir;
    await fs.mkdir(path.join(catalogDir, 'media/faces'), { recursive: true });
    for (const item of items) {
      const file = path.join(catalogDir, item.crop);
      if (item.faceId === missingFace) continue;
      if (item.faceId === corruptFace) await fs.writeFile(file, 'not an image');
      else
        await sharp(pixelsOf(item.faceId), { raw: { width: side, height: side, channels: 3 } })
          .png()
          .toFile(file);
    }
    base = {
      items,
      classes,
      inputSize: side,
      normalization: 'unit',
      batchSize: 4,
      seed: 11,
      epoch: 0,
      augment: false,
      shuffle: false,
      catalogDir,
    };
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  it('yields each face once, its pixels and class, skipping and naming a missing and a corrupt crop', async () => {
    const batches = await collect(batchesForEpoch(base));
    expect(batches.map((b) => b.index)).toEqual([0, 1, 2]);
    expect(batches.map((b) => b.faceIds)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 8],
      [10, 11],
    ]);
    const skipped = batches.flatMap((b) => b.skipped);
    expect(skipped.map((s) => s.faceId)).toEqual([missingFace, corruptFace]);
    expect(skipped[0]!.error).toMatch(/missing/);
    expect(skipped[1]!.error).toMatch(/not a readable image/);
    const size = side * side * 3;
    for (const batch of batches) {
      expect(batch.x).toHaveLength(batch.faceIds.length * size);
      batch.faceIds.forEach((faceId, k) => {
        const expected = Array.from(pixelsOf(faceId), (v) => Math.fround(v / 255));
        expect(Array.from(batch.x.subarray(k * size, (k + 1) * size))).toEqual(expected);
        expect(batch.y[k]).toBe((faceId - 1) % 3);
      });
    }
  });

  it('resumes at startBatch with exactly the tail of a full shuffled, augmented epoch', async () => {
    const options = {
      ...base,
      shuffle: true,
      augment: true,
      normalization: 'imagenet' as const,
      inputSize: 10,
      epoch: 3,
    };
    const full = await collect(batchesForEpoch(options));
    const seen = full.flatMap((b) => [...b.faceIds, ...b.skipped.map((s) => s.faceId)]);
    expect([...seen].sort((a, b) => a - b)).toEqual(items.map((i) => i.faceId));
    expect(seen).not.toEqual(items.map((i) => i.faceId));
    const resumed = await collect(
      batchesForEpoch({ ...options, startBatch: 1, prefetch: 1, concurrency: 1 }),
    );
    expect(resumed).toEqual(full.slice(1));
    const other = await collect(batchesForEpoch({ ...options, epoch: 4 }));
    expect(other.map((b) => b.faceIds)).not.toEqual(full.map((b) => b.faceIds));
  });

  it('stops with the signal`s reason', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const batch of batchesForEpoch({ ...base, signal: controller.signal })) {
        seen.push(batch.index);
        controller.abort(new Error('stopped by the user'));
      }
    };
    await expect(run()).rejects.toThrow('stopped by the user');
    expect(seen).toEqual([0]);
  });
});

describe('loadCrop', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    temp = await makeTempDir('crops');
    const grey = Buffer.alloc(150 * 150 * 3, 51); // 0.2 in unit values
    await sharp(grey, { raw: { width: 150, height: 150, channels: 3 } })
      .png()
      .toFile(path.join(temp.dir, 'grey.png'));
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  it('resizes to the input size and normalizes into the caller`s slot', async () => {
    const size = 8 * 8 * 3;
    const out = new Float32Array(size * 3).fill(-9);
    await loadCrop('grey.png', { catalogDir: temp.dir, inputSize: 8, normalization: 'unit' }, out, 0);
    await loadCrop('grey.png', { catalogDir: temp.dir, inputSize: 8, normalization: 'centered' }, out, size);
    await loadCrop(
      'grey.png',
      { catalogDir: temp.dir, inputSize: 8, normalization: 'imagenet' },
      out,
      2 * size,
    );
    expect(out[0]).toBeCloseTo(0.2, 5);
    expect(out[size - 1]).toBeCloseTo(0.2, 5);
    expect(out[size]).toBeCloseTo(-0.6, 5);
    expect(Array.from(out.subarray(2 * size, 2 * size + 3)).map((v) => Number(v.toFixed(4)))).toEqual([
      Number(((0.2 - 0.485) / 0.229).toFixed(4)),
      Number(((0.2 - 0.456) / 0.224).toFixed(4)),
      Number(((0.2 - 0.406) / 0.225).toFixed(4)),
    ]);
  });

  it('refuses a crop outside the catalog folder and a slot that does not fit', async () => {
    const options = {
      catalogDir: path.join(temp.dir, 'catalog'),
      inputSize: 8,
      normalization: 'unit' as const,
    };
    await expect(loadCrop('../grey.png', options, new Float32Array(192), 0)).rejects.toThrow(CropLoadError);
    await expect(
      loadCrop('grey.png', { ...options, catalogDir: temp.dir }, new Float32Array(100), 0),
    ).rejects.toThrow(RangeError);
  });
});
