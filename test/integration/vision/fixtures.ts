import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { RgbImage } from '../../../src-main/vision/types.js';

const require = createRequire(import.meta.url);

/** face-api's demo photos, with the face counts verified by eye. */
export const SAMPLES: { file: string; faces: number }[] = [3, 3, 3, 4, 5, 4].map((faces, i) => ({
  file: path.join(
    path.dirname(require.resolve('@vladmandic/face-api/package.json')),
    'demo',
    `sample${i + 1}.jpg`,
  ),
  faces,
}));

/** Decodes any image file to interleaved RGB (grey and alpha converted). */
export async function decodeRgb(file: string): Promise<RgbImage> {
  const { data, info } = await sharp(file)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) return { data: new Uint8Array(data), width: info.width, height: info.height };
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let i = 0; i < info.width * info.height; i++) rgb.fill(data[i * info.channels]!, i * 3, i * 3 + 3);
  return { data: rgb, width: info.width, height: info.height };
}

/** Euclidean distance of two vectors. */
export function distance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}
