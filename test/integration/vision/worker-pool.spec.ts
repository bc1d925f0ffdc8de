import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_ORDER } from '../../../src-main/vision/backend-names.js';
import { VisionWorkerPool } from '../../../src-main/vision/worker-pool.js';
import { decodeRgb, SAMPLES } from './fixtures.js';

let pool: VisionWorkerPool;
beforeAll(async () => {
  pool = await VisionWorkerPool.create({ size: 2 });
});
afterAll(async () => pool?.dispose());

describe('VisionWorkerPool', () => {
  it('analyzes images in parallel workers and transfers the pixel buffer', async () => {
    expect(pool.size).toBe(2);
    expect(BACKEND_ORDER).toContain(pool.backend);
    const images = await Promise.all(SAMPLES.slice(0, 4).map((s) => decodeRgb(s.file)));
    const results = await Promise.all(images.map((image) => pool.analyze(image)));
    expect(results.map((faces) => faces.length)).toEqual(SAMPLES.slice(0, 4).map((s) => s.faces));
    expect(images[0]!.data.byteLength).toBe(0); // transferred, not copied
    expect(results[0]![0]!.embedding).toBeInstanceOf(Float32Array);
    expect(results[0]![0]!.alignedCrop.data).toHaveLength(150 * 150 * 3);
  });

  it('cancels a queued job and keeps serving others', async () => {
    const images = await Promise.all(SAMPLES.slice(0, 3).map((s) => decodeRgb(s.file)));
    const controller = new AbortController();
    const first = pool.analyze(images[0]!);
    const second = pool.analyze(images[1]!);
    const cancelled = pool.analyze(images[2]!, {}, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toThrow();
    expect((await first).length).toBe(3);
    expect((await second).length).toBe(3);
    await expect(pool.analyze(images[0]!, {}, AbortSignal.abort())).rejects.toThrow();
  });

  it('reports a corrupt buffer as an error from the worker', async () => {
    await expect(pool.analyze({ width: 10, height: 10, data: new Uint8Array(7) })).rejects.toThrow(
      /expected 300 bytes/,
    );
    expect(
      (
        await pool.embedBoxes(await decodeRgb(SAMPLES[0]!.file), [
          { x: 400, y: 350, width: 190, height: 190 },
        ])
      ).length,
    ).toBe(1);
  });
});
