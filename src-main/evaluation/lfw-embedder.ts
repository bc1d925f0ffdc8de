import fs from 'node:fs/promises';
import sharp from 'sharp';
import { decodeRgb } from '../imaging/decode';
import { Limiter } from '../util/concurrency';
import type { Box, RgbImage } from '../vision/types';
import type { VisionWorkerPool } from '../vision/worker-pool';

/** One image's embedding for verification, and whether a face was actually detected in it. */
export interface ImageEmbedding {
  embedding: Float32Array;
  detected: boolean;
}

/** Detector threshold for evaluation: 0.3 scored best on LFW DevTrain (never chosen on DevTest). */
export const evalMinConfidence = 0.3;

/**
 * Where no face is detected, this fixed central box is embedded instead: on LFW's 250x250 images it is
 * (75, 70, 100, 110), the region the funnelled faces occupy; on other sizes the same fractions.
 */
export function fallbackBox(width: number, height: number): Box {
  return { x: width * 0.3, y: height * 0.28, width: width * 0.4, height: height * 0.44 };
}

/** The face whose box centre is nearest the image centre (the LFW subject). */
export function nearestCentre<T extends { box: Box }>(
  faces: T[],
  width: number,
  height: number,
): T | undefined {
  const distance = ({ box }: T): number =>
    Math.hypot(box.x + box.width / 2 - width / 2, box.y + box.height / 2 - height / 2);
  return faces.reduce<T | undefined>(
    (best, face) => (!best || distance(face) < distance(best) ? face : best),
    undefined,
  );
}

/**
 * Embeds each image once on the worker pool: detect (threshold 0.3), take the face nearest the centre,
 * align and embed it (with or without flip fusion); no detection -> the fixed central box, reported as not detected.
 */
export async function embedForVerification(
  pool: VisionWorkerPool,
  paths: string[],
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal | undefined,
  flipFusion: boolean,
): Promise<Map<string, ImageEmbedding>> {
  const results = new Map<string, ImageEmbedding>();
  const slots = new Limiter(pool.size * 2);
  let done = 0;
  await Promise.all(
    paths.map(async (file) => {
      await slots.acquire();
      try {
        const image: RgbImage = await decodeRgb(sharp(await fs.readFile(file)).autoOrient());
        const copy = { ...image, data: image.data.slice() };
        const faces = await pool.analyze(image, { minConfidence: evalMinConfidence, flipFusion }, signal);
        const face = nearestCentre(faces, copy.width, copy.height);
        if (face) {
          results.set(file, { embedding: face.embedding, detected: true });
        } else {
          const [fallback] = await pool.embedBoxes(
            copy,
            [fallbackBox(copy.width, copy.height)],
            { flipFusion },
            signal,
          );
          if (!fallback) throw new Error(`no embedding for ${file}`);
          results.set(file, { embedding: fallback.embedding, detected: false });
        }
        onProgress(++done, paths.length);
      } finally {
        slots.release();
      }
    }),
  );
  return results;
}
